package com.zoomvconnect.cluster.cascade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.loadgen.TinyMedia;
import com.zoomvconnect.media.client.ClientPeer;
import com.zoomvconnect.media.client.ClientSdp;
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
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A relay link's media path between two SFUs in one process, without signaling: a publisher on
 * the origin SFU; the link's subscribe connection there (the edge as client: ICE, DTLS, SRTP);
 * what arrives published into the edge SFU as {@link RelaySdp} describes it, over a loopback
 * connection; a viewer on the edge receives both tracks, and its keyframe request crosses back to
 * the publisher on the origin ({@link CascadeLink#isFeedback} picks what goes back).
 */
class RelayMediaTest {
    private static final MediaListener QUIET = new MediaListener() {
        @Override
        public void renegotiationNeeded() {
        }

        @Override
        public void connectionLost() {
        }
    };

    private final List<AutoCloseable> open = new ArrayList<>();
    private volatile boolean running = true;

    @AfterEach
    void stop() throws Exception {
        running = false;
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    private Sfu sfu() {
        var lo = InetAddress.getLoopbackAddress();
        Sfu s = new Sfu(new SfuConfig(lo, 0, List.of(lo), 0, 1_000_000, Duration.ofSeconds(30), false, 0, 0));
        open.add(s);
        return s;
    }

    private <T extends AutoCloseable> T keep(T c) {
        open.add(c);
        return c;
    }

    @Test
    void aTrackRelayedIntoASecondSfuReachesItsViewerAndItsKeyframeRequestsReachThePublisher() throws Exception {
        Sfu origin = sfu();
        Sfu edge = sfu();
        long audioSsrc = 1111;
        long videoSsrc = 2222;

        // The presenter on the origin: audio every 20 ms, a one-packet VP8 frame every 40 ms, a keyframe when asked.
        AtomicInteger plis = new AtomicInteger();
        AtomicInteger keyframeAsked = new AtomicInteger(1);
        var parser = new RtcpParser();
        ClientPeer presenter = keep(new ClientPeer(new ClientPeer.Receiver() {
            @Override
            public void rtp(byte[] buf, int off, int len, long nowNanos) {
            }

            @Override
            public void rtcp(byte[] buf, int off, int len) {
                for (RtcpPacket p : parser.parse(buf, off, len)) {
                    if (p instanceof RtcpPacket.Pli pli && pli.mediaSsrc() == videoSsrc) {
                        plis.incrementAndGet();
                        keyframeAsked.set(1);
                    }
                }
            }
        }));
        ParticipantMedia presenterMedia = keep(origin.join("webinar", "presenter", QUIET));
        var answer = presenterMedia.publish(ClientSdp.publishOffer(presenter.localParams("actpass"), audioSsrc, videoSsrc, 3333),
                List.of(new ParticipantMedia.TrackSource("0", "microphone"), new ParticipantMedia.TrackSource("1", "camera")));
        presenter.connect(TransportParams.remote(SdpParser.parse(answer.sdp())), ClientSdp.candidates(answer.sdp()))
                .get(20, TimeUnit.SECONDS);
        Thread.ofPlatform().daemon().name("relay-test-presenter").start(() -> TinyMedia.send(presenter, audioSsrc, videoSsrc, 1,
                () -> running, () -> keyframeAsked.getAndSet(0) == 1));

        // The link: subscribes on the origin; each packet goes on, unchanged, to the relayed presenter's connection on the edge.
        Map<Long, ClientPeer> bySsrc = new ConcurrentHashMap<>();
        ClientPeer[] toOrigin = new ClientPeer[1];
        ClientPeer link = keep(new ClientPeer((buf, off, len, now) -> {
            ClientPeer p = bySsrc.get(RtpPacket.ssrc(buf, off));
            if (p != null) {
                p.sendRtp(buf, len);
            }
        }, new InetSocketAddress(0)));
        toOrigin[0] = link;
        ParticipantMedia linkMedia = keep(origin.join("webinar", "cascade-edge", QUIET));
        var offer = linkMedia.nextSubscribeOffer().orElseThrow();
        linkMedia.subscribeAnswer(ClientSdp.subscribeAnswer(offer.sdp(), link.localParams("active")));
        link.connect(TransportParams.remote(SdpParser.parse(offer.sdp())), ClientSdp.candidates(offer.sdp())).get(20, TimeUnit.SECONDS);
        List<RelayedTrack> tracks = RelaySdp.tracks(offer.sdp(), offer.tracks().stream()
                .map(t -> new RelaySdp.TrackRef(t.mid(), t.participantId(), t.trackId(), t.source())).toList());
        assertEquals(List.of("audio", "video"), tracks.stream().map(RelayedTrack::kind).sorted().toList());
        assertEquals(List.of("camera", "microphone"), tracks.stream().map(RelayedTrack::source).sorted().toList());

        // The relayed presenter on the edge, publishing what the link receives under the same SSRCs.
        AtomicInteger feedbackSent = new AtomicInteger();
        ClientPeer relayed = keep(new ClientPeer(new ClientPeer.Receiver() {
            @Override
            public void rtp(byte[] buf, int off, int len, long nowNanos) {
            }

            @Override
            public void rtcp(byte[] buf, int off, int len) {
                if (CascadeLink.isFeedback(buf, len)) {
                    feedbackSent.incrementAndGet();
                    toOrigin[0].sendRtcp(buf, len);
                }
            }
        }));
        ParticipantMedia relayedMedia = keep(edge.join("webinar", "presenter", QUIET));
        var sources = new ArrayList<ParticipantMedia.TrackSource>();
        for (int i = 0; i < tracks.size(); i++) {
            sources.add(new ParticipantMedia.TrackSource(Integer.toString(i), tracks.get(i).source()));
        }
        var published = relayedMedia.publish(RelaySdp.publishOffer(relayed.localParams("actpass"), tracks), sources);
        assertEquals(2, published.tracks().size(), published.sdp());
        tracks.forEach(t -> bySsrc.put(t.ssrc(), relayed));
        relayed.connect(TransportParams.remote(SdpParser.parse(published.sdp())), ClientSdp.candidates(published.sdp()))
                .get(20, TimeUnit.SECONDS);

        await(() -> plis.get() >= 1, "the origin asked the presenter for a keyframe for the link");
        Thread.sleep(1500); // the origin's own keyframe requests settle
        int plisBefore = plis.get();

        // A viewer on the edge.
        AtomicLong audio = new AtomicLong();
        AtomicLong video = new AtomicLong();
        ClientPeer viewer = keep(new ClientPeer((buf, off, len, now) -> {
            (RtpPacket.payloadType(buf, off) == 111 ? audio : video).incrementAndGet();
        }));
        ParticipantMedia viewerMedia = keep(edge.join("webinar", "viewer", QUIET));
        var viewerOffer = viewerMedia.nextSubscribeOffer().orElseThrow();
        assertEquals(2, viewerOffer.tracks().size());
        assertTrue(viewerOffer.tracks().stream().allMatch(t -> t.participantId().equals("presenter")), viewerOffer.tracks().toString());
        viewerMedia.subscribeAnswer(ClientSdp.subscribeAnswer(viewerOffer.sdp(), viewer.localParams("active")));
        viewer.connect(TransportParams.remote(SdpParser.parse(viewerOffer.sdp())), ClientSdp.candidates(viewerOffer.sdp()));

        await(() -> audio.get() > 20 && video.get() > 10, "audio and video at the edge's viewer");
        await(() -> feedbackSent.get() >= 1 && plis.get() > plisBefore, "the edge's keyframe request at the presenter");
    }

    private static void await(BooleanSupplier c, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
