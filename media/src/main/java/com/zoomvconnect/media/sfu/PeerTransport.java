package com.zoomvconnect.media.sfu;

import com.zoomvconnect.media.dtls.DtlsEndpoint;
import com.zoomvconnect.media.dtls.SrtpKeyMaterial;
import com.zoomvconnect.media.ice.IceCredentials;
import com.zoomvconnect.media.net.PacketPath;
import com.zoomvconnect.media.sdp.TransportParams;
import com.zoomvconnect.media.srtp.SrtpContext;
import com.zoomvconnect.media.srtp.SrtpProfile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport of one peer connection: ICE-lite state (selected path, consent), the DTLS
 * association and the SRTP contexts it produced. The receive side ({@link #rx}) is used only by
 * the thread that reads this peer's path; the send side is shared and guarded by {@link #txLock},
 * held only while protecting, never while sending.
 */
final class PeerTransport {
    private static final Logger LOG = LoggerFactory.getLogger(PeerTransport.class);
    private static final int MAX_EARLY_DTLS = 16;

    /** Which of the participant's two connections this is. */
    enum Kind {
        PUBLISH,
        SUBSCRIBE
    }

    final Kind kind;
    final SfuParticipant owner;
    /** This generation's credentials (an ICE restart makes a new one) and the one before it. */
    private volatile Generation current = new Generation(IceCredentials.random());
    private volatile Generation previous;
    final Object txLock = new Object();
    final long createdNanos = System.nanoTime();

    private final Sfu sfu;
    private volatile String remoteUfrag;
    private volatile String remoteFingerprint;
    private volatile DtlsEndpoint.Role role;
    private volatile DtlsEndpoint dtls;
    private final ArrayDeque<byte[]> earlyDtls = new ArrayDeque<>();
    volatile PacketPath path;
    /** When this peer last proved it still wants our packets: a valid ICE check, or authenticated SRTP/SRTCP on {@link #path}. */
    volatile long lastConsentNanos;
    volatile SrtpContext rx;
    private volatile SrtpContext tx;
    private volatile boolean closed;

    PeerTransport(Kind kind, SfuParticipant owner, Sfu sfu) {
        this.kind = kind;
        this.owner = owner;
        this.sfu = sfu;
    }

    /** Local ICE credentials with the password's bytes, which sign and check every Binding. */
    record Generation(IceCredentials credentials, byte[] pwd) {
        Generation(IceCredentials credentials) {
            this(credentials, credentials.pwd().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Our side, for SDP. */
    TransportParams localParams(String setup) {
        IceCredentials local = current.credentials();
        return new TransportParams(local.ufrag(), local.pwd(), sfu.certificate().fingerprint(), setup, sfu.localCandidates());
    }

    /** This generation's ufrag: where the SFU finds this transport from a check's USERNAME. */
    String localUfrag() {
        return current.credentials().ufrag();
    }

    /** This generation's password bytes. */
    byte[] localPwd() {
        return current.pwd();
    }

    /**
     * The password of the generation {@code ufrag} names: this one, or the one before an ICE
     * restart (the browser keeps checking its old pairs until the new ones take over); null for
     * any other.
     */
    byte[] pwdFor(String ufrag) {
        Generation c = current;
        if (c.credentials().ufrag().equals(ufrag)) {
            return c.pwd();
        }
        Generation p = previous;
        return p != null && p.credentials().ufrag().equals(ufrag) ? p.pwd() : null;
    }

    /** The ufrags this transport answers to (for unregistering). */
    List<String> ufrags() {
        Generation p = previous;
        return p == null ? List.of(localUfrag()) : List.of(localUfrag(), p.credentials().ufrag());
    }

    /**
     * ICE restart (RFC 8445 §9) asked by the browser, whose network changed: new local
     * credentials for the next offer; the DTLS association and SRTP contexts stay. Returns the
     * ufrag no longer answered to (the generation before the previous one), or null.
     */
    synchronized String restartIce() {
        Generation dropped = previous;
        previous = current;
        current = new Generation(IceCredentials.random());
        return dropped == null ? null : dropped.credentials().ufrag();
    }

    /**
     * The browser's ICE/DTLS parameters from its SDP. {@code ourRole} is the DTLS role our SDP
     * took. The first call starts DTLS (a server waits for the ClientHello; a client starts once
     * ICE has a path).
     */
    synchronized void setRemote(TransportParams remote, DtlsEndpoint.Role ourRole) {
        this.remoteUfrag = remote.ufrag();
        if (dtls != null) {
            return; // re-negotiation or ICE restart: DTLS and SRTP survive (RFC 8445 §9)
        }
        this.remoteFingerprint = remote.fingerprint();
        this.role = ourRole;
        dtls = new DtlsEndpoint(ourRole, sfu.certificate(), remoteFingerprint, this::sendRaw, 30_000);
        if (path != null) {
            startDtls();
        }
        while (!earlyDtls.isEmpty()) {
            dtls.receive(earlyDtls.poll());
        }
    }

    boolean hasRemote() {
        return remoteUfrag != null;
    }

    String remoteUfrag() {
        return remoteUfrag;
    }

    private void startDtls() {
        dtls.start(this::onKeys, reason -> {
            if (!closed) {
                LOG.info("DTLS with {} ({}) failed: {}", owner.id(), kind, reason);
                owner.transportFailed(this);
            }
        });
    }

    /** A valid ICE check arrived on {@code p}; USE-CANDIDATE (or the first check) selects it. */
    void onCheck(PacketPath p, boolean useCandidate, long now) {
        lastConsentNanos = now;
        PacketPath was = path;
        if (was == null || useCandidate) {
            boolean first = was == null;
            path = p;
            if (!first && p != was && !p.remote().equals(was.remote()) && tx != null) {
                owner.pathMoved(this); // same DTLS association and SRTP keys, new address
            }
            if (first) {
                synchronized (this) {
                    // The handshake clock starts once ICE has a path (a ClientHello that came
                    // earlier is queued); starting it at negotiation would time out slow joins.
                    if (dtls != null) {
                        startDtls();
                    }
                }
            }
        }
    }

    /**
     * An SRTP or SRTCP packet from {@code from} passed authentication. On the selected path it is
     * consent as good as a Binding check: only the peer holding the DTLS-derived keys can produce
     * it there (RFC 7675 §5.1 makes consent about the remote wanting our packets). Stacks such as
     * pion/ice send consent checks only when a direction is idle, which with media one way and
     * feedback the other it never is. Packet path: one field write, no allocation.
     */
    void onAuthenticated(PacketPath from, long now) {
        if (from == path) {
            lastConsentNanos = now;
        }
    }

    /** A DTLS datagram from this peer (copied). */
    void onDtls(byte[] record) {
        DtlsEndpoint d = dtls;
        if (d == null) {
            synchronized (this) {
                if (dtls == null) {
                    if (earlyDtls.size() < MAX_EARLY_DTLS) {
                        earlyDtls.add(record); // ClientHello before the SDP answer reached us
                    }
                    return;
                }
                d = dtls;
            }
        }
        if (!d.receive(record)) {
            sfu.counters().dropDtlsQueueFull.increment();
        }
    }

    /** DTLS finished with these keys (RFC 5764 §4.2); package-private so tests can stand in for a handshake. */
    void onKeys(SrtpKeyMaterial keys) {
        SrtpProfile profile = SrtpProfile.byId(keys.profileId());
        rx = new SrtpContext(profile, keys.remoteKey(), keys.remoteSalt());
        tx = new SrtpContext(profile, keys.localKey(), keys.localSalt());
        DtlsEndpoint d = dtls;
        if (d != null) {
            if (d.peerOfferedDtls13()) {
                sfu.counters().dtlsOfferedV13.increment();
            }
            if (d.negotiatedDtls12()) {
                sfu.counters().dtlsNegotiatedV12.increment();
            }
            // Once per handshake, not per packet: which DTLS the browser offered, which it got.
            LOG.debug("DTLS handshake with {} ({}): {} negotiated; the client hello's supported_versions {}",
                    owner.id(), kind, d.negotiatedVersion(), d.peerOfferedVersions());
        }
        sfu.counters().dtlsHandshakes.increment(); // after the version counters: a reader of this one sees them
        LOG.debug("SRTP ready for {} ({}, {})", owner.id(), kind, profile);
        owner.transportReady(this);
    }

    boolean isReady() {
        return tx != null && path != null && !closed;
    }

    private void sendRaw(byte[] b, int off, int len) {
        PacketPath p = path;
        if (p != null) {
            p.send(b, off, len);
        }
    }

    /** Protects and sends one RTP packet held in {@code buf} (which needs SRTP overhead room). */
    boolean sendRtp(byte[] buf, int off, int len) {
        return protectAndSend(buf, off, len, false);
    }

    /** Protects and sends one RTCP compound held in {@code buf}. */
    boolean sendRtcp(byte[] buf, int off, int len) {
        boolean ok = protectAndSend(buf, off, len, true);
        if (ok) {
            sfu.counters().rtcpOut.increment();
        }
        return ok;
    }

    private boolean protectAndSend(byte[] buf, int off, int len, boolean rtcp) {
        SrtpContext t = tx;
        PacketPath p = path;
        if (t == null || p == null) {
            return false;
        }
        int n;
        synchronized (txLock) {
            n = rtcp ? t.protectRtcp(buf, off, len) : t.protectRtp(buf, off, len);
        }
        return n > 0 && p.send(buf, off, n);
    }

    void close() {
        closed = true;
        DtlsEndpoint d = dtls;
        if (d != null) {
            d.close();
        }
    }
}
