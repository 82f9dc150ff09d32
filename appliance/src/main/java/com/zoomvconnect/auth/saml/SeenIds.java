package com.zoomvconnect.auth.saml;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * IDs remembered until they expire: the AuthnRequest IDs we issued (each answered once, SAML Core §3.2.2
 * {@code InResponseTo}) and the assertion IDs already consumed (replay, SAML Profiles §4.1.4.5). Bounded:
 * past {@code capacity}, expired IDs go first and then new ones are refused, so a flood cannot grow the
 * heap. Thread-safe.
 */
final class SeenIds {
    private final ConcurrentHashMap<String, Instant> ids = new ConcurrentHashMap<>();
    private final int capacity;
    private final Clock clock;

    SeenIds(int capacity, Clock clock) {
        this.capacity = capacity;
        this.clock = clock;
    }

    /** Remembers {@code id} until {@code expires}; false when it is already remembered or the cache is full. */
    boolean add(String id, Instant expires) {
        Instant now = clock.instant();
        if (ids.size() >= capacity) {
            ids.values().removeIf(e -> !e.isAfter(now));
            if (ids.size() >= capacity) {
                return false;
            }
        }
        Instant before = ids.putIfAbsent(id, expires);
        if (before != null && !before.isAfter(now)) {
            return ids.replace(id, before, expires); // an expired entry not yet purged
        }
        return before == null;
    }

    /** Forgets {@code id}; true when it was remembered and had not expired (so it is taken once). */
    boolean take(String id) {
        if (id == null) {
            return false;
        }
        Instant expires = ids.remove(id);
        return expires != null && expires.isAfter(clock.instant());
    }
}
