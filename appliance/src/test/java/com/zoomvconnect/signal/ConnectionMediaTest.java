package com.zoomvconnect.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.auth.JoinGrant;
import com.zoomvconnect.bus.InMemoryEventBus;
import com.zoomvconnect.error.ErrorCode;
import com.zoomvconnect.media.TrackSource;
import com.zoomvconnect.media.sfu.ParticipantMedia;
import com.zoomvconnect.meeting.Admission;
import com.zoomvconnect.meeting.LiveMeetings;
import com.zoomvconnect.meeting.ParticipantLink;
import com.zoomvconnect.meeting.Room;
import com.zoomvconnect.meeting.RoomEvent;
import com.zoomvconnect.meeting.RoomPolicy;
import com.zoomvconnect.meeting.RoomRecords;
import com.zoomvconnect.store.Database;
import com.zoomvconnect.store.DatabaseConfig;
import com.zoomvconnect.store.MeetingDao;
import com.zoomvconnect.store.MeetingRecord;
import com.zoomvconnect.store.UserDao;
import com.zoomvconnect.store.UserRecord;
import com.zoomvconnect.testing.TestAppliance;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A connection's media session keeps no room state: it forwards the room's decisions to the SFU. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectionMediaTest {
    private static final String OWNER = "olga";
    private final Clock clock = Clock.systemUTC();
    private Database db;
    private LiveMeetings live;
    private Room room;
    private final List<ServerMessage> sent = new ArrayList<>();

    /** The SFU side, recording what it is told. */
    private static final class FakeMedia implements ParticipantMedia {
        final List<Set<com.zoomvconnect.media.TrackSource>> applied = new ArrayList<>();
        List<com.zoomvconnect.media.TrackSource> offered = List.of();

        @Override
        public PublishAnswer publish(String offerSdp, List<ParticipantMedia.TrackSource> sources) {
            offered = sources.stream().map(s -> com.zoomvconnect.media.TrackSource.fromWire(s.source()).orElseThrow()).toList();
            return new PublishAnswer("answer", sources.stream().map(s -> new PublishedTrack("t-" + s.mid(), s.mid(),
                    com.zoomvconnect.media.TrackSource.fromWire(s.source()).orElseThrow().isAudio() ? "audio" : "video", s.source())).toList(), List.of());
        }

        @Override
        public Optional<SubscribeOffer> nextSubscribeOffer() {
            return Optional.empty();
        }

        @Override
        public void restartSubscribeIce() {
        }

        @Override
        public void resumeFor(com.zoomvconnect.media.sfu.MediaListener listener) {
        }

        @Override
        public void subscribeAnswer(String answerSdp) {
        }

        @Override
        public void applyBlocked(Set<com.zoomvconnect.media.TrackSource> blocked) {
            applied.add(blocked);
        }

        @Override
        public void setVisibleVideo(Set<String> participantIds) {
        }

        @Override
        public void setVideoSizes(Map<String, Integer> heightByParticipant) {
        }

        @Override
        public String dominantSpeaker() {
            return null;
        }

        @Override
        public void moveTo(String roomId) {
            throw new UnsupportedOperationException("signaling does not move sessions yet");
        }

        @Override
        public String roomId() {
            return "room";
        }

        @Override
        public void close() {
        }
    }

    private static final ParticipantLink QUIET = new ParticipantLink() {
        @Override
        public void deliver(RoomEvent event) {
        }

        @Override
        public void admission(Admission admission) {
        }

        @Override
        public void disconnect(String reason) {
        }
    };

    @BeforeAll
    void open() {
        db = Database.open(DatabaseConfig.embedded(TestAppliance.tempDir()));
        var now = clock.instant();
        db.jdbi().useTransaction(h -> new UserDao().insert(h, new UserRecord(OWNER, "olga@example.com", "Olga", "$argon2id$x",
                UserRecord.ROLE_USER, false, now, now)));
        // Attendees enter muted, so the room holds back their microphone from the start.
        live = new LiveMeetings(new InMemoryEventBus(), clock, id -> new Room.Settings(OWNER, false, true, false),
                new RoomRecords(db, clock));
    }

    @AfterAll
    void close() {
        db.close();
    }

    @BeforeEach
    void liveMeeting() {
        String id = UUID.randomUUID().toString();
        var now = clock.instant();
        db.jdbi().useTransaction(h -> new MeetingDao().insert(h, new MeetingRecord(id, id.substring(0, 10), "Room", null, OWNER,
                MeetingRecord.LIVE, now, 60, "UTC", null, false, true, true, now, now, null, false)));
        room = live.room(id);
        room.enter(new JoinGrant(id, OWNER, "Olga", "host", false), "192.0.2.1", QUIET);
        room.enter(new JoinGrant(id, "ann", "Ann", "attendee", true), "192.0.2.2", QUIET);
    }

    @Test
    void attachingAppliesWhatTheRoomAlreadyHoldsBack() {
        var media = new FakeMedia();
        new ConnectionMedia(room, live.meeting(room.meetingId()).orElseThrow().breakouts(), "ann", sent::add).attach(media);
        assertEquals(List.of(Set.of(TrackSource.MICROPHONE)), media.applied);
    }

    @Test
    void eachChangeForwardsTheRoomsWholeDecision() {
        var media = new FakeMedia();
        var session = new ConnectionMedia(room, live.meeting(room.meetingId()).orElseThrow().breakouts(), "ann", sent::add);
        session.applyHeldBack(); // before admission there is nothing to apply it to
        session.attach(media);

        room.block(OWNER, "ann", TrackSource.SCREEN);
        session.applyHeldBack();
        room.setMuted("ann", TrackSource.MICROPHONE, false);
        session.applyHeldBack();

        assertEquals(List.of(Set.of(TrackSource.MICROPHONE),
                Set.of(TrackSource.MICROPHONE, TrackSource.SCREEN, TrackSource.SCREEN_AUDIO),
                Set.of(TrackSource.SCREEN, TrackSource.SCREEN_AUDIO)), media.applied);
    }

    @Test
    void publishingAsksTheRoomAndTellsItWhatIsPublished() {
        var media = new FakeMedia();
        var session = new ConnectionMedia(room, live.meeting(room.meetingId()).orElseThrow().breakouts(), "ann", sent::add);
        session.attach(media);

        session.publish(new ClientMessage.PublishOffer("offer", List.of(new ClientMessage.TrackSource("0", "microphone"),
                new ClientMessage.TrackSource("1", "camera"))));

        assertEquals(List.of(TrackSource.MICROPHONE, TrackSource.CAMERA), media.offered);
        assertTrue(sent.get(sent.size() - 1) instanceof ServerMessage.PublishAnswer);
        var tracks = room.participant("ann").orElseThrow().tracks();
        assertEquals(List.of(TrackSource.MICROPHONE, TrackSource.CAMERA), tracks.stream().map(t -> t.source()).toList());
        assertTrue(tracks.get(0).muted(), "a held-back microphone is published muted");

        room.setPolicy(OWNER, new RoomPolicy.PolicyChange(null, null, false, null, null, null, null, null, null));
        var refused = assertThrows(SignalException.class, () -> session.publish(new ClientMessage.PublishOffer("offer",
                List.of(new ClientMessage.TrackSource("2", "screen")))));
        assertEquals(ErrorCode.SCREEN_SHARE_NOT_ALLOWED, refused.errorCode());
        var unknown = assertThrows(SignalException.class, () -> session.publish(new ClientMessage.PublishOffer("offer",
                List.of(new ClientMessage.TrackSource("2", "hologram")))));
        assertEquals(ErrorCode.INVALID_FIELD, unknown.errorCode());
    }

    @Test
    void publishingWhileAMoveIsBeingDeliveredLandsInTheRoomTheParticipantIsIn() {
        var media = new FakeMedia();
        var breakouts = live.meeting(room.meetingId()).orElseThrow().breakouts();
        var session = new ConnectionMedia(room, breakouts, "ann", sent::add);
        session.attach(media);
        breakouts.configure(null, new com.zoomvconnect.meeting.Breakouts.Plan(List.of("One"), false, null, null));
        breakouts.assign(null, "ann", "b1");
        breakouts.open(null); // Ann is in b1 now; this session has not been told yet (moveTo not called)

        session.publish(new ClientMessage.PublishOffer("offer", List.of(new ClientMessage.TrackSource("0", "microphone"))));

        Room b1 = live.meeting(room.meetingId()).orElseThrow().room("b1").orElseThrow();
        assertEquals(List.of(TrackSource.MICROPHONE), b1.participant("ann").orElseThrow().tracks().stream().map(t -> t.source()).toList(),
                "the tracks are where Ann is");
        assertTrue(room.participant("ann").isEmpty(), "not left behind in the main room");
    }
}
