package com.zoomvconnect.media.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.media.dtls.DtlsCertificate;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bookkeeping of a move between SFU rooms, without packets: down-tracks both ways, the
 * recording and speaker detection of each room, the listeners told, the transports kept. The
 * move with real packets is {@code RoomMoveMediaTest} in the load generator, next to its client.
 */
class RoomMoveTest {
    private static final String FINGERPRINT = DtlsCertificate.generate().fingerprint();

    /** What the SFU told one participant's signaling connection. */
    private static final class Events implements MediaListener {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public void renegotiationNeeded() {
            seen.add("renegotiate");
        }

        @Override
        public void movedTo(String roomId) {
            seen.add("moved:" + roomId);
        }

        @Override
        public void connectionLost() {
            seen.add("lost");
        }
    }

    /** A recording that notes which tracks it was given and which ended. */
    private static final class Recording implements RecordingTap {
        final List<String> added = new CopyOnWriteArrayList<>();
        final List<String> ended = new CopyOnWriteArrayList<>();

        @Override
        public TrackSink trackAdded(RecordedTrack track) {
            added.add(track.trackId());
            return new TrackSink() {
                @Override
                public void onRtp(byte[] buf, int off, int len, int layer, long nowNanos) {
                }

                @Override
                public void trackEnded() {
                    ended.add(track.trackId());
                }
            };
        }
    }

    private Sfu sfu;
    private long nextSsrc = 1000;

    @BeforeEach
    void start() {
        var lo = InetAddress.getLoopbackAddress();
        sfu = new Sfu(new SfuConfig(lo, 0, List.of(lo), 0, 1_000_000, Duration.ofSeconds(30), false, 0, 0));
    }

    @AfterEach
    void stop() {
        sfu.close();
    }

    @Test
    void moveSwapsWhoReceivesWhomAndKeepsBothTransports() {
        var aEvents = new Events();
        var bEvents = new Events();
        var mEvents = new Events();
        SfuParticipant a = joinAndPublish("A", "a", aEvents);
        SfuParticipant b = joinAndPublish("B", "b", bEvents);
        SfuParticipant m = joinAndPublish("A", "m", mEvents);
        assertEquals(Set.of("a"), publishersReceivedBy(m));
        assertEquals(Set.of("m"), publishersReceivedBy(a));
        assertEquals(Set.of(), publishersReceivedBy(b));
        String firstOffer = m.nextSubscribeOffer().orElseThrow().sdp();
        m.subscribeAnswer(answer(firstOffer));
        PeerTransport subscribe = m.subscribe;
        PeerTransport publish = m.publishTransport();
        aEvents.seen.clear();
        bEvents.seen.clear();
        mEvents.seen.clear();

        m.moveTo("B");

        assertEquals("B", m.roomId());
        assertEquals(Set.of("b"), publishersReceivedBy(m));
        assertEquals(Set.of(), publishersReceivedBy(a), "the old room no longer receives the mover");
        assertEquals(Set.of("m"), publishersReceivedBy(b), "the new room receives the mover");
        for (UpTrack up : a.upTracks()) {
            assertTrue(up.downs.stream().noneMatch(d -> d.subscriber == m), "nothing of A is forwarded to the mover");
        }
        assertSame(subscribe, m.subscribe, "same subscribe transport");
        assertSame(publish, m.publishTransport(), "same publish transport");
        assertEquals(List.of("moved:B", "renegotiate"), mEvents.seen);
        assertEquals(List.of("renegotiate"), aEvents.seen);
        assertEquals(List.of("renegotiate"), bEvents.seen);

        var offer = m.nextSubscribeOffer().orElseThrow();
        assertEquals(Set.of("b"), offer.tracks().stream().map(t -> t.participantId()).collect(Collectors.toSet()));
        for (String attribute : List.of("a=ice-ufrag:", "a=ice-pwd:", "a=fingerprint:")) {
            assertEquals(line(firstOffer, attribute), line(offer.sdp(), attribute), "the renegotiation keeps " + attribute);
        }
    }

    @Test
    void recordingAndSpeakerDetectionFollowTheRoom() throws Exception {
        var recA = new Recording();
        var recB = new Recording();
        try (var ra = sfu.record("A", recA); var rb = sfu.record("B", recB)) {
            joinAndPublish("A", "a", new Events());
            joinAndPublish("B", "b", new Events());
            SfuParticipant m = joinAndPublish("A", "m", new Events());
            List<String> mTracks = m.upTracks().stream().map(u -> u.trackId).toList();
            assertTrue(recA.added.containsAll(mTracks));
            long now = System.nanoTime();
            for (int i = 0; i < 50; i++) {
                m.speakerLevel.update(0, now); // loud
            }
            assertTrue(room("A").speakers.loudest(3).contains("m"));

            m.moveTo("B");

            assertTrue(recA.ended.containsAll(mTracks), "the old room's recording ends the mover's tracks");
            assertTrue(recB.added.containsAll(mTracks), "the new room's recording gets them");
            assertFalse(recA.ended.stream().anyMatch(t -> !mTracks.contains(t)), "A's own tracks keep recording");
            assertFalse(room("A").speakers.loudest(3).contains("m"));
            assertEquals(List.of("m"), room("B").speakers.loudest(3), "the new room hears the mover at once");
            for (UpTrack up : m.upTracks()) {
                assertTrue(up.hasSink());
            }
        }
    }

    @Test
    void anOldSessionLeavingKeepsItsSuccessorInSpeakerDetection() {
        SfuParticipant old = joinAndPublish("A", "x", new Events());
        SfuParticipant resumed = joinAndPublish("A", "x", new Events());
        old.close();
        long now = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            resumed.speakerLevel.update(0, now);
        }
        assertEquals(List.of("x"), room("A").speakers.loudest(3));
    }

    @Test
    void theLastToLeaveARoomDropsIt() {
        SfuParticipant m = joinAndPublish("A", "m", new Events());
        assertEquals(1, sfu.roomCount());
        m.moveTo("B");
        assertEquals(1, sfu.roomCount());
        assertEquals(List.of("B"), sfu.rooms().stream().map(r -> r.id).toList());
        SfuParticipant a = joinAndPublish("A", "a", new Events());
        assertEquals(Set.of(), publishersReceivedBy(a), "a fresh room A, without the mover");
    }

    @Test
    void movingWhereOneAlreadyIsChangesNothing() {
        var events = new Events();
        SfuParticipant m = joinAndPublish("A", "m", events);
        joinAndPublish("A", "a", new Events());
        events.seen.clear();
        m.moveTo("A");
        assertEquals(List.of(), events.seen);
        assertEquals(Set.of("a"), publishersReceivedBy(m));
    }

    @Test
    void aClosedSessionCannotMove() {
        SfuParticipant m = joinAndPublish("A", "m", new Events());
        m.close();
        assertThrows(IllegalStateException.class, () -> m.moveTo("B"));
        assertEquals(0, sfu.roomCount());
    }

    @Test
    void aPublishAfterTheMoveReachesOnlyTheNewRoom() {
        SfuParticipant a = joinAndPublish("A", "a", new Events());
        SfuParticipant b = joinAndPublish("B", "b", new Events());
        var m = (SfuParticipant) sfu.join("A", "m", new Events());
        m.moveTo("B");
        m.publish(offer(), sources());
        assertEquals(Set.of(), publishersReceivedBy(a));
        assertEquals(Set.of("m"), publishersReceivedBy(b));
        assertEquals(2, b.downTracks().stream().filter(d -> d.isActive()).count());
    }

    @Test
    void aPublishRacingAMoveLeavesNothingInTheOldRoom() throws Exception {
        for (int i = 0; i < 50; i++) {
            SfuParticipant a = joinAndPublish("A", "a" + i, new Events());
            SfuParticipant b = joinAndPublish("B", "b" + i, new Events());
            var m = (SfuParticipant) sfu.join("A", "m" + i, new Events());
            var go = new java.util.concurrent.CountDownLatch(1);
            String offer = offer();
            Thread publisher = Thread.ofPlatform().start(() -> {
                awaitQuietly(go);
                m.publish(offer, sources());
            });
            go.countDown();
            m.moveTo("B");
            publisher.join();
            assertEquals(Set.of(), publishersReceivedBy(a), "round " + i);
            assertEquals(Set.of("m" + i), publishersReceivedBy(b), "round " + i);
            assertEquals(2, b.downTracks().stream().filter(d -> d.isActive()).count(), "round " + i);
            for (SfuParticipant p : List.of(a, b, m)) {
                p.close();
            }
        }
    }

    private static void awaitQuietly(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private SfuRoom room(String id) {
        return sfu.rooms().stream().filter(r -> r.id.equals(id)).findFirst().orElseThrow();
    }

    private SfuParticipant joinAndPublish(String room, String id, MediaListener listener) {
        var p = (SfuParticipant) sfu.join(room, id, listener);
        p.publish(offer(), sources());
        return p;
    }

    private static Set<String> publishersReceivedBy(SfuParticipant p) {
        return p.downTracks().stream().filter(d -> d.isActive()).map(d -> d.source.publisher.id()).collect(Collectors.toSet());
    }

    private static List<ParticipantMedia.TrackSource> sources() {
        return List.of(new ParticipantMedia.TrackSource("0", "microphone"), new ParticipantMedia.TrackSource("1", "camera"));
    }

    private static String line(String sdp, String attribute) {
        int at = sdp.indexOf(attribute);
        return sdp.substring(at, sdp.indexOf('\r', at));
    }

    /** A browser's publish offer: Opus and VP8, each with a signalled SSRC. */
    private String offer() {
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
    private static String answer(String offerSdp) {
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
}
