package com.zoomvconnect.media.sfu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PacketCacheTest {
    @Test
    void returnsWhatWasStoredUntilOverwritten() {
        var c = new PacketCache(4, 10);
        c.put(7, new byte[] {1, 2, 3}, 0, 3);
        byte[] out = new byte[10];
        assertEquals(3, c.get(7, out, 0));
        assertArrayEquals(new byte[] {1, 2, 3}, Arrays.copyOf(out, 3));
        c.put(11, new byte[] {9}, 0, 1); // same slot as 7
        assertEquals(-1, c.get(7, out, 0));
        assertEquals(1, c.get(11, out, 0));
        assertEquals(-1, c.get(8, out, 0));
    }

    @Test
    void refusesPacketsLargerThanASlot() {
        var c = new PacketCache(4, 2);
        c.put(1, new byte[] {1, 2, 3}, 0, 3);
        assertEquals(-1, c.get(1, new byte[4], 0));
    }
}
