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
}
