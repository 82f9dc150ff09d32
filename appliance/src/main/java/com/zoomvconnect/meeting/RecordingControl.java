package com.zoomvconnect.meeting;

/** Starts and stops the recording of a live meeting (implemented by the recorder). */
public interface RecordingControl {
    /**
     * Starts recording; the caller has checked the actor may.
     *
     * @throws ModerationException {@code recording_active}, {@code disk_full}, {@code not_live}
     */
    RecordingStatus start(String meetingId, String actorName);

    /** Stops recording; {@code recording_inactive} if none runs. */
    void stop(String meetingId);

    /** Live captions, which hear the meeting the way a recording does; null where the server has none. */
    default CaptionControl captions() {
        return null;
    }
}
