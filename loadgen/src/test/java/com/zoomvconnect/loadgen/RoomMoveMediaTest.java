package com.zoomvconnect.loadgen;

import com.zoomvconnect.media.client.ClientPeer;
import com.zoomvconnect.media.client.ClientSdp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.zoomvconnect.media.rtcp.RtcpPacket;
import com.zoomvconnect.media.rtcp.RtcpParser;
import com.zoomvconnect.media.rtp.RtpPacket;
import com.zoomvconnect.media.sdp.SdpParser;
import com.zoomvconnect.media.sdp.TransportParams;
import com.zoomvconnect.media.sfu.MediaListener;
import com.zoomvconnect.media.sfu.ParticipantMedia;
import com.zoomvconnect.media.sfu.Sfu;
import com.zoomvconnect.media.sfu.SfuConfig;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A participant's media session moves between two SFU rooms with real packets: four synthetic
 * clients on the load generator's {@link ClientPeer} (ICE, DTLS, SRTP over loopback UDP), driven
 * straight against the {@link Sfu} with no signaling server. Rooms A = {a, m} and B = {b, c}; m
 * moves from A to B. Every payload ends with its sender's tag, so each receiver counts per sender.
 */
class RoomMoveMediaTest {
    private static final int A = 0;
    private static final int M = 1;
    private static final int B = 2;
    private static final int C = 3;
    private static final int AUDIO = 0;
    private static final int VIDEO = 1;

    private Sfu sfu;
    private final List<Member> members = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        var lo = InetAddress.getLoopbackAddress();
        sfu = new Sfu(new SfuConfig(lo, 0, List.of(lo), 0, 1_000_000, Duration.ofSeconds(30), false, 0, 0));
    }

    @AfterEach
    void stop() {
        members.forEach(Member::close);
        sfu.close();
    }

    @Test
    void movedParticipantIsReRoutedAndIsolatedWithoutANewHandshake() throws Exception {
        Member a = join("A", A);
        Member m = join("A", M);
        Member b = join("B", B);
        Member c = join("B", C);
        for (Member x : members) {
            x.publish();
        }
        for (Member x : members) {
            x.negotiate(); // as signaling does after the welcome: tracks others already publish
        }
        await(() -> m.receiving(A) && a.receiving(M) && b.receiving(C) && c.receiving(B), "media flows inside each room");
        await(() -> sfu.counters().dtlsHandshakes.sum() == 8, "two connections per participant");
        assertEquals(0, m.total(B) + m.total(C) + b.total(M) + c.total(M) + a.total(B) + b.total(A),
                "nothing crosses between the rooms");
        String offerBefore = m.offers.getLast();
        int plisAtB = b.plis.get();
        int renegotiations = m.renegotiations.get();

        m.media.moveTo("B");

        assertEquals(List.of("B"), m.moves, "the listener learnt the move");
        assertTrue(m.renegotiations.get() > renegotiations, "the listener was told its subscriptions changed");
        assertEquals("B", m.media.roomId());
        await(() -> m.receiving(B) && m.receiving(C), "the mover receives B's audio and video");
        await(() -> b.receiving(M) && c.receiving(M), "B's members receive the mover");
        await(() -> b.plis.get() > plisAtB, "a keyframe request reaches B's video publisher");

        long fromA = m.total(A);
        long mAtA = a.total(M);
        long fromB = m.total(B);
        await(() -> m.total(B) > fromB + 50, "another second of B's media reaches the mover");
        assertEquals(fromA, m.total(A), "the mover no longer receives A");
        assertEquals(mAtA, a.total(M), "A no longer receives the mover");
        assertEquals(0, a.total(B) + a.total(C) + b.total(A) + c.total(A), "A and B stay apart");

        assertEquals(8, sfu.counters().dtlsHandshakes.sum(), "no new DTLS handshake");
        assertEquals(1, m.connects.get(), "the mover's client connected its subscribe connection once");
        String offerAfter = m.offers.getLast();
        for (String attribute : List.of("a=ice-ufrag:", "a=ice-pwd:", "a=fingerprint:")) {
            assertEquals(line(offerBefore, attribute), line(offerAfter, attribute), "the renegotiation keeps " + attribute);
        }
    }

    private Member join(String room, int tag) {
        var x = new Member(tag);
        x.media = sfu.join(room, "p" + tag, x);
        members.add(x);
        return x;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    private static String line(String sdp, String attribute) {
        int at = sdp.indexOf(attribute);
        return sdp.substring(at, sdp.indexOf('\r', at));
    }

    /**
     * One synthetic participant without a signaling server: publishes Opus-sized audio (every
     * 20 ms) and one-packet VP8 frames (every 40 ms, a keyframe when asked by PLI), answers every
     * subscribe offer as {@code SignalConnection} relays them, and counts what it receives by the
     * sender's tag (the payload's last byte).
     */
    private static final class Member implements MediaListener, AutoCloseable {
        final int tag;
        final ClientPeer publisher;
        final ClientPeer subscriber;
        final AtomicLongArray received = new AtomicLongArray(8); // [sender tag * 2 + AUDIO/VIDEO]
        final AtomicInteger plis = new AtomicInteger();
        final AtomicInteger renegotiations = new AtomicInteger();
        final AtomicInteger connects = new AtomicInteger();
        final List<String> moves = new CopyOnWriteArrayList<>();
        final List<String> offers = new CopyOnWriteArrayList<>();
        private final RtcpParser rtcp = new RtcpParser();
        private final long audioSsrc;
        private final long videoSsrc;
        volatile ParticipantMedia media;
        private volatile boolean keyframe = true;
        private volatile boolean running = true;

        Member(int tag) {
            this.tag = tag;
            this.audioSsrc = 1000L + 16 * tag;
            this.videoSsrc = audioSsrc + 1;
            this.publisher = new ClientPeer(new ClientPeer.Receiver() {
                @Override
                public void rtp(byte[] buf, int off, int len, long nowNanos) {
                }

                @Override
                public void rtcp(byte[] buf, int off, int len) {
                    for (RtcpPacket p : rtcp.parse(buf, off, len)) {
                        if (p instanceof RtcpPacket.Pli pli && pli.mediaSsrc() == videoSsrc) {
                            plis.incrementAndGet();
                            keyframe = true;
                        }
                    }
                }
            });
            this.subscriber = new ClientPeer((buf, off, len, now) -> {
                int from = buf[off + len - 1];
                if (from >= 0 && from < 4) {
                    received.incrementAndGet(from * 2 + (RtpPacket.payloadType(buf, off) == 111 ? AUDIO : VIDEO));
                }
            });
        }

        void publish() throws Exception {
            String offer = ClientSdp.publishOffer(publisher.localParams("actpass"), audioSsrc, videoSsrc, videoSsrc + 2);
            var answer = media.publish(offer, List.of(new ParticipantMedia.TrackSource("0", "microphone"),
                    new ParticipantMedia.TrackSource("1", "camera")));
            publisher.connect(TransportParams.remote(SdpParser.parse(answer.sdp())), ClientSdp.candidates(answer.sdp()))
                    .get(20, TimeUnit.SECONDS);
            Thread.ofPlatform().daemon().name("move-test-sender-" + tag).start(this::send);
        }

        /** What {@code SignalConnection} does: the next subscribe offer, answered at once, until none is due. */
        synchronized void negotiate() {
            var next = media.nextSubscribeOffer();
            while (next.isPresent()) {
                String offer = next.get().sdp();
                offers.add(offer);
                media.subscribeAnswer(ClientSdp.subscribeAnswer(offer, subscriber.localParams("active")));
                if (connects.get() == 0) {
                    connects.incrementAndGet(); // the first offer starts ICE and DTLS; later ones only renegotiate
                    subscriber.connect(TransportParams.remote(SdpParser.parse(offer)), ClientSdp.candidates(offer));
                }
                next = media.nextSubscribeOffer();
            }
        }

        boolean receiving(int from) {
            return received.get(from * 2 + AUDIO) > 10 && received.get(from * 2 + VIDEO) > 5;
        }

        long total(int from) {
            return received.get(from * 2 + AUDIO) + received.get(from * 2 + VIDEO);
        }

        private void send() {
            TinyMedia.send(publisher, audioSsrc, videoSsrc, tag, () -> running, () -> {
                boolean key = keyframe;
                keyframe = false;
                return key;
            });
        }

        @Override
        public void renegotiationNeeded() {
            renegotiations.incrementAndGet();
            negotiate();
        }

        @Override
        public void movedTo(String roomId) {
            moves.add(roomId);
        }

        @Override
        public void connectionLost() {
        }

        @Override
        public void close() {
            running = false;
            media.close();
            publisher.close();
            subscriber.close();
        }
    }
}
