package com.zoomvconnect.signal;

import com.zoomvconnect.auth.JoinGrant;
import com.zoomvconnect.auth.TokenService;
import com.zoomvconnect.media.sfu.MediaEngine;
import com.zoomvconnect.media.sfu.MediaListener;
import com.zoomvconnect.media.sfu.ParticipantMedia;
import com.zoomvconnect.meeting.LiveMeetings;
import com.zoomvconnect.meeting.ParticipantLink;
import com.zoomvconnect.meeting.Room;
import com.zoomvconnect.meeting.RoomEvent;
import com.zoomvconnect.meeting.TrackInfo;
import io.helidon.websocket.WsCloseCodes;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One browser's signaling socket: admits it with its join grant, then relays SDP between the
 * browser and its two peer connections in the SFU, and room events to the browser. Messages of
 * one connection are handled one at a time (Helidon calls {@code onMessage} sequentially).
 */
final class SignalConnection implements WsListener, ParticipantLink, MediaListener {
    private static final Logger LOG = LoggerFactory.getLogger(SignalConnection.class);
    private static final Set<String> SOURCES = Set.of("microphone", "camera", "screen", "screenAudio");

    private final SignalContext ctx;
    private WsSession session;
    private Outbox outbox;
    private ScheduledFuture<?> joinTimeout;
    private final AtomicBoolean closed = new AtomicBoolean();

    // Set once joined.
    private volatile JoinGrant grant;
    private volatile Room room;
    private volatile ParticipantMedia media;
    private final Object negotiation = new Object();

    SignalConnection(SignalContext ctx) {
        this.ctx = ctx;
    }

    /** Everything a connection needs from the rest of the process. */
    record SignalContext(TokenService tokens, LiveMeetings meetings, MediaEngine media,
                         java.util.concurrent.ScheduledExecutorService timer, SignalMetrics metrics) {
    }

    @Override
    public void onOpen(WsSession s) {
        this.session = s;
        this.outbox = new Outbox(Integer.toHexString(System.identityHashCode(this)), 1024,
                text -> s.send(text, true), () -> s.close(WsCloseCodes.TRY_AGAIN_LATER, "too slow"));
        ctx.metrics().connections.incrementAndGet();
        joinTimeout = ctx.timer().schedule(() -> {
            if (grant == null) {
                send(new ServerMessage.Error("join_timeout", "Send 'join' within 10 seconds"));
                closeSocket(WsCloseCodes.VIOLATED_POLICY, "join timeout");
            }
        }, 10, TimeUnit.SECONDS);
    }

    @Override
    public void onMessage(WsSession s, String text, boolean last) {
        ClientMessage message;
        try {
            message = SignalCodec.decode(text);
        } catch (SignalException e) {
            ctx.metrics().rejected.incrementAndGet();
            send(new ServerMessage.Error(e.code(), e.getMessage()));
            return;
        }
        try {
            handle(message);
        } catch (SignalException e) {
            ctx.metrics().rejected.incrementAndGet();
            send(new ServerMessage.Error(e.code(), e.getMessage()));
        } catch (RuntimeException e) {
            LOG.warn("Signaling message {} failed", message.getClass().getSimpleName(), e);
            send(new ServerMessage.Error("internal_error", "The server could not handle this message"));
        }
    }

    private void handle(ClientMessage message) {
        if (grant == null && !(message instanceof ClientMessage.Join) && !(message instanceof ClientMessage.Ping)) {
            throw new SignalException("not_joined", "Send 'join' first");
        }
        switch (message) {
            case ClientMessage.Join j -> join(j);
            case ClientMessage.PublishOffer p -> publish(p);
            case ClientMessage.SubscribeAnswer a -> subscribeAnswer(a);
            case ClientMessage.Trickle t -> {
                // ICE-lite: the browser checks our candidates; its own candidates are not needed.
            }
            case ClientMessage.Mute m -> {
                if (m.source() == null || !SOURCES.contains(m.source())) {
                    throw new SignalException("invalid_field", "mute.source must be one of " + SOURCES);
                }
                room.setMuted(grant.participantId(), m.source(), m.muted());
            }
            case ClientMessage.Leave l -> closeSocket(WsCloseCodes.NORMAL_CLOSE, "left");
            case ClientMessage.Ping p -> send(new ServerMessage.Pong());
        }
    }

    private void join(ClientMessage.Join j) {
        if (grant != null) {
            throw new SignalException("already_joined", "This connection has already joined");
        }
        JoinGrant g = ctx.tokens().verifyJoinToken(j.token())
                .orElseThrow(() -> new SignalException("invalid_token", "The join token is invalid or expired; join again"));
        Room r = ctx.meetings().room(g.meetingId());
        List<com.zoomvconnect.meeting.ParticipantView> others;
        try {
            others = r.join(g, this);
        } catch (IllegalStateException e) {
            throw new SignalException("meeting_ended", "This meeting has ended");
        }
        joinTimeout.cancel(false);
        this.grant = g;
        this.room = r;
        this.media = ctx.media().join(g.meetingId(), g.participantId(), this);
        ctx.metrics().joined.incrementAndGet();
        send(new ServerMessage.Welcome(g.participantId(), g.meetingId(), g.displayName(), g.meetingRole(), false, others));
        // Tracks already published by others are offered right away.
        renegotiationNeeded();
    }

    private void publish(ClientMessage.PublishOffer p) {
        if (p.sdp() == null || p.sdp().isBlank()) {
            throw new SignalException("invalid_field", "publishOffer.sdp is required");
        }
        List<ParticipantMedia.TrackSource> sources = p.tracks() == null ? List.of() : p.tracks().stream()
                .map(t -> {
                    if (t.mid() == null || t.source() == null || !SOURCES.contains(t.source())) {
                        throw new SignalException("invalid_field", "publishOffer.tracks needs mid and a source of " + SOURCES);
                    }
                    return new ParticipantMedia.TrackSource(t.mid(), t.source());
                }).toList();
        ParticipantMedia.PublishAnswer answer;
        try {
            answer = media.publish(p.sdp(), sources);
        } catch (IllegalArgumentException e) {
            throw new SignalException("invalid_sdp", "The offer could not be used: " + e.getMessage());
        }
        send(new ServerMessage.PublishAnswer(answer.sdp(), answer.tracks()));
        for (String removed : answer.removedTrackIds()) {
            room.unpublish(grant.participantId(), removed);
        }
        for (var t : answer.tracks()) {
            room.publish(grant.participantId(), new TrackInfo(t.trackId(), t.kind(), t.source(), false));
        }
    }

    private void subscribeAnswer(ClientMessage.SubscribeAnswer a) {
        if (a.sdp() == null || a.sdp().isBlank()) {
            throw new SignalException("invalid_field", "subscribeAnswer.sdp is required");
        }
        synchronized (negotiation) {
            try {
                media.subscribeAnswer(a.sdp());
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new SignalException("invalid_sdp", "The answer could not be used: " + e.getMessage());
            }
        }
        renegotiationNeeded();
    }

    @Override
    public void renegotiationNeeded() {
        ParticipantMedia m = media;
        if (m == null || closed.get()) {
            return;
        }
        synchronized (negotiation) {
            m.nextSubscribeOffer().ifPresent(o -> send(new ServerMessage.SubscribeOffer(o.sdp(), o.tracks())));
        }
    }

    @Override
    public void connectionLost() {
        closeSocket(WsCloseCodes.GOING_AWAY, "media connection lost");
    }

    @Override
    public void deliver(RoomEvent event) {
        send(switch (event) {
            case RoomEvent.ParticipantJoined e -> new ServerMessage.ParticipantJoined(e.participant());
            case RoomEvent.ParticipantLeft e -> new ServerMessage.ParticipantLeft(e.participantId(), e.reason());
            case RoomEvent.TrackPublished e -> new ServerMessage.TrackPublished(e.participantId(), e.track());
            case RoomEvent.TrackUnpublished e -> new ServerMessage.TrackUnpublished(e.participantId(), e.trackId());
            case RoomEvent.TrackMuted e -> new ServerMessage.TrackMuted(e.participantId(), e.trackId(), e.source(), e.muted());
            case RoomEvent.MeetingEnded e -> new ServerMessage.MeetingEnded(e.reason());
        });
    }

    @Override
    public void disconnect(String reason) {
        closeSocket(WsCloseCodes.NORMAL_CLOSE, reason);
    }

    @Override
    public void onClose(WsSession s, int status, String reason) {
        cleanup("left");
    }

    @Override
    public void onError(WsSession s, Throwable t) {
        cleanup("disconnected");
    }

    private void send(ServerMessage m) {
        Outbox o = outbox;
        if (o != null && !closed.get()) {
            o.offer(SignalCodec.encode(m));
        }
    }

    private void closeSocket(int code, String reason) {
        Outbox o = outbox;
        if (o != null) {
            o.drainAndFinish();
        }
        // Closing after the queued messages leave: the outbox thread is done once it reaches the marker.
        ctx.timer().schedule(() -> {
            try {
                session.close(code, reason);
            } catch (RuntimeException e) {
                // already closed
            }
        }, 50, TimeUnit.MILLISECONDS);
        cleanup(reason.equals("left") ? "left" : "disconnected");
    }

    private void cleanup(String reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ctx.metrics().connections.decrementAndGet();
        if (joinTimeout != null) {
            joinTimeout.cancel(false);
        }
        ParticipantMedia m = media;
        if (m != null) {
            m.close();
        }
        Room r = room;
        if (r != null && grant != null) {
            r.leave(grant.participantId(), this, reason);
            ctx.meetings().dropIfEmpty(r);
        }
    }
}
