package com.zoomvconnect.media.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.media.TrackSource;
import com.zoomvconnect.media.rtp.RtpPacket;
import com.zoomvconnect.media.sdp.Codec;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A probe cluster through a real SFU: what leaves for the subscriber, and what is counted. */
class ProberTest {
    private static final Codec VP8 = new Codec(96, Codec.VP8, 90_000, 1, "", 97, List.of());

    private final SfuFixture fixture = new SfuFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void sendsAClusterOfPaddingAfterTheFrameAtTheTargetRateOncePerFeedback() throws Exception {
        var publisher = fixture.join("room", "pub", SfuFixture.quietListener());
        SfuParticipant subscriber = fixture.join("room", "sub", SfuFixture.quietListener());
        var up = new UpTrack("t", "0", "video", TrackSource.CAMERA, VP8, 0x1111, -1, List.of(), publisher, 0, null);
        subscriber.addDownTrack(up);
        DownTrack d = subscriber.downTracks().get(0);
        d.negotiated();
        subscriber.downlink().setExtensionId(3);
        var path = new SfuFixture.FakePath(5004);
        SfuFixture.connect(subscriber.subscribe, path);

        byte[] b = SfuFixture.rtp(0x1111, 96, 500, SfuFixture.VP8_KEYFRAME);
        b[1] |= (byte) 0x80; // the frame's last packet
        var p = new ReceivedPacket();
        assertTrue(p.parse(b, 0, b.length));
        p.keyframe = true;
        assertTrue(d.decide(p, System.nanoTime()).forwards());

        SfuCounters counters = fixture.sfu.counters();
        Prober prober = fixture.sfu.forwarder().prober();
        path.keep = true;
        long need = 3 * fixture.sfu.config().downlinkStartBps(); // the estimate starts at 2.5 Mbit/s: probe at 7.5
        prober.probe(subscriber, need, System.nanoTime());
        prober.probe(subscriber, need, System.nanoTime());
        assertEquals(1, counters.probeClusters.sum(), "one cluster in flight per subscriber");
        long deadline = System.nanoTime() + 5_000_000_000L;
        long clusterBytes = need * Prober.CLUSTER_NANOS / 8_000_000_000L;
        while (counters.probeBytes.sum() < clusterBytes && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        System.out.println("cluster sent after " + (System.nanoTime() - deadline + 5_000_000_000L) / 1_000_000 + " ms: " + counters.probeBytes.sum() + " bytes");
        Thread.sleep(100); // the cluster is over: nothing more comes
        assertTrue(counters.probeBytes.sum() >= clusterBytes, counters.probeBytes.sum() + " of " + clusterBytes);
        assertTrue(counters.probeBytes.sum() < clusterBytes + 300, "not beyond the cluster: " + counters.probeBytes.sum());
        // RTP only: the ticker may send the subscriber RTCP meanwhile (RFC 5761 §4: types 200-206).
        List<byte[]> rtp = path.kept.stream().filter(x -> (x[1] & 0xFF) < 192 || (x[1] & 0xFF) > 223).toList();
        assertEquals(counters.probePackets.sum(), rtp.size());

        int seq = 500;
        for (byte[] s : rtp) {
            assertEquals(0x20, s[0] & 0x20, "padding bit");
            assertEquals(96, RtpPacket.payloadType(s, 0));
            assertEquals(d.ssrc, RtpPacket.ssrc(s, 0));
            assertEquals(++seq, RtpPacket.sequence(s, 0), "numbered on from the frame, no gap");
            assertTrue(RtpPacket.findExtension(s, 0, s.length, 3) >= 0, "transport-wide number stamped");
        }
        assertEquals(0, counters.probeFailures.sum());
    }
}
