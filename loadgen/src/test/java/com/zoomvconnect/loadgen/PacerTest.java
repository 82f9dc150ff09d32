package com.zoomvconnect.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class PacerTest {
    private static final long MS = 1_000_000;

    @Test
    void aBurstLeavesOnePacketPerPacketTimeAtTheRate() {
        var p = new Pacer();
        for (int i = 0; i < 5; i++) {
            p.add(new byte[1000], 0, 0); // 8 000 bits each: 1 ms at 8 Mbit/s
        }
        assertNotNull(p.poll(0, 8_000_000), "the first at once");
        assertNull(p.poll(MS - 1, 8_000_000), "the second not before 1 ms");
        for (int i = 1; i < 5; i++) {
            assertEquals(i * MS, p.nextDueNs());
            assertNotNull(p.poll(i * MS, 8_000_000));
        }
        assertEquals(Long.MAX_VALUE, p.nextDueNs(), "empty");
    }

    @Test
    void timeSpentIdleGivesNoCreditForABurst() {
        var p = new Pacer();
        p.add(new byte[1000], 0, 0);
        assertNotNull(p.poll(0, 8_000_000));
        // 100 ms later a new burst: its first packet leaves at once, the second 1 ms after, not at once.
        p.add(new byte[1000], 0, 100 * MS);
        p.add(new byte[1000], 0, 100 * MS);
        assertNotNull(p.poll(100 * MS, 8_000_000));
        assertNull(p.poll(100 * MS, 8_000_000));
        assertNotNull(p.poll(101 * MS, 8_000_000));
    }
}
