package com.zoomvconnect.auth;

import com.zoomvconnect.error.AppException;
import com.zoomvconnect.error.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sliding-window limit on failed attempts, per key (an account, a client address, a meeting's
 * passcode). Once {@code max} failures fall within the window further attempts get a 429 until
 * the oldest failure ages out. Memory stays bounded: stale keys are swept as the map grows.
 */
public final class LoginThrottle {
    private static final int SWEEP_THRESHOLD = 10_000;

    private final ConcurrentHashMap<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
    private final Duration window;
    private final Clock clock;

    public LoginThrottle(Duration window, Clock clock) {
        this.window = window;
        this.clock = clock;
    }

    /** Throws {@link ErrorCode#RATE_LIMITED} if {@code key} has {@code max} recent failures. */
    public void check(String key, int max) {
        Deque<Instant> q = failures.get(key);
        if (q == null) {
            return;
        }
        Instant now = clock.instant();
        synchronized (q) {
            prune(q, now);
            if (q.size() >= max) {
                Duration wait = Duration.between(now, q.peekFirst().plus(window));
                long seconds = Math.max(1, wait.toSeconds() + 1);
                throw new AppException(ErrorCode.RATE_LIMITED,
                        "Too many failed attempts; try again in " + seconds + " seconds", Duration.ofSeconds(seconds));
            }
        }
    }

    public void recordFailure(String key) {
        Instant now = clock.instant();
        if (failures.size() > SWEEP_THRESHOLD) {
            sweep(now);
        }
        Deque<Instant> q = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (q) {
            prune(q, now);
            q.addLast(now);
        }
    }

    public void reset(String key) {
        failures.remove(key);
    }

    private void prune(Deque<Instant> q, Instant now) {
        Instant cutoff = now.minus(window);
        while (!q.isEmpty() && !q.peekFirst().isAfter(cutoff)) {
            q.removeFirst();
        }
    }

    private void sweep(Instant now) {
        failures.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                prune(e.getValue(), now);
                return e.getValue().isEmpty();
            }
        });
    }
}
