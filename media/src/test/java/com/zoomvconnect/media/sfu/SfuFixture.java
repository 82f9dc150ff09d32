package com.zoomvconnect.media.sfu;

import com.zoomvconnect.media.dtls.DtlsCertificate;
import com.zoomvconnect.media.dtls.SrtpKeyMaterial;
import com.zoomvconnect.media.net.PacketKind;
import com.zoomvconnect.media.net.PacketPath;
import com.zoomvconnect.media.rtp.RtpPacket;
import com.zoomvconnect.media.srtp.SrtpContext;
import com.zoomvconnect.media.srtp.SrtpProfile;
import com.zoomvconnect.media.stun.Stun;
import com.zoomvconnect.media.stun.StunWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real {@link Sfu} on loopback for tests of this package, and what they do with it: join,
 * publish by SDP as a browser would, and stand in for a finished ICE/DTLS handshake on a fake
 * path, so packets can be driven into the packet path without client sockets.
 */
final class SfuFixture implements AutoCloseable {
    static final String FINGERPRINT = DtlsCertificate.generate().fingerprint();
    /** Payload type of Opus and of VP8 in {@link #offer()}. */
    static final int OPUS_PT = 111;
    static final int VP8_PT = 96;
    /** A VP8 key frame's first packet: descriptor with a 7-bit picture id, payload header with P=0 (RFC 7741 §4.2-4.3). */
    static final byte[] VP8_KEYFRAME = {(byte) 0x90, (byte) 0x80, 0x05, 0x10, 0x02};
    /** The same with P=1: an interframe. */
    static final byte[] VP8_DELTA = {(byte) 0x90, (byte) 0x80, 0x06, 0x11, 0x02};

    final Sfu sfu;
    private long nextSsrc = 1000;

    SfuFixture() {
        this(0);
    }

    /**
     * With {@code workers} media workers (0 = one per core), on NIO; with batched sends when the
     * build's second test run of this package sets {@code zvc.test.sendBatch} (media/pom.xml).
     */
    SfuFixture(int workers) {
        this(workers, Boolean.getBoolean("zvc.test.sendBatch"));
    }

    /** With {@code workers} media workers (0 = one per core), sending in batches if {@code sendBatch} ({@code media.sendbatch}). */
    SfuFixture(int workers, boolean sendBatch) {
        var lo = InetAddress.getLoopbackAddress();
        sfu = new Sfu(new SfuConfig(lo, 0, List.of(lo), 0, 1_000_000, Duration.ofSeconds(30), false, 0, 0, workers, sendBatch));
        if (sendBatch && !sfu.sendsBatched()) {
            throw new AssertionError("batched sends asked for, but the media port runs on NIO (epoll unavailable?)");
        }
    }

    @Override
    public void close() {
        sfu.close();
    }

    /** A listener that ignores everything. */
    static MediaListener quietListener() {
        return new MediaListener() {
            @Override
            public void renegotiationNeeded() {
            }

            @Override
            public void connectionLost() {
            }
        };
    }

    SfuParticipant join(String room, String id, MediaListener listener) {
        return (SfuParticipant) sfu.join(room, id, listener);
    }

    SfuParticipant joinAndPublish(String room, String id, MediaListener listener) {
        var p = join(room, id, listener);
        p.publish(offer(), sources());
        return p;
    }

    /** What the m-lines of {@link #offer()} carry: microphone, then camera. */
    static List<ParticipantMedia.TrackSource> sources() {
        return List.of(new ParticipantMedia.TrackSource("0", "microphone"), new ParticipantMedia.TrackSource("1", "camera"));
    }

    /** A browser's publish offer: Opus and VP8, each with a signalled SSRC (new ones each time). */
    String offer() {
        long audio = nextSsrc++;
        long video = nextSsrc++;
        String transport = "a=ice-ufrag:u" + audio + "\r\na=ice-pwd:p0123456789012345678901\r\na=fingerprint:sha-256 "
                + FINGERPRINT + "\r\na=setup:actpass\r\na=rtcp-mux\r\n";
        return "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\n"
                + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=sendonly\r\n" + transport
                + "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n"
                + "a=rtpmap:111 opus/48000/2\r\na=msid:s a\r\na=ssrc:" + audio + " cname:t\r\n"
                + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\na=sendonly\r\n" + transport
                + "a=rtpmap:96 VP8/90000\r\na=rtcp-fb:96 nack pli\r\na=msid:s v\r\na=ssrc:" + video + " cname:t\r\n";
    }

    /** A subscriber's answer: every m-line recvonly with its first codec. */
    static String answer(String offerSdp) {
        var offer = com.zoomvconnect.media.sdp.SdpParser.parse(offerSdp);
        var sb = new StringBuilder("v=0\r\no=- 2 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");
        for (var m : offer.media()) {
            String pt = m.formats().get(0);
            sb.append("m=").append(m.kind()).append(" 9 UDP/TLS/RTP/SAVPF ").append(pt).append("\r\nc=IN IP4 0.0.0.0\r\n")
                    .append("a=mid:").append(m.mid()).append("\r\na=recvonly\r\n")
                    .append("a=ice-ufrag:sub\r\na=ice-pwd:p0123456789012345678901\r\na=fingerprint:sha-256 ")
                    .append(FINGERPRINT).append("\r\na=setup:active\r\na=rtcp-mux\r\n")
                    .append("a=rtpmap:").append(pt).append(' ').append(m.rtpmaps().get(Integer.parseInt(pt))).append("\r\n");
        }
        return sb.toString();
    }

    /** The subscriber takes its pending subscribe offer, as a browser would: its down-tracks may flow then. */
    static void answerOffer(SfuParticipant subscriber) {
        subscriber.nextSubscribeOffer().ifPresent(o -> subscriber.subscribeAnswer(answer(o.sdp())));
    }

    /**
     * As if ICE had selected {@code path} and DTLS had finished on {@code t}: SRTP keys installed
     * (a fixed key; nothing here decrypts what is sent) and the participant told, as a real
     * handshake would.
     */
    static void connect(PeerTransport t, PacketPath path) {
        connect(t, path, SrtpProfile.AES128_CM_HMAC_SHA1_80);
    }

    /** As {@link #connect(PeerTransport, PacketPath)}, with SRTP profile {@code p} (fixed keys of its lengths). */
    static void connect(PeerTransport t, PacketPath path, SrtpProfile p) {
        t.path = path;
        t.lastConsentNanos = System.nanoTime(); // RFC 7675: fresh, so the ticker does not drop the peer
        t.onKeys(new SrtpKeyMaterial(p.id(), new byte[p.keyLength()], new byte[p.saltLength()], new byte[p.keyLength()],
                new byte[p.saltLength()]));
    }

    /**
     * The client's end of a transport {@link #connect}ed with profile {@code p}: an SRTP context under the
     * same fixed keys, to protect what a test's publisher sends or open what a subscriber is sent.
     */
    static SrtpContext peerContext(SrtpProfile p) {
        return new SrtpContext(p, new byte[p.keyLength()], new byte[p.saltLength()]);
    }

    /** An RTP packet (RFC 3550 §5.1) with {@code payload} after a 12-byte header. */
    static byte[] rtp(long ssrc, int pt, int seq, byte[] payload) {
        byte[] b = new byte[12 + payload.length];
        b[0] = (byte) 0x80;
        b[1] = (byte) pt;
        RtpPacket.setSequence(b, 0, seq);
        RtpPacket.setTimestamp(b, 0, 90_000L + 3000L * seq);
        RtpPacket.setSsrc(b, 0, ssrc);
        System.arraycopy(payload, 0, b, 12, payload.length);
        return b;
    }

    /**
     * ICE as a client does it (a nominating Binding request through the packet path, which selects
     * {@code path}) and a stand-in for DTLS on {@code t}; the SFU then finds {@code t} by that path.
     */
    void connectThroughIce(PeerTransport t, PacketPath path) {
        connectThroughIce(t, path, SrtpProfile.AES128_CM_HMAC_SHA1_80);
    }

    /** As {@link #connectThroughIce(PeerTransport, PacketPath)}, with SRTP profile {@code profile}. */
    void connectThroughIce(PeerTransport t, PacketPath path, SrtpProfile profile) {
        byte[] tid = new byte[12];
        new java.util.Random().nextBytes(tid);
        byte[] req = new StunWriter(Stun.BINDING_REQUEST, tid).username(t.localUfrag() + ":client").flag(Stun.USE_CANDIDATE)
                .messageIntegrity(t.localPwd()).fingerprint().toBytes();
        sfu.onPacket(PacketKind.STUN, req, 0, req.length, path);
        if (t.path != path) {
            throw new AssertionError("the check did not select the path");
        }
        connect(t, path, profile);
    }

    private static final java.util.regex.Pattern AUDIO_SSRC = java.util.regex.Pattern.compile("a=ssrc:(\\d+) ");

    /** {@code p} publishes a microphone and camera, connected at {@code path} through ICE; returns the microphone's SSRC. */
    long publishThroughIce(SfuParticipant p, PacketPath path) {
        return publishThroughIce(p, path, SrtpProfile.AES128_CM_HMAC_SHA1_80);
    }

    /** As {@link #publishThroughIce(SfuParticipant, PacketPath)}, with SRTP profile {@code profile}. */
    long publishThroughIce(SfuParticipant p, PacketPath path, SrtpProfile profile) {
        String offer = offer();
        var m = AUDIO_SSRC.matcher(offer);
        if (!m.find()) {
            throw new AssertionError("no audio SSRC in the offer");
        }
        p.publish(offer, sources());
        connectThroughIce(p.publishTransport(), path, profile);
        return Long.parseLong(m.group(1));
    }

    /** A participant {@code id} of {@code room} that answers its subscribe offer and is connected at {@code path} through ICE. */
    SfuParticipant subscribeThroughIce(String room, String id, PacketPath path) {
        return subscribeThroughIce(room, id, path, SrtpProfile.AES128_CM_HMAC_SHA1_80);
    }

    /** As {@link #subscribeThroughIce(String, String, PacketPath)}, with SRTP profile {@code profile}. */
    SfuParticipant subscribeThroughIce(String room, String id, PacketPath path, SrtpProfile profile) {
        SfuParticipant s = join(room, id, quietListener());
        answerOffer(s);
        connectThroughIce(s.subscribe, path, profile);
        return s;
    }

    /** A UDP address on loopback that a test's path stands for; subclasses say what a send does. */
    abstract static class LoopbackPath implements PacketPath {
        private final InetSocketAddress remote;

        LoopbackPath(int port) {
            this.remote = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        }

        @Override
        public InetSocketAddress remote() {
            return remote;
        }

        @Override
        public String protocol() {
            return "udp";
        }

        @Override
        public boolean isOpen() {
            return true;
        }
    }

    /** A remote transport address that accepts every packet and counts them (and keeps copies, if asked). */
    static final class FakePath extends LoopbackPath {
        final AtomicInteger sent = new AtomicInteger();
        /** Copies of the datagrams sent while {@link #keep} is set (SRTP leaves the RTP header in the clear). */
        final List<byte[]> kept = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile boolean keep;
        FakePath(int port) {
            super(port);
        }

        @Override
        public boolean send(byte[] buf, int off, int len) {
            sent.incrementAndGet();
            if (keep) {
                kept.add(java.util.Arrays.copyOfRange(buf, off, off + len));
            }
            return true;
        }
    }
}
