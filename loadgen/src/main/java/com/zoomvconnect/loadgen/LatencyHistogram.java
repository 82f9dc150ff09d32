package com.zoomvconnect.loadgen;

import java.util.concurrent.atomic.AtomicLongArray;

/** Thread-safe histogram of microsecond latencies in 10 µs buckets up to 1 s, for percentiles. */
public final class LatencyHistogram {
    private static final int BUCKET_US = 10;
    private final AtomicLongArray buckets = new AtomicLongArray(100_001);

    public void record(long micros) {
        int i = (int) Math.min(buckets.length() - 1, Math.max(0, micros / BUCKET_US));
        buckets.incrementAndGet(i);
    }

    /** Forgets everything recorded so far (start of a measurement window). */
    public void reset() {
        for (int i = 0; i < buckets.length(); i++) {
            buckets.set(i, 0);
        }
    }

    public long count() {
        long n = 0;
        for (int i = 0; i < buckets.length(); i++) {
            n += buckets.get(i);
        }
        return n;
    }

    /** The {@code p}-th percentile (0..100) in microseconds. */
    public long percentile(double p) {
        long total = count();
        if (total == 0) {
            return 0;
        }
        long target = (long) Math.ceil(total * p / 100.0);
        long seen = 0;
        for (int i = 0; i < buckets.length(); i++) {
            seen += buckets.get(i);
            if (seen >= target) {
                return (long) (i + 1) * BUCKET_US;
            }
        }
        return (long) buckets.length() * BUCKET_US;
    }
}
