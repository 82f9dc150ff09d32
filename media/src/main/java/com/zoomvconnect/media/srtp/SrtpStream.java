package com.zoomvconnect.media.srtp;

/** Per-SSRC state: rollover counter, highest sequence, replay windows, SRTCP index (RFC 3711 §3.2.3). */
final class SrtpStream {
    final int ssrc;
    // SRTP
    boolean started;
    int roc;
    int highestSeq;
    long replayTop = -1;
    long replayMask;
    // SRTCP
    int rtcpSendIndex;
    long rtcpReplayTop = -1;
    long rtcpReplayMask;

    SrtpStream(int ssrc) {
        this.ssrc = ssrc;
    }

    /** The packet index the receiver estimates for {@code seq} (RFC 3711 §3.3.1, Appendix A). */
    long estimateIndex(int seq) {
        if (!started) {
            return seq;
        }
        int v;
        if (highestSeq < 32768) {
            v = seq - highestSeq > 32768 ? roc - 1 : roc;
        } else {
            v = highestSeq - 32768 > seq ? roc + 1 : roc;
        }
        return ((long) v << 16) | seq;
    }

    /** After authentication succeeded: advance ROC and highest sequence if this packet is newest. */
    void acceptIndex(long index) {
        int v = (int) (index >>> 16);
        int seq = (int) (index & 0xffff);
        if (!started) {
            started = true;
            roc = v;
            highestSeq = seq;
        } else if (v > roc || (v == roc && seq > highestSeq)) {
            roc = v;
            highestSeq = seq;
        }
    }

    /** For sending: the index of {@code seq}, advancing ROC when the sequence wraps. */
    long sendIndex(int seq) {
        if (!started) {
            started = true;
            highestSeq = seq;
        } else if (seq < highestSeq && highestSeq - seq > 32768) {
            roc++;
            highestSeq = seq;
        } else if (seq > highestSeq && seq - highestSeq < 32768) {
            highestSeq = seq;
        } else if (seq > highestSeq) {
            // A late packet from before a wrap: it belongs to the previous ROC.
            return ((long) (roc - 1) << 16) | seq;
        }
        return ((long) roc << 16) | seq;
    }

    static boolean replayed(long index, long top, long mask) {
        if (top < 0 || index > top) {
            return false;
        }
        long d = top - index;
        return d >= 64 || (mask & (1L << d)) != 0;
    }

    void markSrtp(long index) {
        long[] w = mark(replayTop, replayMask, index);
        replayTop = w[0];
        replayMask = w[1];
    }

    void markSrtcp(long index) {
        long[] w = mark(rtcpReplayTop, rtcpReplayMask, index);
        rtcpReplayTop = w[0];
        rtcpReplayMask = w[1];
    }

    /** Slides a 64-entry replay window (RFC 3711 §3.3.2) to include {@code index}: new top and mask. */
    private final long[] window = new long[2];

    private long[] mark(long top, long mask, long index) {
        if (top < 0 || index > top) {
            long shift = top < 0 ? 64 : index - top;
            window[1] = shift >= 64 ? 1L : (mask << shift) | 1L;
            window[0] = index;
        } else {
            window[1] = mask | (1L << (top - index));
            window[0] = top;
        }
        return window;
    }
}
