package com.zoomvconnect.media.sfu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class Vp8PictureRewriterTest {
    /** RFC 7741 descriptor with X, I (15-bit picture id, M set), L (TL0PICIDX) and T/K (TID). */
    private static byte[] descriptor(int pid, int tl0, int tid) {
        return new byte[] {(byte) 0x90, (byte) 0xE0, (byte) (0x80 | (pid >>> 8)), (byte) pid, (byte) tl0,
            (byte) (tid << 6), 0x10, 0x02};
    }

    private static int pid(byte[] b) {
        return ((b[2] & 0x7f) << 8) | (b[3] & 0xff);
    }

    @Test
    void oneSourcePassesUnchanged() {
        var r = new Vp8PictureRewriter();
        for (int i = 0; i < 5; i++) {
            byte[] b = descriptor(1000 + i, 7 + i, 0);
            byte[] copy = b.clone();
            r.rewrite(b, 0, b.length);
            assertArrayEquals(copy, b);
        }
    }

    @Test
    void aSwitchContinuesPictureIdAndTl0FromTheLastForwarded() {
        var r = new Vp8PictureRewriter();
        r.rewrite(descriptor(32_000, 250, 0), 0, 8);
        byte[] last = descriptor(32_767, 255, 0);
        r.rewrite(last, 0, 8);
        assertEquals(32_767, pid(last));
        r.switchSource();
        byte[] key = descriptor(12, 40, 0); // the new layer numbers from elsewhere
        r.rewrite(key, 0, 8);
        assertEquals(0, pid(key), "wraps to 0 after 32767");
        assertEquals(0, key[4] & 0xff, "TL0PICIDX continues (wrapping at 256)");
        byte[] next = descriptor(13, 41, 1);
        r.rewrite(next, 0, 8);
        assertEquals(1, pid(next));
        assertEquals(1, next[4] & 0xff);
        assertEquals(0x40, next[5] & 0xC0, "TID untouched");
        assertEquals(0x02, next[7], "payload untouched");
    }

    @Test
    void retransmissionsMapWithoutMovingTheState() {
        var r = new Vp8PictureRewriter();
        r.rewrite(descriptor(500, 1, 0), 0, 8);
        r.switchSource();
        r.rewrite(descriptor(9000, 90, 0), 0, 8);
        byte[] again = descriptor(9000, 90, 0);
        r.map(again, 0, 8);
        assertEquals(501, pid(again));
        byte[] following = descriptor(9001, 91, 0);
        r.rewrite(following, 0, 8);
        assertEquals(502, pid(following));
    }

    @Test
    void readsTheTemporalLayer() {
        assertEquals(2, Vp8PictureRewriter.temporalId(descriptor(5, 1, 2), 0, 8));
        assertEquals(0, Vp8PictureRewriter.temporalId(descriptor(5, 1, 0), 0, 8));
        assertEquals(-1, Vp8PictureRewriter.temporalId(new byte[] {0x10, 0x00}, 0, 2), "no extension byte");
        assertEquals(-1, Vp8PictureRewriter.temporalId(new byte[] {(byte) 0x90, (byte) 0x80, 0x05, 0x00}, 0, 4), "no T bit");
        assertEquals(1, Vp8PictureRewriter.temporalId(new byte[] {(byte) 0x90, 0x20, 0x40, 0x00}, 0, 4), "only TID");
    }

    @Test
    void shortPictureIdsAndMissingFieldsAreHandled() {
        var r = new Vp8PictureRewriter();
        byte[] shortPid = {(byte) 0x90, (byte) 0x80, 0x7f, 0x00};
        r.rewrite(shortPid, 0, shortPid.length);
        r.switchSource();
        byte[] next = {(byte) 0x90, (byte) 0x80, 0x05, 0x00};
        r.rewrite(next, 0, next.length);
        assertEquals(0, next[2], "7-bit picture id wraps at 128");
        byte[] noExtension = {0x10, 0x00};
        r.rewrite(noExtension, 0, 2);
        assertArrayEquals(new byte[] {0x10, 0x00}, noExtension);
        byte[] truncated = {(byte) 0x90, (byte) 0x80, (byte) 0x80};
        r.rewrite(truncated, 0, truncated.length); // announces a 15-bit id but ends: untouched, no exception
        assertArrayEquals(new byte[] {(byte) 0x90, (byte) 0x80, (byte) 0x80}, truncated);
    }
}
