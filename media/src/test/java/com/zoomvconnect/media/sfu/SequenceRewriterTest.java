package com.zoomvconnect.media.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SequenceRewriterTest {
    @Test
    void passesTheFirstSourceThroughUnchanged() {
        var r = new SequenceRewriter();
        assertTrue(r.rewrite(1000, 5000));
        assertEquals(1000, r.outSeq());
        assertEquals(5000, r.outTs());
        assertTrue(r.rewrite(1001, 8000));
        assertEquals(1001, r.outSeq());
        assertEquals(8000, r.outTs());
    }

    @Test
    void continuesWithoutAGapAcrossASourceSwitch() {
        var r = new SequenceRewriter();
        r.rewrite(100, 1_000);
        r.rewrite(101, 4_000);
        r.switchSource(3000);
        assertTrue(r.rewrite(50_000, 777_777));
        assertEquals(102, r.outSeq());
        assertEquals(7_000, r.outTs());
        r.rewrite(50_001, 780_777);
        assertEquals(103, r.outSeq());
        assertEquals(10_000, r.outTs());
    }

    @Test
    void wrapsAround() {
        var r = new SequenceRewriter();
        r.rewrite(65534, 0xfffffff0L);
        r.rewrite(65535, 0xfffffff8L);
        r.rewrite(0, 0x10L);
        assertEquals(0, r.outSeq());
        assertEquals(0x10L, r.outTs());
    }

    @Test
    void skippedPacketsLeaveNoGap() {
        var r = new SequenceRewriter();
        r.rewrite(10, 0);
        r.rewrite(11, 0);
        r.skip(11); // e.g. padding-only, not forwarded
        r.rewrite(12, 0);
        assertEquals(11, r.outSeq());
        r.rewrite(13, 0);
        assertEquals(12, r.outSeq());
    }

    @Test
    void reorderedPacketsKeepTheirPlace() {
        var r = new SequenceRewriter();
        r.rewrite(10, 0);
        r.rewrite(12, 0);
        r.rewrite(11, 0);
        assertEquals(11, r.outSeq());
        assertEquals(11, r.toIncoming(11));
    }

    @Test
    void dropsPacketsFromLongBeforeASwitch() {
        var r = new SequenceRewriter();
        r.rewrite(30_000, 0);
        assertFalse(r.rewrite(20_000, 0));
    }

    @Test
    void dropsALatePacketFromBeforeTheCurrentSourceStarted() {
        var r = new SequenceRewriter();
        r.rewrite(100, 0);
        r.switchSource(3000);
        assertTrue(r.rewrite(5000, 90_000));
        assertEquals(101, r.outSeq());
        assertFalse(r.rewrite(4999, 87_000), "as 100 it would collide with the previous source's packet");
        assertTrue(r.rewrite(5001, 90_000));
        assertEquals(102, r.outSeq());
    }

    @Test
    void paddingShiftsLaterPacketsAndLatePacketsKeepTheirNumberAcrossTheWrap() {
        var r = new SequenceRewriter();
        r.rewrite(65533, 1000);
        r.rewrite(65535, 1000); // 65534 is late
        assertEquals(0, r.insertPadding());
        assertEquals(1000, r.lastOutTs());
        assertEquals(1, r.insertPadding());
        assertTrue(r.rewrite(0, 4000));
        assertEquals(2, r.outSeq(), "after two padding packets");
        assertTrue(r.rewrite(65534, 1000));
        assertEquals(65534, r.outSeq(), "the late packet fills its own gap");
    }

    @Test
    void aLatePacketFromBeforeAForgottenInsertionIsDropped() {
        var r = new SequenceRewriter();
        r.rewrite(100, 0);
        for (int frame = 1; frame <= 9; frame++) { // nine insertions, after 102, 104, ... 118
            r.rewrite(100 + 2 * frame, frame * 3000L);
            r.insertPadding();
        }
        assertTrue(r.rewrite(117, 27_000), "after the oldest insertion still remembered");
        assertEquals(117 + 8, r.outSeq());
        assertFalse(r.rewrite(101, 0), "from before the first insertion: its number can no longer be known");
    }
}
