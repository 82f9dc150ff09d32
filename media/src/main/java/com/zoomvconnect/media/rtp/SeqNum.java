package com.zoomvconnect.media.rtp;

/** 16-bit RTP sequence number arithmetic with wrap-around (RFC 3550 §A.1). */
public final class SeqNum {
    private SeqNum() {
    }

    /** Signed distance from {@code b} to {@code a}, in [-32768, 32767]. */
    public static int diff(int a, int b) {
        return (short) (a - b);
    }

    /** True if {@code a} comes after {@code b} (within half the number space). */
    public static boolean isNewer(int a, int b) {
        return diff(a, b) > 0;
    }

    public static int add(int seq, int n) {
        return (seq + n) & 0xffff;
    }
}
