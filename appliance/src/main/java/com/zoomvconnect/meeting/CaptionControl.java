package com.zoomvconnect.meeting;

/** Starts and stops live captions of a meeting (implemented by the captioner). */
public interface CaptionControl {
    /**
     * Starts captioning every microphone of the meeting's main room; the caller has checked the
     * actor may. Idempotent.
     *
     * @throws ModerationException {@code e2ee_no_captions}, {@code captions_unavailable}, {@code not_live}
     */
    void start(String meetingId, String actorName);

    /** Stops captioning; the captions so far are saved as the meeting's transcript. Idempotent. */
    void stop(String meetingId);
}
