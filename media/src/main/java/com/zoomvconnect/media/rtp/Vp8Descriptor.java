package com.zoomvconnect.media.rtp;

/** The VP8 payload descriptor at the start of an RTP payload (RFC 7741 §4.2). */
public final class Vp8Descriptor {
    private Vp8Descriptor() {
    }

    /** S=1 and PID=0: the payload starts a frame (its first partition). */
    public static boolean startsFrame(byte[] b, int off, int len) {
        return len > 0 && (b[off] & 0x10) != 0 && (b[off] & 0x07) == 0;
    }

    /** Length of the descriptor; -1 if the payload is too short to hold it and at least one byte after it. */
    public static int length(byte[] b, int off, int len) {
        if (len < 1) {
            return -1;
        }
        int n = 1;
        if ((b[off] & 0x80) != 0) { // X: extension byte
            if (len < 2) {
                return -1;
            }
            int x = b[off + 1] & 0xFF;
            n = 2;
            if ((x & 0x80) != 0) { // I: picture id, 7 or 15 bits
                if (len <= n) {
                    return -1;
                }
                n += (b[off + n] & 0x80) != 0 ? 2 : 1;
            }
            if ((x & 0x40) != 0) { // L: TL0PICIDX
                n++;
            }
            if ((x & 0x30) != 0) { // T or K: TID/Y/KEYIDX
                n++;
            }
        }
        return n < len ? n : -1;
    }
}
