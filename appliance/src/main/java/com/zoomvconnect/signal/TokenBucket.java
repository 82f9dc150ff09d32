package com.zoomvconnect.signal;

import java.util.function.LongSupplier;

/**
 * A token bucket: {@code burst} actions at once, refilled at {@code perSecond}. Time comes from
 * a nanosecond clock so tests can drive it. Not thread-safe: one per connection, used by the
 * thread that handles that connection's messages.
 */
final class TokenBucket {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long nanosPerToken;
    private final long capacityNanos;
    private final LongSupplier nanoClock;
    /**
     * When the bucket will be full again (GCRA's theoretical arrival time): each action moves it
     * one token's time on; an action that would put it more than a burst ahead is refused.
     */
    private long fullAt;

    TokenBucket(int perSecond, int burst, LongSupplier nanoClock) {
        if (perSecond <= 0 || burst <= 0) {
            throw new IllegalArgumentException("rate and burst must be positive");
        }
        this.nanosPerToken = NANOS_PER_SECOND / perSecond;
        this.capacityNanos = nanosPerToken * burst;
        this.nanoClock = nanoClock;
        this.fullAt = nanoClock.getAsLong();
    }

    /** Takes a token if one is left. */
    boolean tryTake() {
        long now = nanoClock.getAsLong();
        long start = Math.max(fullAt, now);
        long next = start + nanosPerToken;
        if (next - now > capacityNanos) {
            return false;
        }
        fullAt = next;
        return true;
    }

    /** Milliseconds until the next token (0 if one is available now). */
    long millisToNext() {
        long wait = fullAt + nanosPerToken - capacityNanos - nanoClock.getAsLong();
        return wait <= 0 ? 0 : (wait + 999_999) / 1_000_000;
    }
}
