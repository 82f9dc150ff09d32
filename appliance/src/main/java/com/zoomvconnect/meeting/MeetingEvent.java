package com.zoomvconnect.meeting;

/** What happened to a meeting, published on the bus for signaling, recording and others. */
public sealed interface MeetingEvent {
    String meetingId();

    /** A host or co-host ended the meeting for everyone. */
    record Ended(String meetingId, String endedBy) implements MeetingEvent {
    }

    /** The host cancelled a scheduled meeting. */
    record Cancelled(String meetingId) implements MeetingEvent {
    }

    /** Settings changed (e.g. waiting room, mute on entry). */
    record Updated(String meetingId) implements MeetingEvent {
    }
}
