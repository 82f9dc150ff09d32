package com.zoomvconnect.signal;

import com.zoomvconnect.auth.JoinGrant;
import com.zoomvconnect.error.AppException;
import com.zoomvconnect.error.ErrorCode;
import com.zoomvconnect.media.sfu.MediaListener;
import com.zoomvconnect.media.sfu.ParticipantMedia;
import com.zoomvconnect.meeting.Admission;
import com.zoomvconnect.meeting.EdgeRelays;
import com.zoomvconnect.meeting.LiveMeeting;
import com.zoomvconnect.meeting.MeetingPlacement;
import com.zoomvconnect.meeting.ModerationException;
import com.zoomvconnect.meeting.ParticipantLink;
import com.zoomvconnect.meeting.Room;
import com.zoomvconnect.meeting.RoomEvent;
import com.zoomvconnect.meeting.RoomPolicy;
import io.helidon.common.buffers.BufferData;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.websocket.WsCloseCodes;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One browser's signaling socket: admits it with its join grant (possibly through the waiting
 * room), hands SDP to its media session ({@link ConnectionMedia}), carries room events and chat,
 * and turns host controls into room actions — which the room may refuse.
 * Messages of one connection are handled one at a time (Helidon calls {@code onMessage}
 * sequentially); what others trigger arrives through {@link #deliver}.
 */
final class SignalConnection implements WsListener, ParticipantLink, MediaListener {
    private static final Logger LOG = LoggerFactory.getLogger(SignalConnection.class);

    /** Messages a client may fall behind before it is cut off. */
    static final int OUTBOX_CAPACITY = 1024;
    /** How long a closing connection may take to get its close frame out and answered. */
    static final long CLOSE_GRACE_MILLIS = 5_000;
    /**
     * The close code of a client that gives up a socket its network took away and resumes at once
     * on a new one (web client: {@code Signal.abandon}): it stays in the room with its peer
     * connections for {@link #KEEP_MILLIS}, so the resume keeps them.
     */
    static final int RESUMING_CLOSE = 4000;
    /** How long a participant whose socket closed with {@link #RESUMING_CLOSE} stays for its resume. */
    static final long KEEP_MILLIS = 10_000;

    private final SignalContext ctx;
    private Outbox outbox;
    private ScheduledFuture<?> joinTimeout;
    private String clientAddress = "unknown";
    /** The Host header of the upgrade request: the name the client reached us by, for TURN URLs. */
    private volatile String requestHost = "";
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean departed = new AtomicBoolean();

    private volatile JoinGrant grant;
    private volatile LiveMeeting meeting;
    /** The participant's room in {@link #meeting}: the main room or a breakout; a move changes it. */
    private volatile Room room;
    private volatile boolean admitted;
    /** Cascading: the node hosting the meeting when this node serves the participant as an edge; null otherwise. */
    private volatile MeetingPlacement.HostingNode edgeOf;
    /** Room events wait for the welcome (see {@link WelcomeGate}). */
    private final WelcomeGate welcomeGate = new WelcomeGate();
    /** Set with the room, on join; attached to the SFU on admission. */
    private volatile ConnectionMedia media;
    /** What lets this client take the session back on a new socket (see {@link JoinSessions}). */
    private volatile String resumeSecret;
    /** A resumed session's peer connections, taken from the socket before until admission attaches them. */
    private volatile ParticipantMedia resumedMedia;
    // Used only from onMessage, which Helidon calls one message at a time.
    private final TokenBucket chats;
    /** Key exchange: a join or leave makes each member send one message to each other member. */
    private final TokenBucket keyRelays = new TokenBucket(50, 500, System::nanoTime);
    private final TokenBucket toggles;

    SignalConnection(SignalContext ctx) {
        this.ctx = ctx;
        SignalLimits l = ctx.limits();
        this.chats = new TokenBucket(l.chatPerSecond(), l.chatBurst(), System::nanoTime);
        this.toggles = new TokenBucket(l.togglesPerSecond(), l.togglesBurst(), System::nanoTime);
    }

    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) {
        requestHost = headers.first(HeaderNames.HOST).orElse("");
        return Optional.empty();
    }

    @Override
    public void onOpen(WsSession s) {
        if (s.socketContext().remotePeer().address() instanceof InetSocketAddress isa && isa.getAddress() != null) {
            clientAddress = isa.getAddress().getHostAddress();
        }
        this.outbox = new Outbox(Integer.toHexString(System.identityHashCode(this)), OUTBOX_CAPACITY, new SessionSink(s, () -> cleanup("disconnected")),
                ctx.timer(), CLOSE_GRACE_MILLIS);
        if (ctx.metrics().connections.incrementAndGet() > ctx.limits().maxSockets()) {
            // Each socket is a file descriptor: past the limit, refuse at once rather than fail later.
            ctx.metrics().refused.incrementAndGet();
            send(new ServerMessage.Error(ErrorCode.SERVER_BUSY, "The server has too many open connections; try again in a few seconds"));
            closeSocket(WsCloseCodes.TRY_AGAIN_LATER, "server busy");
            return;
        }
        long every = ctx.limits().pingInterval().toMillis();
        keepAlive = ctx.timer().scheduleWithFixedDelay(this::keepAlive, every, every, TimeUnit.MILLISECONDS);
        long timeout = ctx.limits().joinTimeout().toMillis();
        joinTimeout = ctx.timer().schedule(() -> {
            if (grant == null) {
                send(new ServerMessage.Error(ErrorCode.JOIN_TIMEOUT, "Send 'join' within " + timeout / 1000 + " seconds"));
                closeSocket(WsCloseCodes.VIOLATED_POLICY, "join timeout");
            }
        }, timeout, TimeUnit.MILLISECONDS);
    }

    private final StringBuilder partial = new StringBuilder();
    private boolean discardingFragments;
    /** When the client last sent anything (a message, a ping, a pong). */
    private volatile long lastHeardNanos = System.nanoTime();
    private volatile java.util.concurrent.ScheduledFuture<?> keepAlive;

    /**
     * Every {@link SignalLimits#pingInterval}: a WebSocket ping, whose pong counts as the client being
     * heard. Helidon closes a connection on which it received nothing for its idle-connection timeout
     * (5 minutes; what it sends does not count), which a client that only listens would reach (the
     * likely cause of the hour-long soak's dropped publishers, docs/performance.md). A client silent
     * for three intervals is gone (a dead peer, a half-open TCP connection): closed, so it leaves.
     */
    private void keepAlive() {
        if (closed.get()) {
            return;
        }
        if (System.nanoTime() - lastHeardNanos > 3 * ctx.limits().pingInterval().toNanos()) {
            closeSocket(WsCloseCodes.GOING_AWAY, "no answer");
            return;
        }
        outbox.ping();
    }

    @Override
    public void onMessage(WsSession s, String fragment, boolean last) {
        lastHeardNanos = System.nanoTime();
        if (closed.get()) {
            return; // refused, timed out or left: what a client still sends on its way out is not acted on
        }
        // A message may arrive in fragments (large SDP in a big meeting): join them, bounded.
        String text;
        synchronized (partial) {
            if (discardingFragments) {
                discardingFragments = !last; // the rest of an oversized message
                return;
            }
            if (partial.length() + fragment.length() > SignalCodec.MAX_MESSAGE_CHARS) {
                partial.setLength(0);
                discardingFragments = !last;
                ctx.metrics().rejected.incrementAndGet();
                send(new ServerMessage.Error(ErrorCode.MESSAGE_TOO_LARGE, "Message larger than " + SignalCodec.MAX_MESSAGE_CHARS + " characters"));
                return;
            }
            if (!last) {
                partial.append(fragment);
                return;
            }
            if (partial.isEmpty()) {
                text = fragment;
            } else {
                text = partial.append(fragment).toString();
                partial.setLength(0);
            }
        }
        ClientMessage message;
        try {
            message = SignalCodec.decode(text);
        } catch (SignalException e) {
            ctx.metrics().rejected.incrementAndGet();
            send(new ServerMessage.Error(e.errorCode(), e.getMessage()));
            return;
        }
        try {
            handle(message);
        } catch (SignalException | ModerationException e) {
            ctx.metrics().rejected.incrementAndGet();
            send(new ServerMessage.Error(e.errorCode(), e.getMessage()));
        } catch (RuntimeException e) {
            LOG.warn("Signaling message {} failed", message.getClass().getSimpleName(), e);
            send(new ServerMessage.Error(ErrorCode.INTERNAL, "The server could not handle this message"));
        }
    }

    private void handle(ClientMessage message) {
        if (message instanceof ClientMessage.Ping) {
            send(new ServerMessage.Pong());
            return;
        }
        if (message instanceof ClientMessage.Join j) {
            join(j);
            return;
        }
        if (message instanceof ClientMessage.Leave) {
            String secret = resumeSecret;
            if (secret != null) {
                ctx.sessions().revoke(secret);
            }
            closeSocket(WsCloseCodes.NORMAL_CLOSE, "left");
            return;
        }
        if (grant == null) {
            throw new SignalException(ErrorCode.NOT_JOINED, "Send 'join' first");
        }
        if (!admitted) {
            throw new SignalException(ErrorCode.WAITING, "You are in the waiting room");
        }
        String me = grant.participantId();
        switch (message) {
            case ClientMessage.PublishOffer p -> media.publish(p);
            case ClientMessage.SubscribeAnswer a -> media.subscribeAnswer(a);
            case ClientMessage.IceRestart r -> media.restartIce();
            case ClientMessage.Trickle t -> {
                // ICE-lite: the browser checks our candidates; its own candidates are not needed.
            }
            case ClientMessage.Mute m -> {
                throttle(toggles, "mute, hand and reaction changes");
                room.setMuted(me, ConnectionMedia.source(m.source()), m.muted());
            }
            case ClientMessage.Chat c -> {
                throttle(chats, "chat messages");
                room.chat(me, c.to(), c.text());
            }
            case ClientMessage.E2ee k -> {
                throttle(keyRelays, "end-to-end encryption key messages");
                room.relayKeys(me, k.to(), k.data());
            }
            case ClientMessage.Hand h -> {
                throttle(toggles, "mute, hand and reaction changes");
                room.setHand(me, h.participantId(), h.raised());
            }
            case ClientMessage.React r -> {
                throttle(toggles, "mute, hand and reaction changes");
                room.react(me, r.emoji());
            }
            case ClientMessage.ViewVideo v -> media.viewVideo(v);
            case ClientMessage.VideoSizes v -> media.videoSizes(v);
            case ClientMessage.Breakout b -> ctx.breakouts().apply(meeting, room, grant, b);
            case ClientMessage.Captions c -> {
                throttle(toggles, "mute, hand and reaction changes");
                ctx.moderation().captions(meeting.main(), grant, c);
            }
            default -> ctx.moderation().apply(this, room, grant, message);
        }
    }

    private void join(ClientMessage.Join j) {
        if (grant != null) {
            throw new SignalException(ErrorCode.ALREADY_JOINED, "This connection has already joined");
        }
        JoinGrant g;
        boolean resumed = j.resume() != null && !j.resume().isEmpty();
        if (resumed) {
            g = ctx.sessions().resume(j.resume()).orElse(null);
            if (g == null) {
                refuseJoin(ErrorCode.INVALID_TOKEN, "This session can no longer be resumed; join again");
                return;
            }
        } else {
            var ticket = j.token() == null ? null : ctx.tokens().verifyJoinTicket(j.token()).orElse(null);
            if (ticket == null) {
                refuseJoin(ErrorCode.INVALID_TOKEN, "The join token is invalid or expired; join again");
                return;
            }
            if (!ctx.sessions().claim(ticket.tokenId(), ticket.expiresAt())) {
                refuseJoin(ErrorCode.TOKEN_REUSED, "This join token has already been used; join again");
                return;
            }
            g = ticket.grant();
        }
        // Cluster: a meeting lives on the one node holding its lease; its grant named that node's URL.
        // A client here anyway (a stale URL, a node that died and came back) must join again to be sent there.
        Optional<MeetingPlacement.HostingNode> host;
        try {
            host = ctx.placement().place(g.meetingId());
        } catch (AppException e) {
            refuseJoin(e.errorCode(), e.getMessage()); // no live node to host it (cluster_unavailable)
            return;
        }
        // Cascading: an attendee of a webinar hosted elsewhere may be this node's (an edge's) to serve.
        boolean edge = host.isPresent() && !host.get().local() && ctx.edges().enabled()
                && EdgeRelays.relayable(true, false, false, g.meetingRole());
        if (host.isPresent() && !host.get().local() && !edge) {
            refuseJoin(ErrorCode.WRONG_NODE, "This meeting is hosted on another node (" + host.get().url() + "); join again");
            return;
        }
        if (!edge) {
            enter(g, j, resumed, null);
            return;
        }
        // Fencing leaves an edge's room alone only while the node knows it serves it: from before the
        // room opens here until the relay link is registered at admission (else a heartbeat in between
        // would hand the room over to the origin and close it under the joining attendee).
        ctx.edges().joining(g.meetingId());
        try {
            enter(g, j, resumed, host.get());
        } finally {
            ctx.edges().joinDone(g.meetingId());
        }
    }

    /** Opens the meeting here and enters its room ({@code origin}: the meeting's node when this one is its edge). */
    private void enter(JoinGrant g, ClientMessage.Join j, boolean resumed, MeetingPlacement.HostingNode origin) {
        boolean edge = origin != null;
        LiveMeeting opened = ctx.meetings().open(g.meetingId());
        if (edge) {
            RoomPolicy p = opened.main().policy();
            if (!EdgeRelays.relayable(p.webinar(), p.waitingRoom(), p.e2ee(), g.meetingRole())) {
                ctx.meetings().dropIfEmpty(opened.main());
                refuseJoin(ErrorCode.WRONG_NODE, "This meeting is hosted on another node (" + origin.url() + "); join again");
                return;
            }
            edgeOf = origin;
        }
        joinTimeout.cancel(false);
        this.grant = g;
        this.meeting = opened;
        // A resumed session goes back to the breakout it was in; a fresh join comes in through the
        // main room (its waiting room and lock) and is moved on once admitted (see admission).
        this.room = resumed ? meeting.breakouts().entryRoom(g.participantId()) : meeting.main();
        // Behind the welcome too: once admitted, the SFU may ask for a subscribe offer (someone publishing) on
        // another thread before the welcome has gone out, and the client drops an offer it has no session for
        // yet — the SFU would then wait for that offer's answer for ever, and send no other.
        this.media = new ConnectionMedia(room, meeting.breakouts(), g.participantId(), m -> welcomeGate.send(SignalCodec.encode(m), this::sendText));
        if (resumed && j.keepMedia()) {
            resumedMedia = ctx.keptMedia().take(g.participantId());
        }
        admission(room.enter(g, clientAddress, this));
    }

    /** A join the server will not take: say why, then close at once (RFC 6455 §7.4.1: 1008). */
    private void refuseJoin(ErrorCode code, String message) {
        ctx.metrics().rejected.incrementAndGet();
        send(new ServerMessage.Error(code, message));
        closeSocket(WsCloseCodes.VIOLATED_POLICY, code.code());
    }

    @Override
    public void admission(Admission admission) {
        switch (admission) {
            case Admission.Waiting w -> send(new ServerMessage.Waiting(w.position()));
            case Admission.Refused r -> {
                closeResumedMedia();
                send(new ServerMessage.Refused(r.code(), r.message()));
                closeSocket(WsCloseCodes.VIOLATED_POLICY, r.code().code());
            }
            case Admission.Admitted a -> {
                if (closed.get()) {
                    return;
                }
                ParticipantMedia kept = resumedMedia;
                resumedMedia = null;
                if (kept != null) {
                    // The same peer connections on this socket: ICE restarts, DTLS and SRTP stay.
                    kept.resumeFor(this);
                    if (!kept.roomId().equals(room.mediaRoomId())) {
                        kept.moveTo(room.mediaRoomId());
                    }
                    LOG.debug("{} resumed with its peer connections", grant.participantId());
                }
                if (edgeOf != null) {
                    ctx.edges().admitted(meeting, edgeOf, this); // the relay link brings the presenters
                }
                media.attach(kept != null ? kept : ctx.media().join(room.mediaRoomId(), grant.participantId(), this));
                ctx.keptMedia().hold(grant.participantId(), media);
                admitted = true;
                ctx.metrics().joined.incrementAndGet();
                resumeSecret = ctx.sessions().issue(grant);
                welcomeGate.open(SignalCodec.encode(new ServerMessage.Welcome(grant.participantId(), grant.meetingId(), grant.displayName(), a.role(),
                        a.startMuted(), a.others(), a.policy(), a.chatHistory(), a.raisedHands(), a.recording(),
                        resumeSecret, room.roomId(), meeting.breakouts().roomName(room.roomId()),
                        ctx.iceServers().issue(grant.participantId(), requestHost), meeting.elapsed().toMillis(), a.captions(),
                        kept != null)), this::sendText);
                String speaking = media.dominantSpeaker();
                if (speaking != null) {
                    send(new ServerMessage.DominantSpeaker(speaking)); // a late joiner learns who is talking now
                }
                renegotiationNeeded(); // tracks others already publish
                meeting.breakouts().arrived(grant.participantId()); // the plan, and a late joiner's move
            }
        }
    }

    /** Refuses (without relaying) what a participant sends faster than {@link SignalLimits} allow. */
    private static void throttle(TokenBucket bucket, String what) {
        if (!bucket.tryTake()) {
            throw new SignalException(ErrorCode.RATE_LIMITED,
                    "Too many " + what + "; try again in " + Math.max(1, bucket.millisToNext()) + " ms");
        }
    }

    @Override
    public void renegotiationNeeded() {
        ConnectionMedia m = media;
        if (m != null && !closed.get()) {
            m.renegotiate();
        }
    }

    @Override
    public void dominantSpeakerChanged(String participantId) {
        sendText(SharedText.of(participantId, () -> new ServerMessage.DominantSpeaker(participantId)));
    }

    @Override
    public void connectionLost() {
        closeSocket(WsCloseCodes.GOING_AWAY, "media connection lost");
    }

    @Override
    public void deliver(RoomEvent event) {
        ConnectionMedia m = media;
        if (event instanceof RoomEvent.MediaBlocked && m != null) {
            m.applyHeldBack(); // host controls take effect in the SFU, whatever the client does
        }
        String text = SharedText.of(event, () -> SignalEvents.toMessage(event));
        if (event instanceof RoomEvent.MeetingEnded) {
            sendText(text); // also to someone waiting, who gets no welcome
        } else {
            welcomeGate.send(text, this::sendText);
        }
    }

    /**
     * Moved to another room of the meeting (a breakout command, ours or a host's): the room's
     * events come from {@code to} now, the client learns the room first, then the media session
     * re-attaches in the SFU, which renegotiates the subscribe side (a {@code subscribeOffer}).
     */
    @Override
    public void moved(Room to, String roomName, Admission.Admitted state) {
        if (closed.get()) {
            to.leave(grant.participantId(), this, "disconnected"); // cleanup may have missed the room we were moving to
            return;
        }
        room = to;
        send(new ServerMessage.RoomChanged(to.roomId(), roomName, state.role(), state.others(), state.policy(),
                state.chatHistory(), state.raisedHands(), state.recording(), state.captions()));
        ConnectionMedia m = media;
        if (m != null) {
            m.moveTo(to);
        }
    }

    @Override
    public void disconnect(String reason) {
        String secret = resumeSecret;
        if (secret != null) {
            ctx.sessions().revoke(secret); // replaced by a join elsewhere, removed, or ended: nothing to resume
        }
        if (closed.get()) {
            depart(reason); // kept for a resume (see cleanup): gone now, not when that wait ends
            return;
        }
        closeSocket(WsCloseCodes.NORMAL_CLOSE, reason);
    }

    @Override
    public void onClose(WsSession s, int status, String reason) {
        finishOutbox();
        if (status == RESUMING_CLOSE) {
            cleanup("disconnected", true);
        } else {
            cleanup("left");
        }
    }

    @Override
    public void onError(WsSession s, Throwable t) {
        finishOutbox();
        cleanup("disconnected");
    }

    @Override
    public void onPong(WsSession s, BufferData payload) {
        lastHeardNanos = System.nanoTime();
    }

    @Override
    public void onPing(WsSession s, BufferData payload) {
        lastHeardNanos = System.nanoTime();
        Outbox o = outbox;
        if (o != null) {
            o.pong(payload.readBytes());
        }
    }

    private void finishOutbox() {
        Outbox o = outbox;
        if (o != null) {
            o.finish();
        }
    }

    void send(ServerMessage m) {
        sendText(SignalCodec.encode(m));
    }

    private void sendText(String text) {
        Outbox o = outbox;
        if (o != null && !closed.get()) {
            o.offer(text);
        }
    }

    void closeSocket(int code, String reason) {
        Outbox o = outbox;
        if (o != null) {
            o.close(code, reason); // after what is queued, from the one thread that writes
        }
        cleanup(reason.equals("left") ? "left" : "disconnected");
    }

    private void cleanup(String reason) {
        cleanup(reason, false);
    }

    /**
     * The socket is gone. With {@code resuming} (the client said it resumes at once) an admitted
     * participant stays in the room, peer connections and all, for {@link #KEEP_MILLIS}: the resume
     * takes them over ({@link KeptMedia}); otherwise, or when none came, they leave.
     */
    private void cleanup(String reason, boolean resuming) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ctx.metrics().connections.decrementAndGet();
        if (joinTimeout != null) {
            joinTimeout.cancel(false);
        }
        if (keepAlive != null) {
            keepAlive.cancel(false);
        }
        String secret = resumeSecret;
        if (secret != null) {
            ctx.sessions().ended(secret);
        }
        closeResumedMedia();
        if (resuming && admitted && secret != null) {
            ctx.timer().schedule(() -> depart(reason), KEEP_MILLIS, TimeUnit.MILLISECONDS);
        } else {
            depart(reason);
        }
    }

    /** A resume's peer connections that were never attached (refused, or the socket closed first). */
    private void closeResumedMedia() {
        ParticipantMedia k = resumedMedia;
        resumedMedia = null;
        if (k != null) {
            k.close();
        }
    }

    /** Leaves the room and closes the peer connections, unless a resume took them over meanwhile. */
    private void depart(String reason) {
        if (!departed.compareAndSet(false, true)) {
            return;
        }
        // Media first: a removed participant's packets stop at once.
        ConnectionMedia m = media;
        if (m != null) {
            m.close();
            if (grant != null) {
                ctx.keptMedia().release(grant.participantId(), m);
            }
        }
        Room r = room;
        LiveMeeting mt = meeting;
        if (r != null && grant != null) {
            // Whichever room of the meeting has us: a move may be on its way to this connection.
            mt.leave(grant.participantId(), this, reason);
            mt.breakouts().departed();
            if (edgeOf != null) {
                ctx.edges().left(mt.meetingId(), this);
            }
            ctx.meetings().dropIfEmpty(r);
        }
    }
}
