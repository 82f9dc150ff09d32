package com.zoomvconnect.media.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.media.TrackSource;
import com.zoomvconnect.media.rtp.RtpPacket;
import com.zoomvconnect.media.sdp.Codec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The receive stages run in the documented order, each counted, and a stage that ends a packet's way ends it. */
class ReceivePipelineTest {
    private static final Codec VP8 = new Codec(96, Codec.VP8, 90_000, 1, "", 97, List.of());
    private static final long SSRC = 0x1111;
    private static final long RTX_SSRC = 0x2222;

    private final SfuFixture fixture = new SfuFixture();
    private final Sfu sfu = fixture.sfu;
    private SfuParticipant subscriber;
    private UpTrack up;
    private Encoding enc;
    /** What the recording tap saw: sequence number, SSRC, and whether the cache already held it. */
    private final List<long[]> recorded = new ArrayList<>();

    @BeforeEach
    void publisherAndSubscriber() {
        var publisher = fixture.join("room", "pub", SfuFixture.quietListener());
        subscriber = fixture.join("room", "sub", SfuFixture.quietListener());
        up = new UpTrack("t", "0", "video", TrackSource.CAMERA, VP8, SSRC, RTX_SSRC, List.of(), publisher, 0, null);
        enc = up.encodings[0];
        subscriber.addDownTrack(up); // its connection has no DTLS yet: fan-out drops as NOT_CONNECTED
        subscriber.downTracks().forEach(DownTrack::negotiated); // as if the subscriber had answered an offer with it
        up.attachSink(new RecordingTap.TrackSink() {
            private final byte[] probe = new byte[1500];

            @Override
            public void onRtp(byte[] buf, int off, int len, int layer, long nowNanos) {
                int seq = RtpPacket.sequence(buf, off);
                recorded.add(new long[] {seq, RtpPacket.ssrc(buf, off), enc.cache.get(seq, probe, 0) >= 0 ? 1 : 0});
            }

            @Override
            public void trackEnded() {
            }
        });
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    /** RTP with a VP8 descriptor and payload; {@code payload} 0 makes a padding-only packet. */
    private static ReceivedPacket packet(long ssrc, int pt, int seq, byte[] payload) {
        byte[] b = SfuFixture.rtp(ssrc, pt, seq, payload);
        var p = new ReceivedPacket();
        assertTrue(p.parse(b, 0, b.length));
        return p;
    }

    private static final byte[] VP8_PAYLOAD = SfuFixture.VP8_KEYFRAME;

    @Test
    void theRecordingTapSeesTheUnwrappedPacketAfterTheCache() {
        var counters = sfu.counters();
        byte[] rtx = new byte[2 + VP8_PAYLOAD.length];
        rtx[0] = 0x01;
        rtx[1] = 0x2C; // RFC 4588 §4: original sequence number 300 first
        System.arraycopy(VP8_PAYLOAD, 0, rtx, 2, VP8_PAYLOAD.length);
        sfu.forwarder().receive(enc, packet(RTX_SSRC, 97, 7, rtx), System.nanoTime());

        assertEquals(1, recorded.size());
        assertEquals(300, recorded.get(0)[0], "RTX unwrapped before the tap");
        assertEquals(SSRC, recorded.get(0)[1]);
        assertEquals(1, recorded.get(0)[2], "the cache held the packet when the tap got it");
        assertEquals(1, counters.rtxUnwrapped.sum());
        assertEquals(1, counters.cached.sum());
        assertEquals(1, counters.recorded.sum());
        assertEquals(1, counters.fannedOut.sum());
        assertEquals(1, counters.drops(DropReason.NOT_CONNECTED), "fan-out came last and counted its drop");
    }

    @Test
    void aPaddingOnlyProbeEndsAtTheCacheStage() {
        var counters = sfu.counters();
        sfu.forwarder().receive(enc, packet(SSRC, 96, 1, new byte[0]), System.nanoTime());
        assertEquals(1, counters.rtpIn.sum(), "statistics saw it");
        assertEquals(1, counters.dropPadding.sum());
        assertEquals(0, counters.cached.sum());
        assertEquals(0, recorded.size());
        assertEquals(0, counters.fannedOut.sum());
    }

    @Test
    void aBlockedTrackIsCachedButNeitherRecordedNorForwarded() {
        var counters = sfu.counters();
        up.block(true);
        sfu.forwarder().receive(enc, packet(SSRC, 96, 2, VP8_PAYLOAD), System.nanoTime());
        assertEquals(1, counters.cached.sum());
        assertEquals(0, counters.recorded.sum());
        assertEquals(0, counters.fannedOut.sum());
        assertEquals(1, counters.dropHeldBack.sum());
        assertEquals(0, counters.drops(DropReason.NOT_CONNECTED));
    }

    @Test
    void aRetransmissionGoesOutAsTheForwardedPacketDid() {
        DownTrack d = subscriber.downTracks().get(0);
        subscriber.downlink().setExtensionId(3);
        ReceivedPacket p = packet(SSRC, 96, 40, VP8_PAYLOAD);
        p.keyframe = true;
        enc.cache.put(p.seq, p.buf, p.off, p.len);
        long now = System.nanoTime();
        byte[] first = new byte[1600];
        System.arraycopy(p.buf, p.off, first, 0, p.len);
        ForwardDecision f = d.decide(p, now);
        int n = d.write(f, first, p.len, now);

        ForwardDecision r = d.decideRetransmit(f.seq());
        byte[] again = new byte[1600];
        int len = d.cacheFor(r.layer()).get(r.sourceSeq(), again, 0);
        int m = d.write(r, again, len, now);

        assertEquals(n, m);
        for (byte[] b : new byte[][] {first, again}) {
            assertEquals(d.codec.payloadType(), RtpPacket.payloadType(b, 0));
            assertEquals(d.ssrc, RtpPacket.ssrc(b, 0));
            assertEquals(f.seq(), RtpPacket.sequence(b, 0));
            assertEquals(f.timestamp(), RtpPacket.timestamp(b, 0));
        }
        long t1 = RtpPacket.findExtension(first, 0, n, 3);
        long t2 = RtpPacket.findExtension(again, 0, m, 3);
        assertEquals(2, t1 & 0xff, "transport-wide sequence number stamped (RFC 8285 one-byte element)");
        int s1 = ((first[(int) (t1 >>> 8)] & 0xff) << 8) | (first[(int) (t1 >>> 8) + 1] & 0xff);
        int s2 = ((again[(int) (t2 >>> 8)] & 0xff) << 8) | (again[(int) (t2 >>> 8) + 1] & 0xff);
        assertEquals(s1 + 1, s2, "each packet sent gets the next transport-wide number");
        assertEquals(java.util.HexFormat.of().formatHex(first, n - VP8_PAYLOAD.length, n),
                java.util.HexFormat.of().formatHex(again, m - VP8_PAYLOAD.length, m), "same payload and VP8 ids");
        assertEquals(1, d.packetsSent(), "a retransmission is not counted as a new packet in sender reports");
    }
}
