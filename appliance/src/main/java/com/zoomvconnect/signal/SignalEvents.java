package com.zoomvconnect.signal;

import com.zoomvconnect.meeting.RoomEvent;

/** Room events as the messages a browser receives. */
final class SignalEvents {
    private SignalEvents() {
    }

    static ServerMessage toMessage(RoomEvent event) {
        return switch (event) {
            case RoomEvent.ParticipantJoined e -> new ServerMessage.ParticipantJoined(e.participant());
            case RoomEvent.ParticipantLeft e -> new ServerMessage.ParticipantLeft(e.participantId(), e.reason());
            case RoomEvent.TrackPublished e -> new ServerMessage.TrackPublished(e.participantId(), e.track());
            case RoomEvent.TrackUnpublished e -> new ServerMessage.TrackUnpublished(e.participantId(), e.trackId());
            case RoomEvent.TrackMuted e -> new ServerMessage.TrackMuted(e.participantId(), e.trackId(), e.source().wireName(), e.muted());
            case RoomEvent.MeetingEnded e -> new ServerMessage.MeetingEnded(e.reason());
            case RoomEvent.WaitingRoomChanged e -> new ServerMessage.WaitingRoom(e.queue());
            case RoomEvent.PolicyChanged e -> new ServerMessage.Policy(e.policy());
            case RoomEvent.RoleChanged e -> new ServerMessage.RoleChanged(e.participantId(), e.role());
            case RoomEvent.ParticipantRenamed e -> new ServerMessage.ParticipantRenamed(e.participantId(), e.displayName());
            case RoomEvent.MediaBlocked e -> new ServerMessage.MediaBlocked(e.source().wireName(), e.blocked(), e.byName());
            case RoomEvent.UnmuteRequested e -> new ServerMessage.UnmuteRequested(e.byName());
            case RoomEvent.Removed e -> new ServerMessage.Removed(e.byName(), e.banned());
            case RoomEvent.Chat e -> new ServerMessage.Chat(e.message());
            case RoomEvent.KeyRelayed e -> new ServerMessage.E2ee(e.fromId(), e.data());
            case RoomEvent.HandQueue e -> new ServerMessage.Hands(e.participantIds());
            case RoomEvent.Reaction e -> new ServerMessage.Reaction(e.participantId(), e.emoji());
            case RoomEvent.RecordingChanged e -> new ServerMessage.Recording(e.recording());
            case RoomEvent.CaptionsChanged e -> new ServerMessage.Captions(e.on());
            case RoomEvent.Caption e -> new ServerMessage.Caption(e.line().participantId(), e.line().name(), e.line().text(),
                    e.line().startMs(), e.line().endMs());
            case RoomEvent.BreakoutsChanged e -> ServerMessage.Breakouts.of(e.breakouts());
            case RoomEvent.BreakoutsBroadcast e -> new ServerMessage.BreakoutsBroadcast(e.fromName(), e.text());
            case RoomEvent.HelpRequested e -> new ServerMessage.BreakoutsHelpRequested(e.participantId(), e.displayName(),
                    e.roomId(), e.roomName());
        };
    }
}
