package com.zoomvconnect.meeting;

/**
 * A published track as room members see it.
 *
 * @param trackId stable id within the meeting (also the WebRTC track id on the receiving side)
 * @param kind    {@code audio} or {@code video}
 * @param source  {@code microphone}, {@code camera}, {@code screen} or {@code screenAudio}
 * @param muted   whether the publisher muted it
 */
public record TrackInfo(String trackId, String kind, String source, boolean muted) {
    public TrackInfo withMuted(boolean m) {
        return new TrackInfo(trackId, kind, source, m);
    }
}
