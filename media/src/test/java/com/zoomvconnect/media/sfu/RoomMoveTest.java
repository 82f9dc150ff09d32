package com.zoomvconnect.media.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bookkeeping of a move between SFU rooms, without packets: down-tracks both ways, the
 * recording and speaker detection of each room, the listeners told, the transports kept. The
 * move with real packets is {@code RoomMoveMediaTest} in the load generator, next to its client.
 */
class RoomMoveTest {
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

    private final SfuFixture fixture = new SfuFixture();
    private final Sfu sfu = fixture.sfu;

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void moveSwapsWhoReceivesWhomAndKeepsBothTransports() {
        var aEvents = new Events();
        var bEvents = new Events();
        var mEvents = new Events();
        SfuParticipant a = fixture.joinAndPublish("A", "a", aEvents);
        SfuParticipant b = fixture.joinAndPublish("B", "b", bEvents);
        SfuParticipant m = fixture.joinAndPublish("A", "m", mEvents);
        assertEquals(Set.of("a"), publishersReceivedBy(m));
        assertEquals(Set.of("m"), publishersReceivedBy(a));
        assertEquals(Set.of(), publishersReceivedBy(b));
        String firstOffer = m.nextSubscribeOffer().orElseThrow().sdp();
        m.subscribeAnswer(SfuFixture.answer(firstOffer));
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
        List<DownTrack> fromB = m.downTracks().stream().filter(d -> d.isActive()).toList();
        assertTrue(fromB.stream().noneMatch(DownTrack::isFlowing), "nothing of B flows before the mover answers");
        m.subscribeAnswer(SfuFixture.answer(offer.sdp()));
        assertTrue(fromB.stream().allMatch(DownTrack::isFlowing), "the answer lets B's tracks flow");
        assertTrue(fromB.stream().filter(d -> d.source.isVideo()).allMatch(DownTrack::awaitingKeyframe), "video starts at a keyframe");
    }

    @Test
    void recordingAndSpeakerDetectionFollowTheRoom() throws Exception {
        var recA = new Recording();
        var recB = new Recording();
        try (var ra = sfu.record("A", recA); var rb = sfu.record("B", recB)) {
            fixture.joinAndPublish("A", "a", new Events());
            fixture.joinAndPublish("B", "b", new Events());
            SfuParticipant m = fixture.joinAndPublish("A", "m", new Events());
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
        SfuParticipant old = fixture.joinAndPublish("A", "x", new Events());
        SfuParticipant resumed = fixture.joinAndPublish("A", "x", new Events());
        old.close();
        long now = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            resumed.speakerLevel.update(0, now);
        }
        assertEquals(List.of("x"), room("A").speakers.loudest(3));
    }

    @Test
    void theLastToLeaveARoomDropsIt() {
        SfuParticipant m = fixture.joinAndPublish("A", "m", new Events());
        assertEquals(1, sfu.roomCount());
        m.moveTo("B");
        assertEquals(1, sfu.roomCount());
        assertEquals(List.of("B"), sfu.rooms().stream().map(r -> r.id).toList());
        SfuParticipant a = fixture.joinAndPublish("A", "a", new Events());
        assertEquals(Set.of(), publishersReceivedBy(a), "a fresh room A, without the mover");
    }

    @Test
    void movingWhereOneAlreadyIsChangesNothing() {
        var events = new Events();
        SfuParticipant m = fixture.joinAndPublish("A", "m", events);
        fixture.joinAndPublish("A", "a", new Events());
        events.seen.clear();
        m.moveTo("A");
        assertEquals(List.of(), events.seen);
        assertEquals(Set.of("a"), publishersReceivedBy(m));
    }

    @Test
    void aClosedSessionCannotMove() {
        SfuParticipant m = fixture.joinAndPublish("A", "m", new Events());
        m.close();
        assertThrows(IllegalStateException.class, () -> m.moveTo("B"));
        assertEquals(0, sfu.roomCount());
    }

    @Test
    void aPublishAfterTheMoveReachesOnlyTheNewRoom() {
        SfuParticipant a = fixture.joinAndPublish("A", "a", new Events());
        SfuParticipant b = fixture.joinAndPublish("B", "b", new Events());
        var m = fixture.join("A", "m", new Events());
        m.moveTo("B");
        m.publish(fixture.offer(), SfuFixture.sources());
        assertEquals(Set.of(), publishersReceivedBy(a));
        assertEquals(Set.of("m"), publishersReceivedBy(b));
        assertEquals(2, b.downTracks().stream().filter(d -> d.isActive()).count());
    }

    @Test
    void aPublishRacingAMoveLeavesNothingInTheOldRoom() throws Exception {
        for (int i = 0; i < 50; i++) {
            SfuParticipant a = fixture.joinAndPublish("A", "a" + i, new Events());
            SfuParticipant b = fixture.joinAndPublish("B", "b" + i, new Events());
            var m = fixture.join("A", "m" + i, new Events());
            var go = new java.util.concurrent.CountDownLatch(1);
            String offer = fixture.offer();
            Thread publisher = Thread.ofPlatform().start(() -> {
                awaitQuietly(go);
                m.publish(offer, SfuFixture.sources());
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

    private static Set<String> publishersReceivedBy(SfuParticipant p) {
        return p.downTracks().stream().filter(d -> d.isActive()).map(d -> d.source.publisher.id()).collect(Collectors.toSet());
    }

    private static String line(String sdp, String attribute) {
        int at = sdp.indexOf(attribute);
        return sdp.substring(at, sdp.indexOf('\r', at));
    }
}
