package com.zoomvconnect.media.dtls;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One peer's DTLS association over the shared media port. The handshake runs on its own
 * virtual thread (BouncyCastle's protocol is blocking) fed by {@link #receive}; on success the
 * SRTP keys are handed to {@code onKeys}; on failure {@code onFailure} gets the reason.
 * Application data after the handshake (SCTP for data channels) is read and discarded.
 */
public final class DtlsEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DtlsEndpoint.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** How long the thread waits for a record after the handshake before it looks again (see {@link #drain}). */
    private static final int DRAIN_WAIT_MILLIS = 60_000;

    /** Which side of the handshake we play (SDP a=setup, RFC 4145/5763). */
    public enum Role {
        SERVER,
        CLIENT
    }

    private final QueueTransport transport;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile DTLSTransport dtls;
    private volatile Thread thread;
    private final Role role;
    private final DtlsCertificate certificate;
    private final String remoteFingerprint;
    private final int timeoutMillis;
    private volatile boolean peerOfferedDtls13;
    private volatile String peerOfferedVersions = "unknown (we were the client)";
    private volatile ProtocolVersion negotiated;

    public DtlsEndpoint(Role role, DtlsCertificate certificate, String remoteFingerprint, DatagramSink sink, int timeoutMillis) {
        this.role = role;
        this.certificate = certificate;
        this.remoteFingerprint = remoteFingerprint;
        this.transport = new QueueTransport(sink);
        this.timeoutMillis = timeoutMillis;
    }

    /** Starts the handshake (a server waits for the ClientHello). Idempotent. */
    public void start(Consumer<SrtpKeyMaterial> onKeys, Consumer<String> onFailure) {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        thread = Thread.ofVirtual().name("dtls-" + role.name().toLowerCase()).start(() -> run(onKeys, onFailure));
    }

    /** Whether the peer, as DTLS client, offered DTLS 1.3 in its hello (we speak 1.2; see DtlsServer). */
    public boolean peerOfferedDtls13() {
        return peerOfferedDtls13;
    }

    /** The peer's supported_versions when it was the DTLS client (RFC 9147 §5.3), as text, for the log. */
    public String peerOfferedVersions() {
        return peerOfferedVersions;
    }

    /** The DTLS version the completed handshake negotiated ("DTLS 1.2"); null before. */
    public String negotiatedVersion() {
        ProtocolVersion v = negotiated;
        return v == null ? null : v.getName();
    }

    /** Whether the completed handshake negotiated DTLS 1.2. */
    public boolean negotiatedDtls12() {
        return ProtocolVersion.DTLSv12.equals(negotiated);
    }

    /** Hands over one received DTLS datagram (copied by the caller); false when dropped. */
    public boolean receive(byte[] record) {
        return transport.offer(record);
    }

    private void run(Consumer<SrtpKeyMaterial> onKeys, Consumer<String> onFailure) {
        var crypto = new BcTlsCrypto(RANDOM);
        SrtpKeyMaterial keys;
        try {
            if (role == Role.SERVER) {
                var server = new DtlsServer(crypto, certificate, remoteFingerprint, timeoutMillis);
                var protocol = new DTLSServerProtocol();
                // ICE has already proven the address; skip the cookie round trip.
                protocol.setVerifyRequests(false);
                dtls = protocol.accept(server, transport);
                peerOfferedDtls13 = server.offeredDtls13();
                peerOfferedVersions = server.offeredVersions();
                negotiated = server.negotiated();
                keys = server.keys();
            } else {
                var client = new DtlsClient(crypto, certificate, remoteFingerprint, timeoutMillis);
                dtls = new DTLSClientProtocol().connect(client, transport);
                negotiated = client.negotiated();
                keys = client.keys();
            }
        } catch (IOException | RuntimeException e) {
            if (!closed.get()) {
                onFailure.accept(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
            transport.close();
            return;
        }
        if (keys == null) {
            onFailure.accept("no SRTP keys negotiated");
            return;
        }
        onKeys.accept(keys);
        drain();
    }

    private void drain() {
        byte[] buf = new byte[2048];
        try {
            while (!closed.get()) {
                // A long wait: close() wakes it (QueueTransport's closing mark, and an interrupt). Each return is a
                // wake-up of this thread, and a 1 s wait was 1 000 of them a second at 1 000 participants for nothing.
                int n = dtls.receive(buf, 0, buf.length, DRAIN_WAIT_MILLIS);
                if (n < 0) {
                    continue;
                }
                // Application data (data channels) is not supported: dropped.
            }
        } catch (IOException e) {
            LOG.debug("DTLS association ended: {}", e.getMessage());
        }
    }

    /** Sends close_notify (if established) and stops the thread. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        DTLSTransport t = dtls;
        if (t != null) {
            try {
                t.close();
            } catch (IOException e) {
                // peer may already be gone
            }
        }
        transport.close();
        Thread th = thread;
        if (th != null) {
            th.interrupt();
        }
    }
}
