package com.zoomvconnect.auth.sso;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Values kept server-side under a random key that can be taken once, within a lifetime: the
 * pending OIDC sign-ins (key: {@code state}) and the hand-off codes the web client redeems. Bounded:
 * past {@code capacity}, expired entries go first and then new ones are refused, so a flood of
 * start requests cannot grow the heap without limit. Thread-safe.
 */
public final class OneTimeStore<V> {
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Entry<V>(V value, Instant expires) {
    }

    private final ConcurrentHashMap<String, Entry<V>> entries = new ConcurrentHashMap<>();
    private final Duration lifetime;
    private final int capacity;
    private final Clock clock;

    public OneTimeStore(Duration lifetime, int capacity, Clock clock) {
        this.lifetime = lifetime;
        this.capacity = capacity;
        this.clock = clock;
    }

    /** Keeps {@code value} and returns its new random key (256 bits, URL-safe), or empty when full. */
    public Optional<String> put(V value) {
        Instant now = clock.instant();
        if (entries.size() >= capacity) {
            entries.values().removeIf(e -> !e.expires().isAfter(now));
            if (entries.size() >= capacity) {
                return Optional.empty();
            }
        }
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        String key = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        entries.put(key, new Entry<>(value, now.plus(lifetime)));
        return Optional.of(key);
    }

    /** The value under {@code key}, removed: a second take, or one after the lifetime, finds nothing. */
    public Optional<V> take(String key) {
        if (key == null) {
            return Optional.empty();
        }
        Entry<V> e = entries.remove(key);
        return e == null || !e.expires().isAfter(clock.instant()) ? Optional.empty() : Optional.of(e.value());
    }
}
