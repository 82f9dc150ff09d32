package com.zoomvconnect.media.sfu;

import java.util.concurrent.atomic.LongAdder;

/**
 * Time a media packet spends inside the SFU: from the moment its datagram was read off the
 * socket to the moment its copy to one subscriber was handed to the socket (decryption,
 * routing, rewriting and encryption included). A fixed-bucket histogram, cumulative since
 * start, cheap enough for every forwarded packet; exported like a Prometheus histogram so
 * scrapers (and the load generator) take percentiles of the difference between two scrapes.
 */
public final class ForwardingDelay {
    /** Upper bounds of the buckets in microseconds; the last bucket is everything above. */
    public static final long[] BOUNDS_US = {5, 10, 20, 30, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 1500, 2000, 3000,
        5000, 10_000, 20_000, 50_000};
    private static final long[] BOUNDS_NS = new long[BOUNDS_US.length];

    static {
        for (int i = 0; i < BOUNDS_US.length; i++) {
            BOUNDS_NS[i] = BOUNDS_US[i] * 1000;
        }
    }

    private final LongAdder[] counts = new LongAdder[BOUNDS_US.length + 1];
    private final LongAdder sumNanos = new LongAdder();

    public ForwardingDelay() {
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    void record(long nanos) {
        int i = 0;
        while (i < BOUNDS_NS.length && nanos > BOUNDS_NS[i]) {
            i++;
        }
        counts[i].increment();
        sumNanos.add(nanos);
    }

    /** Per-bucket counts (not cumulative), the last one for everything above the last bound. */
    public long[] counts() {
        long[] out = new long[counts.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = counts[i].sum();
        }
        return out;
    }

    public long sumNanos() {
        return sumNanos.sum();
    }

    /**
     * The {@code p}-th percentile (0..100) in microseconds of per-bucket counts, interpolated
     * linearly inside the bucket it falls in (the open top bucket reports its lower bound).
     */
    public static double percentile(long[] bucketCounts, double p) {
        long total = 0;
        for (long c : bucketCounts) {
            total += c;
        }
        if (total == 0) {
            return 0;
        }
        double target = total * p / 100.0;
        long seen = 0;
        for (int i = 0; i < bucketCounts.length; i++) {
            if (seen + bucketCounts[i] >= target && bucketCounts[i] > 0) {
                if (i == BOUNDS_US.length) {
                    return BOUNDS_US[BOUNDS_US.length - 1];
                }
                double lo = i == 0 ? 0 : BOUNDS_US[i - 1];
                double hi = BOUNDS_US[i];
                return lo + (hi - lo) * (target - seen) / bucketCounts[i];
            }
            seen += bucketCounts[i];
        }
        return BOUNDS_US[BOUNDS_US.length - 1];
    }
}
