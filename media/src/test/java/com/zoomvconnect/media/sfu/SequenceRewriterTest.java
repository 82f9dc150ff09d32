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

    /**
     * A source longer than half the sequence space (32 768 packets: 11 minutes of audio, 9 of 360p
     * video) keeps forwarding, through several wraps, and what it sent recently can still be resent;
     * until this test, everything after the 32 768th packet looked older than the source and was dropped.
     */
    @Test
    void aSourceLongerThanHalfTheSequenceSpaceKeepsForwardingAndAnsweringNacks() {
        var r = new SequenceRewriter();
        int start = 60_000;
        for (int i = 0; i < 200_000; i++) {
            int in = (start + i) & 0xffff;
            assertTrue(r.rewrite(in, 960L * i), "packet " + i);
            assertEquals(in, r.outSeq());
            if (i % 40_000 == 39_999) {
                assertTrue(r.rewrite((in - 500) & 0xffff, 0), "a packet 500 late, after " + i);
                assertEquals((in - 500) & 0xffff, r.outSeq());
                assertTrue(r.isCurrentSource((in - 900) & 0xffff), "a NACK 900 back can be answered after " + i);
                assertFalse(r.isCurrentSource((in + 1) & 0xffff), "not one that was never sent");
            }
        }
        r.switchSource(960);
        assertTrue(r.rewrite(5, 0));
        int first = r.outSeq();
        assertFalse(r.isCurrentSource((first - 1) & 0xffff), "the previous source's packets are not this source's");
        assertFalse(r.rewrite(4, 0), "from before the new source started");
    }

    @Test
    void aLatePacketAfterManyWrapsStillFindsItsPaddingOffset() {
        var r = new SequenceRewriter();
        for (int i = 0; i < 100_000; i++) {
            r.rewrite(i & 0xffff, i);
        }
        int last = (100_000 - 1) & 0xffff;
        r.insertPadding(); // after last: later packets shift up by one
        assertTrue(r.rewrite((last + 1) & 0xffff, 0));
        assertEquals((last + 2) & 0xffff, r.outSeq());
        assertTrue(r.rewrite((last - 3) & 0xffff, 0), "a late packet from before the insertion");
        assertEquals((last - 3) & 0xffff, r.outSeq(), "keeps the offset it had then");
    }
}
