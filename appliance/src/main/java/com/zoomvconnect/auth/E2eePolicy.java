package com.zoomvconnect.auth;

import java.util.Arrays;
import java.util.Locale;

/**
 * The site-wide rule for end-to-end encrypted meetings, kept in the settings table as
 * {@link #SETTING} (like the registration policy, a site policy set by administrators):
 * {@code off} no meeting may use it, {@code allowed} hosts choose per meeting (the default),
 * {@code required} every new meeting uses it.
 */
public enum E2eePolicy {
    OFF, ALLOWED, REQUIRED;

    /** The settings key. */
    public static final String SETTING = "meetings.e2ee";

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire value; {@link IllegalArgumentException} naming the accepted ones otherwise. */
    public static E2eePolicy of(String wire) {
        return Arrays.stream(values()).filter(p -> p.wire().equals(wire)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("must be off, allowed or required"));
    }

    /** A stored value, or {@link #ALLOWED} when none is stored (or it is unreadable). */
    public static E2eePolicy stored(java.util.Optional<String> value) {
        return value.flatMap(v -> Arrays.stream(values()).filter(p -> p.wire().equals(v)).findFirst()).orElse(ALLOWED);
    }
}
