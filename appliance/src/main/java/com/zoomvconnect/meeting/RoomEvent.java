package com.zoomvconnect.meeting;

import com.zoomvconnect.media.TrackSource;
import java.util.List;

/** What happens in a live meeting, delivered to the participants concerned. */
public sealed interface RoomEvent {
    record ParticipantJoined(ParticipantView participant) implements RoomEvent {
    }

    /** {@code reason}: left, disconnected, reconnected, removed. */
    record ParticipantLeft(String participantId, String reason) implements RoomEvent {
    }

    record TrackPublished(String participantId, TrackInfo track) implements RoomEvent {
    }

    record TrackUnpublished(String participantId, String trackId) implements RoomEvent {
    }

    record TrackMuted(String participantId, String trackId, TrackSource source, boolean muted) implements RoomEvent {
    }

    record MeetingEnded(String reason) implements RoomEvent {
    }

    /** To moderators: who waits. */
    record WaitingRoomChanged(List<WaitingEntrant> queue) implements RoomEvent {
    }

    record PolicyChanged(RoomPolicy policy) implements RoomEvent {
    }

    record RoleChanged(String participantId, String role) implements RoomEvent {
    }

    record ParticipantRenamed(String participantId, String displayName) implements RoomEvent {
    }

    /**
     * To the target only: the server stops (or resumes) forwarding what they send from
     * {@code source}; their client should reflect it, and their connection applies
     * {@link Room#heldBack} to their media.
     */
    record MediaBlocked(TrackSource source, boolean blocked, String byName) implements RoomEvent {
    }

    /** To the target only: a host asks them to unmute. */
    record UnmuteRequested(String byName) implements RoomEvent {
    }

    /** To the target only: they are removed (and maybe banned). */
    record Removed(String byName, boolean banned) implements RoomEvent {
    }

    record Chat(ChatMessage message) implements RoomEvent {
    }

    /** To the named members: an end-to-end encryption key-exchange blob the server cannot read ({@link KeyRelay}). */
    record KeyRelayed(String fromId, String data) implements RoomEvent {
    }

    /** Raised hands in the order they went up. */
    record HandQueue(List<String> participantIds) implements RoomEvent {
    }

    /** Recording started or stopped: everyone sees the indicator. */
    record RecordingChanged(RecordingStatus recording) implements RoomEvent {
    }

    /** Live captions were turned on or off (to everyone), or the state, to one who asked to show them. */
    record CaptionsChanged(boolean on) implements RoomEvent {
    }

    /** To those showing captions: a line someone said. */
    record Caption(CaptionLine line) implements RoomEvent {
    }

    /** A participant sent an emoji reaction. */
    record Reaction(String participantId, String emoji) implements RoomEvent {
    }

    /** To everyone in the meeting, in every room: the breakout plan and who is where changed. */
    record BreakoutsChanged(BreakoutsView breakouts) implements RoomEvent {
    }

    /** To everyone in every room: a host's message to all breakout rooms. */
    record BreakoutsBroadcast(String fromName, String text) implements RoomEvent {
    }

    /** To every host and co-host, in any room: someone in a breakout room asks for help. */
    record HelpRequested(String participantId, String displayName, String roomId, String roomName) implements RoomEvent {
    }
}
