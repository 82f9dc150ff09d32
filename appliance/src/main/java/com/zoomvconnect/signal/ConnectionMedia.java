package com.zoomvconnect.signal;

import com.zoomvconnect.error.ErrorCode;
import com.zoomvconnect.media.TrackSource;
import com.zoomvconnect.media.sfu.ParticipantMedia;
import com.zoomvconnect.meeting.Breakouts;
import com.zoomvconnect.meeting.Room;
import com.zoomvconnect.meeting.TrackInfo;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.function.Consumer;

/**
 * One signaling connection's media session in the SFU: relays the browser's SDP to its two peer
 * connections, asks the room what it may publish and tells it what is published, and forwards the
 * room's decision on what to hold back. It keeps no copy of room state: the room decides.
 */
final class ConnectionMedia {
    /** The participant's room as last told; a breakout move changes it (see {@link #moveTo}). */
    private volatile Room room;
    /** Where the participant is right now, moves excluded while asked (publishing during a move). */
    private final Breakouts breakouts;
    private final String participantId;
    private final Consumer<ServerMessage> send;
    private volatile ParticipantMedia media;
    private final Object negotiation = new Object();
    /** Reading the room's decision and applying it happen under this lock: the last applied is the latest. */
    private final Object blocking = new Object();

    ConnectionMedia(Room room, Breakouts breakouts, String participantId, Consumer<ServerMessage> send) {
        this.room = room;
        this.breakouts = breakouts;
        this.participantId = participantId;
        this.send = send;
    }

    /** The participant was admitted and has peer connections now; what the room holds back applies at once. */
    void attach(ParticipantMedia m) {
        media = m;
        applyHeldBack();
    }

    /**
     * The participant was moved to {@code to}: the media session re-attaches to its SFU room
     * without a new handshake (the SFU asks for keyframes and a subscribe renegotiation follows
     * through {@code renegotiationNeeded}); the member's host mutes came along and apply again.
     */
    void moveTo(Room to) {
        room = to;
        ParticipantMedia m = media;
        if (m != null) {
            m.moveTo(to.mediaRoomId());
            applyHeldBack();
        }
    }

    /** The room's decision on what to hold back changed (a {@code MediaBlocked} event): apply the whole of it. */
    void applyHeldBack() {
        ParticipantMedia m = media;
        if (m == null) {
            return; // not admitted yet: attach applies it
        }
        synchronized (blocking) {
            m.applyBlocked(room.heldBack(participantId));
        }
    }

    /**
     * A publish offer, decided and recorded in the room the participant is in at that moment: a
     * move cannot come between the room's "may publish" and its note of the tracks (the client
     * may renegotiate while a host moves it).
     */
    void publish(ClientMessage.PublishOffer p) {
        if (p.sdp() == null || p.sdp().isBlank()) {
            throw new SignalException(ErrorCode.INVALID_FIELD, "publishOffer.sdp is required");
        }
        if (p.tracks() != null && p.tracks().stream().anyMatch(t -> t.mid() == null)) {
            throw new SignalException(ErrorCode.INVALID_FIELD, "publishOffer.tracks needs mid and source");
        }
        breakouts.inRoomOf(participantId, room, r -> {
            publishIn(r, p);
            return null;
        });
    }

    private void publishIn(Room r, ClientMessage.PublishOffer p) {
        List<ParticipantMedia.TrackSource> sources = p.tracks() == null ? List.of() : p.tracks().stream()
                .map(t -> {
                    TrackSource src = source(t.source());
                    if (!r.mayPublish(participantId, src)) {
                        if (r.policy().webinar() && !src.isScreen()) {
                            throw new SignalException(ErrorCode.WEBINAR_VIEW_ONLY, "In this webinar only panelists send audio and video");
                        }
                        throw new SignalException(ErrorCode.SCREEN_SHARE_NOT_ALLOWED, "The host does not allow screen sharing");
                    }
                    return new ParticipantMedia.TrackSource(t.mid(), src.wireName());
                }).toList();
        ParticipantMedia.PublishAnswer answer;
        try {
            answer = media.publish(p.sdp(), sources);
        } catch (IllegalArgumentException e) {
            throw new SignalException(ErrorCode.INVALID_SDP, "The offer could not be used: " + e.getMessage());
        }
        send.accept(new ServerMessage.PublishAnswer(answer.sdp(), answer.tracks()));
        // The SFU names only the sources given above, or microphone/camera by kind.
        r.published(participantId, answer.removedTrackIds(), answer.tracks().stream()
                .map(t -> new TrackInfo(t.trackId(), t.kind(), TrackSource.fromWire(t.source()).orElseThrow(), false))
                .toList());
    }

    void subscribeAnswer(ClientMessage.SubscribeAnswer a) {
        if (a.sdp() == null || a.sdp().isBlank()) {
            throw new SignalException(ErrorCode.INVALID_FIELD, "subscribeAnswer.sdp is required");
        }
        synchronized (negotiation) {
            try {
                media.subscribeAnswer(a.sdp());
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new SignalException(ErrorCode.INVALID_SDP, "The answer could not be used: " + e.getMessage());
            }
        }
        renegotiate();
    }

    /** The client's network changed: a subscribe offer with new ICE credentials follows (now, or after the pending one's answer). */
    void restartIce() {
        ParticipantMedia m = media;
        if (m == null) {
            return;
        }
        synchronized (negotiation) {
            m.restartSubscribeIce();
        }
        renegotiate();
    }

    /** Sends the next subscribe offer, if the forwarded tracks changed and no offer awaits its answer. */
    void renegotiate() {
        ParticipantMedia m = media;
        if (m == null) {
            return;
        }
        synchronized (negotiation) {
            m.nextSubscribeOffer().ifPresent(o -> send.accept(new ServerMessage.SubscribeOffer(o.sdp(), o.tracks())));
        }
    }

    void viewVideo(ClientMessage.ViewVideo v) {
        if (v.participantIds() != null && v.participantIds().size() > 10_000) {
            throw new SignalException(ErrorCode.INVALID_FIELD, "viewVideo lists too many participants");
        }
        media.setVisibleVideo(v.participantIds() == null ? null : new HashSet<>(v.participantIds()));
    }

    void videoSizes(ClientMessage.VideoSizes v) {
        if (v.sizes() == null || v.sizes().size() > 10_000) {
            throw new SignalException(ErrorCode.INVALID_FIELD, "videoSizes needs a map of at most 10000 participants");
        }
        for (Integer h : v.sizes().values()) {
            if (h == null || h < 0 || h > 100_000) {
                throw new SignalException(ErrorCode.INVALID_FIELD, "videoSizes heights must be pixels between 0 and 100000");
            }
        }
        media.setVideoSizes(v.sizes());
    }

    /** Who speaks now, for a late joiner; null if nobody or not attached. */
    String dominantSpeaker() {
        ParticipantMedia m = media;
        return m == null ? null : m.dominantSpeaker();
    }

    /**
     * Gives the peer connections up to a connection that resumes this session (see {@link KeptMedia});
     * null if closed already. From now on this connection has no media and {@link #close} closes nothing.
     */
    ParticipantMedia handOff() {
        synchronized (blocking) {
            ParticipantMedia m = media;
            media = null;
            return m;
        }
    }

    /** Stops everything the participant sends and receives, unless handed off. */
    void close() {
        ParticipantMedia m = handOff();
        if (m != null) {
            m.close();
        }
    }

    /** A source as the client names it; anything else is refused. */
    static TrackSource source(String wireName) {
        return TrackSource.fromWire(wireName).orElseThrow(() -> new SignalException(ErrorCode.INVALID_FIELD,
                "source must be one of " + Arrays.toString(TrackSource.values())));
    }
}
