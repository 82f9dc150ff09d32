package com.zoomvconnect.media.bwe;

import java.util.ArrayList;
import java.util.List;

/**
 * RTCP transport-wide congestion control feedback (RTPFB, FMT 15,
 * draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1): for a range of transport-wide
 * sequence numbers, which packets arrived and when. Arrival times travel as a 24-bit reference
 * time in 64 ms units plus per-packet deltas in 250 µs units (one byte when 0–63.75 ms, else two
 * bytes signed). This class writes them with two-bit status-vector chunks (seven packets each)
 * and run-length chunks for long runs, and parses every chunk form.
 */
public final class TransportFeedback {
    /** Arrival time of a packet that was not received. */
    public static final long LOST = Long.MIN_VALUE;
    private static final int STATUS_NOT_RECEIVED = 0;
    private static final int STATUS_SMALL = 1;
    private static final int STATUS_LARGE = 2;

    /** A decoded feedback: {@code arrivalsUs[i]} is the arrival of {@code baseSeq + i} (or {@link #LOST}). */
    public record Decoded(long senderSsrc, long mediaSsrc, int baseSeq, int feedbackCount, long referenceTimeUs,
                          long[] arrivalsUs) {
    }

    private TransportFeedback() {
    }

    /**
     * Writes one feedback packet into {@code out} at {@code off}; returns its length.
     *
     * @param arrivalsUs arrival time in µs of {@code baseSeq + i}, or {@link #LOST}; at least one
     *                   must be received, and consecutive received packets must be less than 8 s
     *                   apart (the caller splits feedback otherwise)
     */
    public static int write(byte[] out, int off, long senderSsrc, long mediaSsrc, int baseSeq, int feedbackCount,
                            long[] arrivalsUs, int count) {
        int firstReceived = 0;
        while (firstReceived < count && arrivalsUs[firstReceived] == LOST) {
            firstReceived++;
        }
        if (count > 0xFFFF || firstReceived == count) {
            throw new IllegalArgumentException("feedback needs 1..65535 packets, at least one received");
        }
        long reference = Math.floorDiv(arrivalsUs[firstReceived], 64_000L);
        int[] status = new int[count];
        int[] deltas = new int[count];
        long previous = reference * 64_000L;
        for (int i = 0; i < count; i++) {
            if (arrivalsUs[i] == LOST) {
                status[i] = STATUS_NOT_RECEIVED;
                continue;
            }
            long ticks = Math.round((arrivalsUs[i] - previous) / 250.0);
            if (ticks < Short.MIN_VALUE || ticks > Short.MAX_VALUE) {
                throw new IllegalArgumentException("receive delta too large for one feedback: " + ticks * 250 + " us");
            }
            deltas[i] = (int) ticks;
            status[i] = ticks >= 0 && ticks <= 255 ? STATUS_SMALL : STATUS_LARGE;
            previous += ticks * 250; // deltas accumulate in the sender's arithmetic, without drift
        }
        int p = off + 20;
        int i = 0;
        while (i < count) {
            int run = 1;
            while (i + run < count && status[i + run] == status[i] && run < 0x1FFF) {
                run++;
            }
            if (run >= 7 || i + run == count && run > 1) {
                // Run-length chunk: 0 | status(2) | run length(13).
                int chunk = (status[i] << 13) | run;
                out[p++] = (byte) (chunk >>> 8);
                out[p++] = (byte) chunk;
                i += run;
            } else {
                // Status vector chunk, two-bit symbols: 1 | 1 | seven symbols.
                int chunk = 0xC000;
                for (int k = 0; k < 7; k++) {
                    int s = i + k < count ? status[i + k] : STATUS_NOT_RECEIVED;
                    chunk |= s << (12 - 2 * k);
                }
                out[p++] = (byte) (chunk >>> 8);
                out[p++] = (byte) chunk;
                i += 7;
            }
        }
        for (int k = 0; k < count; k++) {
            if (status[k] == STATUS_SMALL) {
                out[p++] = (byte) deltas[k];
            } else if (status[k] == STATUS_LARGE) {
                out[p++] = (byte) (deltas[k] >>> 8);
                out[p++] = (byte) deltas[k];
            }
        }
        while ((p - off) % 4 != 0) {
            out[p++] = 0;
        }
        int words = (p - off) / 4 - 1;
        out[off] = (byte) 0x8F; // V=2, P=0, FMT=15
        out[off + 1] = (byte) 205; // RTPFB
        out[off + 2] = (byte) (words >>> 8);
        out[off + 3] = (byte) words;
        u32(out, off + 4, senderSsrc);
        u32(out, off + 8, mediaSsrc);
        out[off + 12] = (byte) (baseSeq >>> 8);
        out[off + 13] = (byte) baseSeq;
        out[off + 14] = (byte) (count >>> 8);
        out[off + 15] = (byte) count;
        long ref24 = reference & 0xFFFFFF;
        out[off + 16] = (byte) (ref24 >>> 16);
        out[off + 17] = (byte) (ref24 >>> 8);
        out[off + 18] = (byte) ref24;
        out[off + 19] = (byte) feedbackCount;
        return p - off;
    }

    /** Parses one transport-cc feedback packet (the whole RTCP packet, header included); null if malformed. */
    public static Decoded parse(byte[] b, int off, int len) {
        if (len < 20 || (b[off] & 0x1F) != 15 || (b[off + 1] & 0xFF) != 205) {
            return null;
        }
        int total = 4 * (((b[off + 2] & 0xFF) << 8 | (b[off + 3] & 0xFF)) + 1);
        if (total > len) {
            return null;
        }
        int end = off + total;
        int baseSeq = (b[off + 12] & 0xFF) << 8 | (b[off + 13] & 0xFF);
        int count = (b[off + 14] & 0xFF) << 8 | (b[off + 15] & 0xFF);
        int ref = (b[off + 16] & 0xFF) << 16 | (b[off + 17] & 0xFF) << 8 | (b[off + 18] & 0xFF);
        if ((ref & 0x800000) != 0) {
            ref |= 0xFF000000; // 24-bit signed
        }
        int fbCount = b[off + 19] & 0xFF;
        List<Integer> status = new ArrayList<>(count);
        int p = off + 20;
        while (status.size() < count) {
            if (p + 2 > end) {
                return null;
            }
            int chunk = (b[p] & 0xFF) << 8 | (b[p + 1] & 0xFF);
            p += 2;
            if ((chunk & 0x8000) == 0) {
                int s = (chunk >>> 13) & 0x3;
                int run = chunk & 0x1FFF;
                for (int k = 0; k < run && status.size() < count; k++) {
                    status.add(s);
                }
            } else if ((chunk & 0x4000) == 0) {
                for (int k = 0; k < 14 && status.size() < count; k++) {
                    status.add((chunk >>> (13 - k)) & 0x1);
                }
            } else {
                for (int k = 0; k < 7 && status.size() < count; k++) {
                    status.add((chunk >>> (12 - 2 * k)) & 0x3);
                }
            }
        }
        long[] arrivals = new long[count];
        long time = (long) ref * 64_000L;
        for (int k = 0; k < count; k++) {
            int s = status.get(k);
            if (s == STATUS_NOT_RECEIVED) {
                arrivals[k] = LOST;
                continue;
            }
            int delta;
            if (s == STATUS_SMALL) {
                if (p + 1 > end) {
                    return null;
                }
                delta = b[p++] & 0xFF;
            } else {
                if (p + 2 > end) {
                    return null;
                }
                delta = (short) ((b[p] & 0xFF) << 8 | (b[p + 1] & 0xFF));
                p += 2;
            }
            time += delta * 250L;
            arrivals[k] = time;
        }
        return new Decoded(u32(b, off + 4), u32(b, off + 8), baseSeq, fbCount, (long) ref * 64_000L, arrivals);
    }

    private static void u32(byte[] b, int p, long v) {
        b[p] = (byte) (v >>> 24);
        b[p + 1] = (byte) (v >>> 16);
        b[p + 2] = (byte) (v >>> 8);
        b[p + 3] = (byte) v;
    }

    private static long u32(byte[] b, int p) {
        return ((b[p] & 0xFFL) << 24) | ((b[p + 1] & 0xFFL) << 16) | ((b[p + 2] & 0xFFL) << 8) | (b[p + 3] & 0xFFL);
    }
}
