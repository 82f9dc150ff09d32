package com.zoomvconnect.media.client;

import com.zoomvconnect.media.dtls.DtlsCertificate;
import com.zoomvconnect.media.dtls.DtlsEndpoint;
import com.zoomvconnect.media.ice.IceCredentials;
import com.zoomvconnect.media.net.PacketKind;
import com.zoomvconnect.media.sdp.Candidate;
import com.zoomvconnect.media.sdp.TransportParams;
import com.zoomvconnect.media.srtp.SrtpContext;
import com.zoomvconnect.media.srtp.SrtpProfile;
import com.zoomvconnect.media.stun.Stun;
import com.zoomvconnect.media.stun.StunException;
import com.zoomvconnect.media.stun.StunMessage;
import com.zoomvconnect.media.stun.StunWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * The client end of one peer connection, as a browser would run it (the load generator's
 * synthetic participants, and a cascade link between two nodes' SFUs): a UDP socket of its own,
 * ICE as the controlling agent (Binding requests with USE-CANDIDATE, then consent checks every
 * 2 s, RFC 7675), DTLS as the active side and SRTP. Decrypted packets go to {@link Receiver}.
 */
public final class ClientPeer implements AutoCloseable {
    public static final DtlsCertificate CERTIFICATE = DtlsCertificate.generate();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Where decrypted packets of this connection go (called on the receive thread). */
    public interface Receiver {
        void rtp(byte[] buf, int off, int len, long nowNanos);

        default void rtcp(byte[] buf, int off, int len) {
        }
    }

    public final IceCredentials local = IceCredentials.random();
    private final DatagramChannel channel;
    private final Receiver receiver;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final Object txLock = new Object();
    private final byte[] sendBuf = new byte[1600];
    private volatile InetSocketAddress server;
    private volatile String remoteUfrag;
    private volatile byte[] remotePwd;
    private volatile DtlsEndpoint dtls;
    private volatile SrtpContext tx;
    private volatile SrtpContext rx;
    private volatile boolean iceConnected;
    private volatile boolean closed;
    private volatile boolean receiving = true;
    /**
     * Consent checks after connecting. Tests turn this off to act like pion/ice, which checks only
     * when a direction is idle, or (with {@link #sendMedia}) like a peer that vanished.
     */
    public volatile boolean sendConsent = true;
    /** Tests turn this off, with {@link #sendConsent}, to simulate a peer that vanished without saying goodbye. */
    public volatile boolean sendMedia = true;
    /**
     * Off: incoming RTP is handed to the {@link Receiver} still encrypted (its header is in clear:
     * sequence number, SSRC, marker), without the SRTP check. The load generator's counting-only
     * subscribers use it so that, at a high fan-out, the generator spends less CPU per packet than the
     * SFU it measures; RTCP is always decrypted.
     */
    private final boolean decryptRtp;
    /**
     * Consent check interval once connected. RFC 7675 §5.1 asks for about 5 s against a 30 s
     * timeout; tests shorten the server's timeout to 2 s, and a check every 2 s against that
     * lost consent whenever a busy machine delayed one check. Four checks per timeout survive it.
     */
    private static final long CONSENT_INTERVAL_MS = 500;

    /** A peer on a loopback socket (the load generator's, and tests'). */
    public ClientPeer(Receiver receiver) {
        this(receiver, new InetSocketAddress("127.0.0.1", 0));
    }

    /** A peer on a UDP socket bound to {@code bind} (the wildcard address to reach another machine). */
    public ClientPeer(Receiver receiver, InetSocketAddress bind) {
        this(receiver, bind, true);
    }

    /** A peer on a UDP socket bound to {@code bind}; {@code decryptRtp} false hands RTP on still encrypted. */
    public ClientPeer(Receiver receiver, InetSocketAddress bind, boolean decryptRtp) {
        this(receiver, bind, decryptRtp, null);
    }

    /**
     * As above; with a {@link SharedReceiver} its thread receives for this peer (among many), else a
     * virtual thread of the peer's own does.
     */
    public ClientPeer(Receiver receiver, InetSocketAddress bind, boolean decryptRtp, SharedReceiver shared) {
        this.receiver = receiver;
        this.decryptRtp = decryptRtp;
        try {
            channel = DatagramChannel.open();
            channel.bind(bind);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (shared != null) {
            shared.add(this);
        } else {
            Thread.ofVirtual().name("client-peer-rx").start(this::receiveLoop);
        }
    }

    DatagramChannel channel() {
        return channel;
    }

    /**
     * Stops reading the socket for good (the load generator's sink subscribers, once connected): what
     * the server sends then fills the socket's small receive buffer and the kernel drops the rest, so
     * the generator spends nothing per packet. Sending (consent checks) goes on.
     */
    public void stopReceiving() {
        receiving = false;
        try {
            channel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4096);
        } catch (IOException e) {
            // the buffer stays as it was
        }
    }

    boolean receiving() {
        return receiving;
    }

    /** Our ICE/DTLS parameters for SDP. */
    public TransportParams localParams(String setup) {
        return new TransportParams(local.ufrag(), local.pwd(), CERTIFICATE.fingerprint(), setup, java.util.List.of());
    }

    /** Starts ICE towards the server's UDP candidate, then DTLS (client role). */
    public CompletableFuture<Void> connect(TransportParams remote, java.util.List<Candidate> candidates) {
        Candidate udp = candidates.stream().filter(c -> c.transport().equals("udp") && !c.address().contains(":"))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no IPv4 UDP candidate"));
        return connect(remote, new InetSocketAddress(udp.address(), udp.port()));
    }

    /** Starts ICE towards {@code to} (a candidate the caller chose), then DTLS (client role). */
    public CompletableFuture<Void> connect(TransportParams remote, InetSocketAddress to) {
        server = to;
        remoteUfrag = remote.ufrag();
        remotePwd = remote.pwd().getBytes(StandardCharsets.UTF_8);
        dtls = new DtlsEndpoint(DtlsEndpoint.Role.CLIENT, CERTIFICATE, remote.fingerprint(), this::sendRaw, 20_000);
        Thread.ofVirtual().name("client-peer-ice").start(this::iceLoop);
        return ready;
    }

    private void iceLoop() {
        try {
            while (!closed) {
                if (!iceConnected || sendConsent) {
                    byte[] tid = new byte[12];
                    RANDOM.nextBytes(tid);
                    byte[] req = new StunWriter(Stun.BINDING_REQUEST, tid)
                            .username(remoteUfrag + ":" + local.ufrag())
                            .priority(Candidate.priority(126, 65535, 1))
                            .tieBreaker(Stun.ICE_CONTROLLING, RANDOM.nextLong())
                            .flag(Stun.USE_CANDIDATE)
                            .messageIntegrity(remotePwd)
                            .fingerprint()
                            .toBytes();
                    sendRaw(req, 0, req.length);
                }
                Thread.sleep(iceConnected ? CONSENT_INTERVAL_MS : 50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void receiveLoop() {
        ByteBuffer buf = ByteBuffer.allocate(2048);
        while (!closed && receiving) {
            try {
                buf.clear();
                channel.receive(buf);
            } catch (IOException e) {
                return;
            }
            if (buf.position() > 0) {
                onDatagram(buf.array(), buf.position(), System.nanoTime());
            }
        }
    }

    /** One datagram from the server, in {@code a[0..len)} (on the receiving thread). */
    void onDatagram(byte[] a, int len, long now) {
        switch (PacketKind.of(a[0])) {
            case STUN -> onStun(a, len);
            case DTLS -> {
                DtlsEndpoint d = dtls;
                if (d != null) {
                    d.receive(Arrays.copyOf(a, len));
                }
            }
            case RTP_RTCP -> {
                SrtpContext r = rx;
                if (r == null) {
                    return;
                }
                if (PacketKind.isRtcp(a, 0, len)) {
                    int n = r.unprotectRtcp(a, 0, len);
                    if (n > 0) {
                        receiver.rtcp(a, 0, n);
                    }
                } else if (!decryptRtp) {
                    receiver.rtp(a, 0, len, now);
                } else {
                    int n = r.unprotectRtp(a, 0, len);
                    if (n > 0) {
                        receiver.rtp(a, 0, n, now);
                    }
                }
            }
            default -> {
            }
        }
    }

    private void onStun(byte[] a, int len) {
        try {
            StunMessage m = StunMessage.parse(a, 0, len);
            if (m.type() == Stun.BINDING_SUCCESS && m.verifyIntegrity(remotePwd) && !iceConnected) {
                iceConnected = true;
                dtls.start(keys -> {
                    SrtpProfile p = SrtpProfile.byId(keys.profileId());
                    tx = new SrtpContext(p, keys.localKey(), keys.localSalt());
                    rx = new SrtpContext(p, keys.remoteKey(), keys.remoteSalt());
                    ready.complete(null);
                }, reason -> ready.completeExceptionally(new IllegalStateException("DTLS failed: " + reason)));
            }
        } catch (StunException e) {
            // ignore
        }
    }

    private void sendRaw(byte[] b, int off, int len) {
        InetSocketAddress s = server;
        if (s == null || closed) {
            return;
        }
        try {
            channel.send(ByteBuffer.wrap(b, off, len), s);
        } catch (IOException e) {
            // dropped
        }
    }

    /** Encrypts and sends an RTP packet held in {@code b[0..len)}. */
    public void sendRtp(byte[] b, int len) {
        send(b, len, false);
    }

    public void sendRtcp(byte[] b, int len) {
        send(b, len, true);
    }

    private void send(byte[] b, int len, boolean rtcp) {
        SrtpContext t = tx;
        if (t == null || !sendMedia) {
            return;
        }
        synchronized (txLock) {
            System.arraycopy(b, 0, sendBuf, 0, len);
            int n = rtcp ? t.protectRtcp(sendBuf, 0, len) : t.protectRtp(sendBuf, 0, len);
            if (n > 0) {
                sendRaw(sendBuf, 0, n);
            }
        }
    }

    public boolean isReady() {
        return ready.isDone() && !ready.isCompletedExceptionally();
    }

    @Override
    public void close() {
        closed = true;
        DtlsEndpoint d = dtls;
        if (d != null) {
            d.close();
        }
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
