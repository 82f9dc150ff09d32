package com.zoomvconnect.signal;

import java.util.List;

/** Messages a browser sends on the signaling socket; the JSON {@code type} names the record. */
public sealed interface ClientMessage {
    /**
     * First message: the join grant from {@code POST /meetings/{id}/join} (each opens one session),
     * or, to take a session back after the connection dropped, the {@code resume} secret from its
     * last {@code welcome}; with {@code keepMedia} the resumed session keeps its peer connections
     * when the server still has them (said by {@code welcome.mediaKept}).
     */
    record Join(String token, String resume, boolean keepMedia) implements ClientMessage {
    }

    /** Offer of the client's publish connection, with what each m-line carries. */
    record PublishOffer(String sdp, List<TrackSource> tracks) implements ClientMessage {
    }

    /** Answer to the server's last {@code subscribeOffer}. */
    record SubscribeAnswer(String sdp) implements ClientMessage {
    }

    /** A trickled ICE candidate; the server is ICE-lite and needs none, so these are accepted and ignored. */
    record Trickle(String target, String candidate) implements ClientMessage {
    }

    /** The client muted or unmuted what it sends from {@code source}. */
    record Mute(String source, boolean muted) implements ClientMessage {
    }

    /** A chat message to everyone, or privately to participant {@code to}. */
    /**
     * An end-to-end encryption key-exchange blob for {@code to} (participant ids in this room;
     * absent or empty: everyone else), relayed unread in E2EE meetings only.
     */
    record E2ee(List<String> to, String data) implements ClientMessage {
    }

    record Chat(String text, String to) implements ClientMessage {
    }

    /** Raise or lower a hand: your own, or (hosts) lower {@code participantId}'s. */
    record Hand(boolean raised, String participantId) implements ClientMessage {
    }

    /** The participants whose camera video this client shows (its current grid page); null = all. */
    record ViewVideo(List<String> participantIds) implements ClientMessage {
    }

    /**
     * How tall (device pixels) this client renders each participant's camera, so the SFU sends a
     * simulcast layer that fits: small tiles get the low layer, a spotlight the high one.
     */
    record VideoSizes(java.util.Map<String, Integer> sizes) implements ClientMessage {
    }

    /** An emoji reaction for everyone to see. */
    record React(String emoji) implements ClientMessage {
    }

    /** The client is leaving. */
    record Leave() implements ClientMessage {
    }

    /** Keep-alive; also how a client whose network changed checks that this socket still works. */
    record Ping() implements ClientMessage {
    }

    /**
     * The client's network changed: restart ICE on the subscribe connection (a new subscribe
     * offer with new ICE credentials follows). The publish connection restarts by the client's
     * own publishOffer.
     */
    record IceRestart() implements ClientMessage {
    }

    // ---- host controls (refused unless the sender is host or co-host) ----

    /** Let one waiting entrant in. */
    record Admit(String participantId) implements ClientMessage {
    }

    /** Let everyone waiting in. */
    record AdmitAll() implements ClientMessage {
    }

    /** Turn a waiting entrant away. */
    record Deny(String participantId) implements ClientMessage {
    }

    /** Mute one participant's microphone. */
    record MuteParticipant(String participantId) implements ClientMessage {
    }

    /** Mute everyone but moderators; optionally change whether they may unmute themselves. */
    record MuteAll(Boolean allowUnmute) implements ClientMessage {
    }

    record AskUnmute(String participantId) implements ClientMessage {
    }

    record StopVideo(String participantId) implements ClientMessage {
    }

    record StopScreenShare(String participantId) implements ClientMessage {
    }

    /** Remove a participant; with {@code ban} they cannot rejoin. */
    record Remove(String participantId, boolean ban) implements ClientMessage {
    }

    record Rename(String participantId, String displayName) implements ClientMessage {
    }

    /** Host only: make someone co-host, panelist (webinars), attendee, or hand host over. */
    record SetRole(String participantId, String role) implements ClientMessage {
    }

    /** Change what the meeting allows; absent fields stay. */
    record SetPolicy(Boolean locked, Boolean allowUnmute, Boolean screenShareAllowed, Boolean chatEnabled,
                     Boolean privateChatEnabled, Boolean membersSkipWaiting, Boolean waitingRoom, Boolean muteOnEntry,
                     Boolean webinar) implements ClientMessage {
    }

    /** Start ({@code on}) or stop recording the meeting. */
    record Recording(boolean on) implements ClientMessage {
    }

    /**
     * Live captions: {@code enabled} turns them on or off for the meeting (host/co-host),
     * {@code show} shows or hides them for the sender (anyone); either may be absent.
     */
    record Captions(Boolean enabled, Boolean show) implements ClientMessage {
    }

    /** End the meeting for everyone. */
    record EndMeeting() implements ClientMessage {
    }

    // ---- breakout rooms (docs/signaling.md, "Breakout rooms"); each is handled by BreakoutControls ----

    /** A breakout command: host controls for the plan, and the moves anyone may make. */
    sealed interface Breakout extends ClientMessage {
    }

    /** Host: replace the plan (only while closed). */
    record BreakoutsConfigure(List<RoomName> rooms, Boolean allowChoose, Integer durationSeconds, Integer graceSeconds)
            implements Breakout {
    }

    /** One planned room. */
    record RoomName(String name) {
    }

    /** Host: plan (closed) or move at once (open) one participant; roomId "main" unassigns. */
    record BreakoutsAssign(String participantId, String roomId) implements Breakout {
    }

    /** Host: split the attendees not yet assigned evenly. */
    record BreakoutsAutoAssign() implements Breakout {
    }

    record BreakoutsOpen() implements Breakout {
    }

    /** Host: the grace countdown, then everyone returns to the main room. */
    record BreakoutsClose() implements Breakout {
    }

    /** Host: a message shown in every room. */
    record BreakoutsBroadcast(String text) implements Breakout {
    }

    /** Go to a room: hosts visit any; attendees choose when allowed; "main" returns. */
    record BreakoutsJoin(String roomId) implements Breakout {
    }

    /** Back to the main room. */
    record BreakoutsReturn() implements Breakout {
    }

    /** Ask the hosts for help from a breakout room. */
    record BreakoutsHelp() implements Breakout {
    }

    /** What an offered m-line carries: {@code microphone}, {@code camera}, {@code screen} or {@code screenAudio}. */
    record TrackSource(String mid, String source) {
    }
}
