package com.zoomvconnect.meeting;

/** What happens in a live meeting, delivered to each participant's link. */
public sealed interface RoomEvent {
    /** Someone entered. */
    record ParticipantJoined(ParticipantView participant) implements RoomEvent {
    }

    /** Someone left; {@code reason} is {@code left}, {@code disconnected}, {@code removed} or {@code ended}. */
    record ParticipantLeft(String participantId, String reason) implements RoomEvent {
    }

    /** A participant started sending a track. */
    record TrackPublished(String participantId, TrackInfo track) implements RoomEvent {
    }

    /** A participant stopped sending a track. */
    record TrackUnpublished(String participantId, String trackId) implements RoomEvent {
    }

    /** A participant muted or unmuted a track. */
    record TrackMuted(String participantId, String trackId, String source, boolean muted) implements RoomEvent {
    }

    /** The meeting is over for everyone. */
    record MeetingEnded(String reason) implements RoomEvent {
    }
}
