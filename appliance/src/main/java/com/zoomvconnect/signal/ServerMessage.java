package com.zoomvconnect.signal;

import com.zoomvconnect.error.ErrorCode;
import com.zoomvconnect.media.sfu.ParticipantMedia;
import com.zoomvconnect.meeting.BreakoutsView;
import com.zoomvconnect.meeting.CaptionsView;
import com.zoomvconnect.meeting.ChatMessage;
import com.zoomvconnect.meeting.ParticipantView;
import com.zoomvconnect.meeting.RecordingStatus;
import com.zoomvconnect.meeting.RoomPolicy;
import com.zoomvconnect.meeting.TrackInfo;
import com.zoomvconnect.meeting.WaitingEntrant;
import java.util.List;

/** Messages the server sends on the signaling socket; the JSON {@code type} names the record. */
public sealed interface ServerMessage {
    /**
     * Joined: who you are, who is already here, what the meeting allows, earlier public chat, and
     * the secret that lets this client (and only it) resume the session on a new socket, and the
     * TURN servers with credentials minted for this participant (fresh on every welcome), and how
     * long the meeting has been live (the header counts from there, the same for everyone), and
     * whether it is captioned, with the last caption lines; {@code mediaKept}: a resume that asked
     * to keep its peer connections got them (an ICE restart follows instead of new connections).
     */
    record Welcome(String participantId, String meetingId, String displayName, String role, boolean muteOnEntry,
                   List<ParticipantView> participants, RoomPolicy policy, List<ChatMessage> chatHistory,
                   List<String> raisedHands, RecordingStatus recording, String resumeToken, String roomId,
                   String roomName, List<IceServer> iceServers, long meetingElapsedMs, CaptionsView captions,
                   boolean mediaKept)
            implements ServerMessage {
    }

    /** One entry of {@code RTCConfiguration.iceServers} (W3C WebRTC §4.2.2). */
    record IceServer(List<String> urls, String username, String credential) {
    }

    /**
     * You are now in another room of the meeting (a breakout, or back in the main room): the room
     * part of a welcome. The peer connections stay; a {@code subscribeOffer} with the new room's
     * tracks follows.
     */
    record RoomChanged(String roomId, String roomName, String role, List<ParticipantView> participants, RoomPolicy policy,
                       List<ChatMessage> chatHistory, List<String> raisedHands, RecordingStatus recording,
                       CaptionsView captions) implements ServerMessage {
    }

    /** The breakout plan, who is where and the timer; to everyone in the meeting on every change. */
    record Breakouts(boolean open, boolean allowChoose, List<BreakoutsView.RoomView> rooms, List<String> unassigned,
                     Long endsAt, Long closingAt, Integer durationSeconds, int graceSeconds) implements ServerMessage {
        static Breakouts of(BreakoutsView v) {
            return new Breakouts(v.open(), v.allowChoose(), v.rooms(), v.unassigned(), v.endsAt(), v.closingAt(),
                    v.durationSeconds(), v.graceSeconds());
        }
    }

    /** A host's message to every breakout room. */
    record BreakoutsBroadcast(String from, String text) implements ServerMessage {
    }

    /** To hosts and co-hosts: someone in a breakout room asks for help. */
    record BreakoutsHelpRequested(String participantId, String displayName, String roomId, String roomName)
            implements ServerMessage {
    }

    /** The meeting is (or is no longer) being recorded. */
    record Recording(RecordingStatus recording) implements ServerMessage {
    }

    /** The meeting is (or is no longer) captioned; also the answer to {@code captions} with {@code show}. */
    record Captions(boolean on) implements ServerMessage {
    }

    /** A caption line, to those showing captions: times are epoch milliseconds. */
    record Caption(String participantId, String name, String text, long startMs, long endMs) implements ServerMessage {
    }

    /** You are in the waiting room; a host will let you in (or not). */
    record Waiting(int position) implements ServerMessage {
    }

    /** A host turned you away, or the meeting is locked, or you were banned. */
    record Refused(ErrorCode code, String message) implements ServerMessage {
    }

    record PublishAnswer(String sdp, List<ParticipantMedia.PublishedTrack> tracks) implements ServerMessage {
    }

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

    /** To moderators: the waiting room's queue. */
    record WaitingRoom(List<WaitingEntrant> queue) implements ServerMessage {
    }

    record Policy(RoomPolicy policy) implements ServerMessage {
    }

    record RoleChanged(String participantId, String role) implements ServerMessage {
    }

    record ParticipantRenamed(String participantId, String displayName) implements ServerMessage {
    }

    /** The server holds back (or resumes) what you send from {@code source}. */
    record MediaBlocked(String source, boolean blocked, String by) implements ServerMessage {
    }

    record UnmuteRequested(String by) implements ServerMessage {
    }

    record Removed(String by, boolean banned) implements ServerMessage {
    }

    record Chat(ChatMessage message) implements ServerMessage {
    }

    /** An end-to-end encryption key-exchange blob from {@code from}, relayed unread (docs/protocol.md). */
    record E2ee(String from, String data) implements ServerMessage {
    }

    /** Who is speaking now (the SFU's dominant-speaker detection). */
    record DominantSpeaker(String participantId) implements ServerMessage {
    }

    record Hands(List<String> queue) implements ServerMessage {
    }

    record Reaction(String participantId, String emoji) implements ServerMessage {
    }

    record MeetingEnded(String reason) implements ServerMessage {
    }

    /** A request was refused; {@code code} is stable (sent as its wire code), {@code message} is for people. */
    record Error(ErrorCode code, String message) implements ServerMessage {
    }

    record Pong() implements ServerMessage {
    }
}
