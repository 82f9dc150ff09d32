package com.zoomvconnect.media.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.media.TrackSource;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ParticipantMedia#applyBlocked}: how a host's "mute" is enforced by the SFU. A publisher
 * and a subscriber in one room, both connections standing in for finished handshakes, packets
 * driven into the packet path as they arrive from the publish connection.
 */
class BlockedSourcesTest {
    private final SfuFixture fixture = new SfuFixture();
    private final SfuCounters counters = fixture.sfu.counters();
    private final SfuParticipant publisher = fixture.join("room", "pub", SfuFixture.quietListener());
    private final SfuParticipant subscriber = fixture.join("room", "sub", SfuFixture.quietListener());
    private int seq;

    @AfterEach
    void close() {
        fixture.close();
    }

    /**
     * Publishes, and the subscriber answers the offer and connects. The publish connection stays unconnected until a
     * test needs keyframe requests to reach the publisher: forwarding does not need it.
     */
    private void publishAndConnect() {
        publisher.publish(fixture.offer(), SfuFixture.sources());
        SfuFixture.answerOffer(subscriber);
        SfuFixture.connect(subscriber.subscribe, new SfuFixture.FakePath(40001));
    }

    private UpTrack track(TrackSource source) {
        return publisher.upTracks().stream().filter(u -> u.source == source).findFirst().orElseThrow();
    }

    private void send(TrackSource source, byte[] payload) {
        UpTrack up = track(source);
        int pt = up.isVideo() ? SfuFixture.VP8_PT : SfuFixture.OPUS_PT;
        byte[] b = SfuFixture.rtp(up.encodings[0].ssrc(), pt, ++seq, payload);
        fixture.sfu.forwarder().onRtp(publisher.publishTransport(), b, 0, b.length, System.nanoTime());
    }

    @Test
    void aBlockedSourceIsCachedButNotForwardedAndItsDropsAreCounted() {
        publishAndConnect();
        send(TrackSource.MICROPHONE, new byte[] {1, 2, 3});
        assertEquals(1, counters.rtpOut.sum(), "forwarded before the block");

        publisher.applyBlocked(EnumSet.of(TrackSource.MICROPHONE));
        send(TrackSource.MICROPHONE, new byte[] {4, 5, 6});

        assertTrue(track(TrackSource.MICROPHONE).blocked());
        assertFalse(track(TrackSource.MICROPHONE).forwardable());
        assertEquals(1, counters.rtpOut.sum(), "nothing more reaches the subscriber");
        assertEquals(1, counters.dropHeldBack.sum());
        assertEquals(2, counters.cached.sum(), "still cached");

        send(TrackSource.CAMERA, SfuFixture.VP8_KEYFRAME);
        assertEquals(2, counters.rtpOut.sum(), "the camera, not blocked, still flows");
        assertEquals(1, counters.dropHeldBack.sum());
    }

    @Test
    void unblockingResumesWithAKeyframeRequest() {
        publishAndConnect();
        send(TrackSource.CAMERA, SfuFixture.VP8_KEYFRAME);
        assertEquals(1, counters.rtpOut.sum());
        // Only now: the ticker retries keyframe requests for a subscriber still waiting for its first.
        SfuFixture.connect(publisher.publishTransport(), new SfuFixture.FakePath(40002));
        publisher.applyBlocked(EnumSet.of(TrackSource.CAMERA));
        send(TrackSource.CAMERA, SfuFixture.VP8_DELTA);
        assertEquals(1, counters.dropHeldBack.sum());
        assertEquals(0, counters.keyframeRequests.sum(), "blocking asks for nothing");

        publisher.applyBlocked(Set.of());

        assertTrue(track(TrackSource.CAMERA).forwardable());
        // At least one: the ticker's retry for the waiting down-track may come first, and the
        // 300 ms limit per encoding then holds back the second.
        assertTrue(counters.keyframeRequests.sum() >= 1, "a PLI goes to the publisher on unblock");
        assertTrue(subscriber.downTracks().stream().filter(d -> d.source.isVideo()).allMatch(DownTrack::awaitingKeyframe));
        send(TrackSource.CAMERA, SfuFixture.VP8_DELTA);
        assertEquals(1, counters.rtpOut.sum(), "an interframe after the gap is not forwarded");
        assertEquals(1, counters.drops(DropReason.AWAITING_KEYFRAME));
        send(TrackSource.CAMERA, SfuFixture.VP8_KEYFRAME);
        assertEquals(2, counters.rtpOut.sum(), "the keyframe resumes the camera");
        assertEquals(1, counters.dropHeldBack.sum());
    }

    @Test
    void aTrackPublishedWhileItsSourceIsBlockedStartsBlocked() {
        publisher.applyBlocked(EnumSet.of(TrackSource.CAMERA));
        publishAndConnect();
        UpTrack camera = track(TrackSource.CAMERA);
        assertTrue(camera.blocked());
        assertFalse(track(TrackSource.MICROPHONE).blocked());
        send(TrackSource.CAMERA, SfuFixture.VP8_KEYFRAME);
        send(TrackSource.MICROPHONE, new byte[] {1, 2, 3});
        assertEquals(1, counters.dropHeldBack.sum(), "the camera's keyframe was held back");
        assertEquals(1, counters.rtpOut.sum(), "only the microphone reached the subscriber");

        publisher.publish(fixture.offer(), SfuFixture.sources()); // new SSRCs: a new camera track
        assertNotSame(camera, track(TrackSource.CAMERA));
        assertTrue(track(TrackSource.CAMERA).blocked(), "a republished camera follows the standing decision");
        send(TrackSource.CAMERA, SfuFixture.VP8_KEYFRAME);
        assertEquals(2, counters.dropHeldBack.sum());
    }
}
