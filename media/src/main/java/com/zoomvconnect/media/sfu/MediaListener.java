package com.zoomvconnect.media.sfu;

/** Callbacks from the SFU to a participant's signaling connection. Must not block. */
public interface MediaListener {
    /** The tracks this participant should receive changed: time for a new subscribe offer. */
    void renegotiationNeeded();

    /** The room's dominant speaker changed (from the audio-level extension, with hysteresis). */
    default void dominantSpeakerChanged(String participantId) {
    }

    /**
     * This participant's media session was moved to SFU room {@code roomId} (its connections
     * kept); {@link #renegotiationNeeded} follows. The dominant speaker is now that room's.
     */
    default void movedTo(String roomId) {
    }

    /** Both connections lost ICE consent (RFC 7675): the participant is gone. */
    void connectionLost();
}
