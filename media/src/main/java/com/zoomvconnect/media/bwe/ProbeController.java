package com.zoomvconnect.media.bwe;

/**
 * When to probe a subscriber's path and at what rate, in the manner of libwebrtc's
 * ProbeController and LiveKit's stream allocator: only while the estimate is below what the
 * subscriber's tracks need; at the need, but at most three times the estimate (libwebrtc's
 * first step), so a path back from a low rate is found in two or three clusters; at once again
 * after a probe that raised the estimate, after a wait of 0.5 s, then 1 s, after one that did
 * not; at once again when the estimator sees the path free up ({@link #pathFreed}: queues
 * draining, loss gone, feedback back after a blackout), so the wait after failed probes during an
 * impairment does not delay finding the path once it lifts — and that probe goes straight to the
 * need, not to three times the estimate: an estimate cut during the impairment is no measure of
 * the freed path, and stepping up from it took two clusters and a second or two (libwebrtc probes
 * after a large drop for the same reason). The estimator adds the rest of the
 * gate (no probe during loss, delay growth or with one in flight). Plain state; used under its
 * {@link SendSideEstimator}'s lock.
 */
final class ProbeController {
    static final long FIRST_RETRY_US = 500_000;
    static final long MAX_RETRY_US = 1_000_000;
    static final int STEP = 3;

    private long notBeforeUs = Long.MIN_VALUE;
    private int failures;
    /** The path freed up after failed probes, and no cluster has been resolved since. */
    private boolean freed;

    /** The rate to probe at now, 0 for none. */
    long target(long estimate, long needBps, long maxBps, long nowUs) {
        if (needBps <= estimate || estimate >= maxBps || nowUs < notBeforeUs) {
            return 0;
        }
        long step = freed ? needBps : STEP * estimate;
        return Math.min(Math.min(needBps, step), maxBps);
    }

    /** A cluster was resolved at {@code nowUs}; {@code raised} whether it raised the estimate. */
    void result(boolean raised, long nowUs) {
        freed = false;
        if (raised) {
            failures = 0;
            notBeforeUs = nowUs;
        } else {
            notBeforeUs = nowUs + Math.min(MAX_RETRY_US, FIRST_RETRY_US << failures);
            failures = Math.min(failures + 1, 8);
        }
    }

    /** The path shows room again at {@code nowUs}: the wait after failed probes is over. */
    void pathFreed(long nowUs) {
        if (failures > 0) {
            failures = 0;
            freed = true;
            notBeforeUs = Math.min(notBeforeUs, nowUs);
        }
    }
}
