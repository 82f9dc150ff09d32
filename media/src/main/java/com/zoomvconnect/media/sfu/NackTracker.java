package com.zoomvconnect.media.sfu;

import com.zoomvconnect.media.rtp.SeqNum;
import java.util.Arrays;

/**
 * Finds the SFU's own losses on an incoming stream and says which to NACK upstream: sequence
 * gaps are remembered, asked for at most {@code maxRetries} times, {@code retryNanos} apart, and
 * forgotten when they arrive or grow older than {@code maxAgeNanos}. Fixed-size, no allocation
 * per packet. Not thread-safe: used by the receive thread.
 */
public final class NackTracker {
    private static final int MAX_MISSING = 256;
    private final int[] seq = new int[MAX_MISSING];
    private final long[] firstSeen = new long[MAX_MISSING];
    private final long[] lastAsked = new long[MAX_MISSING];
    private final int[] tries = new int[MAX_MISSING];
    private int count;
    private boolean started;
    private int highest;
    private final int maxRetries;
    private final long retryNanos;
    private final long maxAgeNanos;

    public NackTracker(int maxRetries, long retryNanos, long maxAgeNanos) {
        this.maxRetries = maxRetries;
        this.retryNanos = retryNanos;
        this.maxAgeNanos = maxAgeNanos;
    }

    /** Records an arriving packet. */
    public void received(int s, long now) {
        if (!started) {
            started = true;
            highest = s;
            return;
        }
        int d = SeqNum.diff(s, highest);
        if (d > 0) {
            if (d > 1 && d <= 1000) {
                for (int i = 1; i < d; i++) {
                    add(SeqNum.add(highest, i), now);
                }
            } else if (d > 1000) {
                count = 0; // a jump (new source, long pause): start over
            }
            highest = s;
        } else {
            remove(s);
        }
    }

    /**
     * Writes into {@code out} the sequence numbers to NACK now, marking them asked; returns how
     * many. Drops entries that are too old or asked too often.
     */
    public int due(long now, int[] out) {
        int n = 0;
        int w = 0;
        for (int i = 0; i < count; i++) {
            boolean expired = now - firstSeen[i] > maxAgeNanos || tries[i] >= maxRetries;
            if (expired) {
                continue;
            }
            if (n < out.length && (tries[i] == 0 || now - lastAsked[i] >= retryNanos)) {
                out[n++] = seq[i];
                tries[i]++;
                lastAsked[i] = now;
            }
            seq[w] = seq[i];
            firstSeen[w] = firstSeen[i];
            lastAsked[w] = lastAsked[i];
            tries[w] = tries[i];
            w++;
        }
        count = w;
        return n;
    }

    public int missing() {
        return count;
    }

    private void add(int s, long now) {
        if (count == MAX_MISSING) {
            // Keep the newest: shift out the oldest entry.
            System.arraycopy(seq, 1, seq, 0, count - 1);
            System.arraycopy(firstSeen, 1, firstSeen, 0, count - 1);
            System.arraycopy(lastAsked, 1, lastAsked, 0, count - 1);
            System.arraycopy(tries, 1, tries, 0, count - 1);
            count--;
        }
        seq[count] = s;
        firstSeen[count] = now;
        lastAsked[count] = 0;
        tries[count] = 0;
        count++;
    }

    private void remove(int s) {
        for (int i = 0; i < count; i++) {
            if (seq[i] == s) {
                System.arraycopy(seq, i + 1, seq, i, count - i - 1);
                System.arraycopy(firstSeen, i + 1, firstSeen, i, count - i - 1);
                System.arraycopy(lastAsked, i + 1, lastAsked, i, count - i - 1);
                System.arraycopy(tries, i + 1, tries, i, count - i - 1);
                count--;
                return;
            }
        }
    }

    @Override
    public String toString() {
        return "NackTracker" + Arrays.toString(Arrays.copyOf(seq, count));
    }
}
