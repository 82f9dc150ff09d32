package com.zoomvconnect.signal;

import com.zoomvconnect.meeting.ParticipantView;
import com.zoomvconnect.meeting.TrackInfo;
import com.zoomvconnect.media.sfu.ParticipantMedia;
import java.util.List;

/** Messages the server sends on the signaling socket; the JSON {@code type} names the record. */
public sealed interface ServerMessage {
    /** Joined: who you are and who is already here. */
    record Welcome(String participantId, String meetingId, String displayName, String role, boolean muteOnEntry,
                   List<ParticipantView> participants) implements ServerMessage {
    }

    /** Answer to your publish offer, and the track ids the others will see. */
    record PublishAnswer(String sdp, List<ParticipantMedia.PublishedTrack> tracks) implements ServerMessage {
    }

    /** A (re)negotiation of your subscribe connection: answer it with {@code subscribeAnswer}. */
    record SubscribeOffer(String sdp, List<ParticipantMedia.DownTrackInfo> tracks) implements ServerMessage {
    }

    record ParticipantJoined(ParticipantView participant) implements ServerMessage {
    }

    record ParticipantLeft(String participantId, String reason) implements ServerMessage {
    }

    record TrackPublished(String participantId, TrackInfo track) implements ServerMessage {
    }

    record TrackUnpublished(String participantId, String trackId) implements ServerMessage {
    }

    record TrackMuted(String participantId, String trackId, String source, boolean muted) implements ServerMessage {
    }

    record MeetingEnded(String reason) implements ServerMessage {
    }

    /** A request was refused; {@code code} is stable, {@code message} is for people. */
    record Error(String code, String message) implements ServerMessage {
    }

    record Pong() implements ServerMessage {
    }
}
