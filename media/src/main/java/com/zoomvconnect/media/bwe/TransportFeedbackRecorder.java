package com.zoomvconnect.media.bwe;

/**
 * The receive side of transport-wide congestion control towards one publisher: records the
 * transport-wide sequence number (RTP header extension) and arrival time of every packet on the
 * connection, and turns what arrived since the last report into feedback packets for the
 * publisher's send-side estimator (Chrome's GCC needs them to ramp simulcast layers up and to
 * back off on congestion). Packets reported once are not reported again; a packet arriving after
 * its number was reported lost is ignored. Thread-safe: recorded on the receive thread, drained
 * by a timer.
 */
public final class TransportFeedbackRecorder {
    /** Most packets one feedback describes; more go into the next. */
    static final int MAX_PER_FEEDBACK = 1000;
    /**
     * Packets remembered until reported: feedback goes out every 50–100 ms, so 4096 cover more than
     * 4 s of a publisher sending 1000 packets/s (three simulcast layers and audio send under 400).
     * A longer gap starts reporting afresh.
     */
    static final int WINDOW = 1 << 12;

    // Allocated with the first packet: a participant who only subscribes never gets one (32 KiB saved).
    private long[] arrivalsUs;
    private long[] scratch;
    private long nextReport = -1;   // extended sequence number of the first packet not yet reported
    private long highest = -1;      // highest extended sequence number received
    private int feedbackCount;

    /** A packet carrying transport-wide sequence number {@code seq} (16 bits) arrived at {@code arrivalUs}. */
    public synchronized void record(int seq, long arrivalUs) {
        long ext;
        if (highest < 0) {
            if (arrivalsUs == null) {
                arrivalsUs = new long[WINDOW];
                java.util.Arrays.fill(arrivalsUs, TransportFeedback.LOST);
                scratch = new long[MAX_PER_FEEDBACK];
            }
            ext = seq;
            nextReport = seq;
        } else {
            long base = highest & ~0xFFFFL;
            ext = base | seq;
            if (ext < highest - 0x8000) {
                ext += 0x10000;
            } else if (ext > highest + 0x8000) {
                ext -= 0x10000;
            }
        }
        if (ext < nextReport || ext >= nextReport + WINDOW) {
            if (ext >= nextReport + WINDOW) {
                // A long gap (or a restart): report from here on.
                java.util.Arrays.fill(arrivalsUs, TransportFeedback.LOST);
                nextReport = ext;
            } else {
                return; // already reported
            }
        }
        arrivalsUs[(int) (ext & (WINDOW - 1))] = arrivalUs;
        if (ext > highest) {
            highest = ext;
        }
    }

    /**
     * Writes the feedback packets for everything received since the last call into {@code out}
     * (RTCP compound, several packets if needed); returns the bytes written, 0 if nothing to report.
     */
    public synchronized int drain(byte[] out, int off, int maxLen, long senderSsrc, long mediaSsrc) {
        if (arrivalsUs == null) {
            return 0; // nothing ever arrived
        }
        int written = 0;
        while (highest >= nextReport) {
            // Worst case per packet: two delta bytes and two-sevenths of a chunk; plus header and padding.
            int room = Math.min(MAX_PER_FEEDBACK, (maxLen - written - 24) * 7 / 16);
            if (room < 1) {
                break;
            }
            // Losses are reported as such; the packets up to the highest received go in order.
            int n = 0;
            long last = TransportFeedback.LOST;
            while (nextReport + n <= highest && n < room) {
                long a = arrivalsUs[(int) ((nextReport + n) & (WINDOW - 1))];
                if (a != TransportFeedback.LOST) {
                    if (last != TransportFeedback.LOST && Math.abs(a - last) > 8_000_000L) {
                        break; // too far apart for a two-byte delta: next feedback
                    }
                    last = a;
                }
                scratch[n++] = a;
            }
            int scanned = n;
            while (n > 0 && scratch[n - 1] == TransportFeedback.LOST) {
                n--; // trailing losses wait for the next round (they may still arrive)
            }
            if (n == 0) {
                nextReport += scanned; // a thousand losses in a row: nothing to describe
                continue;
            }
            written += TransportFeedback.write(out, off + written, senderSsrc, mediaSsrc, (int) (nextReport & 0xFFFF),
                    feedbackCount++ & 0xFF, scratch, n);
            for (int k = 0; k < n; k++) {
                arrivalsUs[(int) ((nextReport + k) & (WINDOW - 1))] = TransportFeedback.LOST;
            }
            nextReport += n;
        }
        return written;
    }

    /** Reads the 16-bit transport-wide sequence number from an RFC 8285 extension found at {@code extOffsetAndLength}. */
    public static int sequence(byte[] buf, long extOffsetAndLength) {
        int p = (int) (extOffsetAndLength >>> 8);
        return ((buf[p] & 0xFF) << 8) | (buf[p + 1] & 0xFF);
    }
}
