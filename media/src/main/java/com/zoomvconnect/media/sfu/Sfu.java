package com.zoomvconnect.media.sfu;

import com.zoomvconnect.media.dtls.DtlsCertificate;
import com.zoomvconnect.media.net.NetCounters;
import com.zoomvconnect.media.net.PacketHandler;
import com.zoomvconnect.media.net.PacketKind;
import com.zoomvconnect.media.net.PacketPath;
import com.zoomvconnect.media.net.TcpEndpoint;
import com.zoomvconnect.media.net.UdpEndpoint;
import com.zoomvconnect.media.sdp.Candidate;
import com.zoomvconnect.media.srtp.SrtpContext;
import com.zoomvconnect.media.stun.Stun;
import com.zoomvconnect.media.stun.StunException;
import com.zoomvconnect.media.stun.StunMessage;
import com.zoomvconnect.media.stun.StunWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SFU: one UDP port (and the same TCP port for ICE-TCP) for every peer. Packets are told
 * apart by their first byte (RFC 7983); STUN checks find the peer by USERNAME and bind the
 * source address to it (ICE-lite, RFC 8445 §2.5); DTLS and SRTP then flow on that address.
 */
public final class Sfu implements MediaEngine, PacketHandler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Sfu.class);

    private final SfuConfig config;
    private final DtlsCertificate certificate = DtlsCertificate.generate();
    private final SfuCounters counters = new SfuCounters();
    private final NetCounters netCounters = new NetCounters();
    private final Forwarder forwarder;
    private final ConcurrentHashMap<String, PeerTransport> byUfrag = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<PacketPath, PeerTransport> byPath = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, SfuRoom> rooms = new ConcurrentHashMap<>();
    /** Who sent a plain STUN Binding request lately (for the connection test), bounded. */
    private final Map<InetAddress, Long> plainBindingSources = new ConcurrentHashMap<>();
    private static final int MAX_PLAIN_BINDING_SOURCES = 4096;
    private final ConcurrentHashMap<String, RecordingTap> taps = new ConcurrentHashMap<>();
    private final UdpEndpoint udp;
    private final TcpEndpoint tcp;
    private final List<Candidate> candidates;
    private final ScheduledExecutorService ticker;
    private final RtcpReports reports;

    public Sfu(SfuConfig config) {
        this.config = config;
        // Port 0 (tests, benchmarks): the kernel picks a free UDP port, whose number may be taken for TCP (a client
        // socket's ephemeral port, as a run with thousands of sockets open showed), so another is tried, a few times.
        int attempts = config.port() == 0 && config.enableTcp() ? 10 : 1;
        UdpEndpoint boundUdp = null;
        TcpEndpoint boundTcp = null;
        for (int attempt = 1; boundUdp == null; attempt++) {
            try {
                boundUdp = UdpEndpoint.bind(new InetSocketAddress(config.bindAddress(), config.port()), config.workerThreads(),
                        config.sendBatch(), this, netCounters);
                boundTcp = config.enableTcp()
                        ? TcpEndpoint.bind(new InetSocketAddress(config.bindAddress(), boundUdp.port()), this, netCounters) : null;
            } catch (IOException e) {
                if (boundUdp != null) {
                    boundUdp.close(); // the TCP port of the same number was taken: nothing stays bound
                    boundUdp = null;
                }
                if (!(e instanceof java.net.BindException) || attempt >= attempts) {
                    throw new UncheckedIOException("cannot bind the media port " + config.port() + ": " + e.getMessage(), e);
                }
            }
        }
        this.udp = boundUdp;
        this.tcp = boundTcp;
        // Built once the port is bound: in batch mode the fan-out helpers are its workers. No packet reaches the
        // forwarder before then: it only sees SRTP of transports, and none exists until this constructor returned.
        this.forwarder = new Forwarder(counters, udp.sendsBatched() ? FanOutHelpers.workers(udp)
                : FanOutHelpers.threads(config.workerThreads() - 1));
        List<Candidate> c = new ArrayList<>();
        int pref = 65535;
        int foundation = 1;
        for (InetAddress a : config.announced()) {
            String addr = a.getHostAddress();
            int zone = addr.indexOf('%');
            addr = zone < 0 ? addr : addr.substring(0, zone);
            c.add(Candidate.hostUdp(Integer.toString(foundation++), addr, udp.port(), pref));
            if (tcp != null) {
                c.add(Candidate.hostTcpPassive(Integer.toString(foundation++), addr, udp.port(), pref));
            }
            pref = Math.max(1, pref - 256);
        }
        this.candidates = List.copyOf(c);
        this.reports = new RtcpReports(this);
        this.ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("sfu-ticker").daemon().factory());
        ticker.scheduleAtFixedRate(this::tickSafely, 200, 200, TimeUnit.MILLISECONDS);
        ticker.scheduleAtFixedRate(this::feedbackSafely, 50, 50, TimeUnit.MILLISECONDS);
        LOG.info("Media port {} (UDP{}, {} worker threads{}), candidates {}", udp.port(), tcp != null ? " and TCP" : "", udp.workers(),
                udp.sendsBatched() ? ", batched sends" : "",
                candidates.stream().map(x -> x.address() + "/" + x.transport()).toList());
    }

    public int port() {
        return udp.port();
    }

    /** True if the media port sends in batches ({@code media.sendbatch}, on epoll). */
    public boolean sendsBatched() {
        return udp.sendsBatched();
    }

    /** Threads receiving and forwarding on the UDP port. */
    public int workers() {
        return udp.workers();
    }

    public SfuCounters counters() {
        return counters;
    }

    /** Each participant's downlink estimate (bits/s) where their client sends transport feedback; for diagnostics. */
    public java.util.Map<String, Long> downlinkEstimates() {
        var m = new java.util.TreeMap<String, Long>();
        for (SfuRoom r : rooms()) {
            for (SfuParticipant p : r.participants()) {
                if (p.downlink().enabled()) {
                    m.put(p.id(), p.downlink().targetBps());
                }
            }
        }
        return m;
    }

    /** Each participant's network figures now, for the admin dashboard; read without stopping the packet path. */
    public java.util.List<ParticipantQuality> participantQuality() {
        var out = new java.util.ArrayList<ParticipantQuality>();
        long now = System.nanoTime();
        for (SfuRoom r : rooms()) {
            for (SfuParticipant p : r.participants()) {
                out.add(ParticipantQuality.of(p, now));
            }
        }
        return out;
    }

    /** How many packet caches (one per published encoding) the live rooms hold, and their buffers' bytes. */
    public record PacketCacheUse(int caches, long bytes) {
    }

    /** The packet caches of every live room's published tracks now; walks the rooms, for gauges, not a hot path. */
    public PacketCacheUse packetCacheUse() {
        int caches = 0;
        long bytes = 0;
        for (SfuRoom r : rooms()) {
            for (SfuParticipant p : r.participants()) {
                for (UpTrack t : p.upTracks()) {
                    for (Encoding e : t.encodings) {
                        caches++;
                        bytes += e.cache.heldBytes();
                    }
                }
            }
        }
        return new PacketCacheUse(caches, bytes);
    }

    /** Packet-in to packet-out time inside the SFU, per forwarded packet. */
    public ForwardingDelay forwardingDelay() {
        return forwarder.delay();
    }

    public NetCounters netCounters() {
        return netCounters;
    }

    DtlsCertificate certificate() {
        return certificate;
    }

    SfuConfig config() {
        return config;
    }

    Forwarder forwarder() {
        return forwarder;
    }

    List<Candidate> localCandidates() {
        return candidates;
    }

    public int roomCount() {
        return rooms.size();
    }

    /**
     * {@inheritDoc} The room id is the SFU room's own identity: callers may use a meeting id for
     * its main room and other ids for breakouts; {@link ParticipantMedia#moveTo} changes it later.
     */
    @Override
    public ParticipantMedia join(String roomId, String participantId, MediaListener listener) {
        var p = new SfuParticipant(participantId, listener, this);
        p.attachment.join(roomId);
        return p;
    }

    /** The room with this id, made (with its recording, if one was started) when there is none. */
    SfuRoom liveRoom(String roomId) {
        return rooms.computeIfAbsent(roomId, id -> {
            var r = new SfuRoom(id, config.lastN(), config.audioLastN(), forwarder);
            RecordingTap tap = taps.get(id);
            if (tap != null) {
                r.setTap(tap);
            }
            return r;
        });
    }

    /** Drops {@code room} once its last participant left or moved away. */
    void dropIfEmpty(SfuRoom room) {
        rooms.computeIfPresent(room.id, (id, r) -> r == room && r.retireIfEmpty() ? null : r);
    }

    /**
     * Records a room: every track published in it, now or later, goes to {@code tap} until the
     * returned handle is closed (which ends every track's sink).
     */
    public AutoCloseable record(String roomId, RecordingTap tap) {
        if (taps.putIfAbsent(roomId, tap) != null) {
            throw new IllegalStateException("room " + roomId + " is already being recorded");
        }
        SfuRoom room = rooms.get(roomId);
        if (room != null) {
            room.setTap(tap);
        }
        return () -> {
            if (taps.remove(roomId, tap)) {
                SfuRoom r = rooms.get(roomId);
                if (r != null && r.tap() == tap) {
                    r.setTap(null);
                }
            }
        };
    }

    void register(PeerTransport t) {
        byUfrag.put(t.localUfrag(), t);
    }

    /** An ICE restart of {@code t}: its new ufrag is answered, the one before the previous no longer. */
    void restartIce(PeerTransport t) {
        String dropped = t.restartIce();
        if (dropped != null) {
            byUfrag.remove(dropped, t);
        }
        byUfrag.put(t.localUfrag(), t);
        counters.iceRestarts.increment();
    }

    void unregister(PeerTransport t) {
        for (String ufrag : t.ufrags()) {
            byUfrag.remove(ufrag, t);
        }
        PacketPath p = t.path;
        if (p != null) {
            byPath.remove(p, t);
        }
        byPath.values().removeIf(x -> x == t);
    }

    @Override
    public void onPacket(PacketKind kind, byte[] buf, int off, int len, PacketPath from) {
        long now = System.nanoTime();
        switch (kind) {
            case STUN -> onStun(buf, off, len, from, now);
            case DTLS -> {
                PeerTransport t = byPath.get(from);
                if (t == null) {
                    counters.dropNoSession.increment();
                    return;
                }
                t.onDtls(Arrays.copyOfRange(buf, off, off + len));
            }
            case RTP_RTCP -> {
                PeerTransport t = byPath.get(from);
                if (t == null) {
                    counters.dropNoSession.increment();
                    return;
                }
                SrtpContext rx = t.rx;
                if (rx == null) {
                    counters.dropNotConnected.increment();
                    return;
                }
                if (PacketKind.isRtcp(buf, off, len)) {
                    int n = rx.unprotectRtcp(buf, off, len);
                    if (n < 0) {
                        counters.dropSrtp.increment();
                        return;
                    }
                    t.onAuthenticated(from, now);
                    forwarder.onRtcp(t, buf, off, n, now);
                } else {
                    int n = rx.unprotectRtp(buf, off, len);
                    if (n < 0) {
                        counters.dropSrtp.increment();
                        return;
                    }
                    t.onAuthenticated(from, now);
                    if (t.kind == PeerTransport.Kind.PUBLISH) {
                        forwarder.onRtp(t, buf, off, n, now);
                    }
                }
            }
            default -> {
                // counted by the endpoint
            }
        }
    }

    @Override
    public void onPathClosed(PacketPath path) {
        byPath.remove(path);
    }

    /** ICE-lite: answer authenticated Binding requests and learn the peer's address (RFC 8445 §7.3). */
    private void onStun(byte[] buf, int off, int len, PacketPath from, long now) {
        StunMessage m;
        try {
            m = StunMessage.parse(buf, off, len);
        } catch (StunException e) {
            counters.dropBadStun.increment();
            return;
        }
        if (m.type() != Stun.BINDING_REQUEST) {
            return; // indications (keep-alives) and responses need nothing from a lite agent
        }
        counters.stunRequests.increment();
        if (!m.has(Stun.USERNAME)) {
            answerPlainBinding(m, from);
            return;
        }
        String username = m.username().orElse("");
        int colon = username.indexOf(':');
        String ufrag = colon > 0 ? username.substring(0, colon) : "";
        PeerTransport t = colon > 0 ? byUfrag.get(ufrag) : null;
        byte[] pwd = t == null ? null : t.pwdFor(ufrag);
        if (pwd == null) {
            counters.dropUnknownUfrag.increment();
            return;
        }
        if (!m.verifyFingerprint(false) || !m.verifyIntegrity(pwd)) {
            counters.dropBadIntegrity.increment();
            return;
        }
        byte[] response = new StunWriter(Stun.BINDING_SUCCESS, m.transactionId())
                .xorMappedAddress(from.remote())
                .messageIntegrity(pwd)
                .fingerprint()
                .toBytes();
        from.send(response, 0, response.length);
        PeerTransport previous = byPath.put(from, t);
        if (previous != null && previous != t) {
            LOG.debug("Address {} moved from {} to {}", from, previous.owner.id(), t.owner.id());
        }
        t.onCheck(from, m.has(Stun.USE_CANDIDATE), now);
    }

    /**
     * A Binding request without USERNAME is no ICE check but a plain STUN request (RFC 8489 §6.3):
     * answered with the address it came from, as a STUN server would, so a page can test that
     * UDP reaches the media port ({@code stun:<host>:<media port>} yields a server-reflexive
     * candidate) before any meeting. Nothing is learnt or bound; the answer is the request plus
     * the 12-byte XOR-MAPPED-ADDRESS (32 or 40 bytes), too little for the port to serve as an
     * amplifier towards a spoofed source.
     */
    private void answerPlainBinding(StunMessage m, PacketPath from) {
        if (!m.verifyFingerprint(false)) {
            counters.dropBadIntegrity.increment();
            return;
        }
        StunWriter w = new StunWriter(Stun.BINDING_SUCCESS, m.transactionId()).xorMappedAddress(from.remote());
        if (m.has(Stun.FINGERPRINT)) {
            w.fingerprint();
        }
        byte[] response = w.toBytes();
        // Counted and remembered before answering: whoever reads the answer may ask at once.
        counters.stunPlainBindings.increment();
        if (plainBindingSources.size() >= MAX_PLAIN_BINDING_SOURCES) {
            plainBindingSources.clear(); // bounded: a flood of sources forgets, it does not grow
        }
        plainBindingSources.put(from.remote().getAddress(), System.nanoTime());
        from.send(response, 0, response.length);
    }

    /**
     * Whether a plain Binding request from {@code address} was answered within {@code within}:
     * how the connection test learns that UDP from a browser's host reaches the media port when
     * the browser leaves out the answer (a server-reflexive candidate equal to a host candidate,
     * as on a network without NAT, is redundant to it).
     */
    public boolean answeredPlainBindingFrom(InetAddress address, Duration within) {
        Long at = plainBindingSources.get(address);
        return at != null && System.nanoTime() - at <= within.toNanos();
    }

    /** Transport-wide congestion feedback to publishers, every 50 ms (Chrome's GCC expects 50–100 ms). */
    private void feedbackSafely() {
        try {
            reports.transportFeedback();
        } catch (RuntimeException e) {
            LOG.warn("SFU feedback failed", e);
        }
    }

    private void tickSafely() {
        try {
            long now = System.nanoTime();
            reports.tick(now);
            checkConsent(now);
        } catch (RuntimeException e) {
            LOG.warn("SFU tick failed", e);
        }
    }

    /**
     * RFC 7675: a peer from which nothing authenticated arrived for the consent timeout (no ICE
     * check, no SRTP/SRTCP on its selected path) is gone.
     */
    private void checkConsent(long now) {
        long limit = config.consentTimeout().toNanos();
        for (PeerTransport t : byUfrag.values()) {
            boolean silent = t.path != null && now - t.lastConsentNanos > limit;
            boolean neverConnected = t.path == null && t.hasRemote() && now - t.createdNanos > 2 * limit;
            if ((silent || neverConnected) && !t.owner.isClosed()) {
                LOG.info("Participant {} lost ICE consent on its {} connection", t.owner.id(), t.kind);
                t.owner.transportFailed(t);
            }
        }
    }

    List<SfuRoom> rooms() {
        return List.copyOf(rooms.values());
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        udp.close();
        forwarder.close();
        if (tcp != null) {
            tcp.close();
        }
        byUfrag.values().forEach(PeerTransport::close);
    }
}
