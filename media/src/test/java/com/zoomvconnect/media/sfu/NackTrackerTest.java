package com.zoomvconnect.media.sfu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NackTrackerTest {
    private static final long MS = 1_000_000L;

    private static int[] due(NackTracker t, long now) {
        int[] out = new int[64];
        return Arrays.copyOf(out, t.due(now, out));
    }

    @Test
    void asksForGapsAndForgetsArrivals() {
        var t = new NackTracker(3, 20 * MS, 500 * MS);
        t.received(1, 0);
        t.received(4, 0);
        assertArrayEquals(new int[] {2, 3}, due(t, 1 * MS));
        t.received(2, 2 * MS);
        assertArrayEquals(new int[] {}, due(t, 5 * MS), "not again before the retry interval");
        assertArrayEquals(new int[] {3}, due(t, 30 * MS));
    }

    @Test
    void givesUpAfterRetriesOrAge() {
        var t = new NackTracker(2, 10 * MS, 100 * MS);
        t.received(65535, 0);
        t.received(1, 0); // wraps: 0 missing
        assertArrayEquals(new int[] {0}, due(t, 0));
        assertArrayEquals(new int[] {0}, due(t, 20 * MS));
        assertArrayEquals(new int[] {}, due(t, 40 * MS));
        assertEquals(0, t.missing());
        t.received(5, 50 * MS);
        assertArrayEquals(new int[] {2, 3, 4}, due(t, 50 * MS));
        assertArrayEquals(new int[] {}, due(t, 200 * MS), "too old");
    }

    @Test
    void hugeJumpsStartOver() {
        var t = new NackTracker(3, 10 * MS, 100 * MS);
        t.received(1, 0);
        t.received(30_000, 0);
        assertEquals(0, t.missing());
    }
}
