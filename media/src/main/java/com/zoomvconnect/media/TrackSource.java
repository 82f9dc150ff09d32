package com.zoomvconnect.media;

import java.util.Optional;

/**
 * What a published track carries. The wire name is what the web client sends in {@code publish}
 * and what room events and recordings carry; it never changes once shipped.
 *
 * <p>This is the one piece of media vocabulary the room model may use (see docs/architecture.md):
 * host controls block sources, the SFU forwards them, recordings name files by them.
 */
public enum TrackSource {
    MICROPHONE("microphone"),
    CAMERA("camera"),
    SCREEN("screen"),
    SCREEN_AUDIO("screenAudio");

    private final String wireName;

    TrackSource(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in signaling messages, events and recording manifests. */
    public String wireName() {
        return wireName;
    }

    /** True for the screen share and its audio: host controls and webinars treat them together. */
    public boolean isScreen() {
        return this == SCREEN || this == SCREEN_AUDIO;
    }

    /** True for the sources that carry audio. */
    public boolean isAudio() {
        return this == MICROPHONE || this == SCREEN_AUDIO;
    }

    /** The source of a wire name, or empty for anything else (a client's typo is not a source). */
    public static Optional<TrackSource> fromWire(String name) {
        for (TrackSource s : values()) {
            if (s.wireName.equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
