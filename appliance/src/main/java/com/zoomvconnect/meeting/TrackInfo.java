package com.zoomvconnect.meeting;

import com.zoomvconnect.media.TrackSource;

/**
 * A published track as room members see it.
 *
 * @param trackId stable id within the meeting (also the WebRTC track id on the receiving side)
 * @param kind    {@code audio} or {@code video}
 * @param source  what it carries (on the wire, its {@link TrackSource#wireName()})
 * @param muted   whether the publisher muted it
 */
public record TrackInfo(String trackId, String kind, TrackSource source, boolean muted) {
    public TrackInfo withMuted(boolean m) {
        return new TrackInfo(trackId, kind, source, m);
    }
}
