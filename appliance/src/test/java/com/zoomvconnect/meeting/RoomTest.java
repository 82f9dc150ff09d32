package com.zoomvconnect.meeting;

import static com.zoomvconnect.meeting.RoomFakes.guest;
import static com.zoomvconnect.meeting.RoomFakes.member;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.error.ErrorCode;
import com.zoomvconnect.media.TrackSource;
import com.zoomvconnect.meeting.RoomFakes.RecordingLink;
import com.zoomvconnect.store.Database;
import com.zoomvconnect.store.DatabaseConfig;
import com.zoomvconnect.store.MeetingDao;
import com.zoomvconnect.store.MeetingRecord;
import com.zoomvconnect.store.UserDao;
import com.zoomvconnect.store.UserRecord;
import com.zoomvconnect.testing.ManualClock;
import com.zoomvconnect.testing.TestAppliance;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The facade: the collaborators behind one monitor, deliveries after it, and the database for what outlives the room. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoomTest {
    private static final String OWNER = "olga";
    private final ManualClock clock = RoomFakes.clock();
    private Database db;
    private RoomRecords records;
    private String meetingId;
    private Room room;

    @BeforeAll
    void open() {
        db = Database.open(DatabaseConfig.embedded(TestAppliance.tempDir()));
        records = new RoomRecords(db, clock);
        var now = clock.instant();
        db.jdbi().useTransaction(h -> new UserDao().insert(h, new UserRecord(OWNER, "olga@example.com", "Olga", "$argon2id$x",
                UserRecord.ROLE_USER, false, now, now)));
    }

    @AfterAll
    void close() {
        db.close();
    }

    @BeforeEach
    void liveMeeting() {
        meetingId = UUID.randomUUID().toString();
        var now = clock.instant();
        db.jdbi().useTransaction(h -> new MeetingDao().insert(h, new MeetingRecord(meetingId, meetingId.substring(0, 10), "Room",
                null, OWNER, MeetingRecord.LIVE, now, 60, "UTC", null, false, true, false, now, now, null, false)));
        room = newRoom(false);
    }

    private Room newRoom(boolean waitingRoom) {
        return new Room(meetingId, LiveMeeting.MAIN, new Room.Settings(OWNER, waitingRoom, false, false), clock, records);
    }

    private RecordingLink enter(Room r, com.zoomvconnect.auth.JoinGrant grant) {
        clock.advance(Duration.ofSeconds(1));
        var link = new RecordingLink();
        assertInstanceOf(Admission.Admitted.class, r.enter(grant, "192.0.2.1", link));
        return link;
    }

    @Test
    void deliversOnlyAfterReleasingTheMonitor() {
        var heldWhileDelivering = new AtomicInteger();
        var watcher = new RecordingLink() {
            @Override
            public synchronized void deliver(RoomEvent event) {
                if (Thread.holdsLock(room)) {
                    heldWhileDelivering.incrementAndGet();
                }
                super.deliver(event);
            }
        };
        assertInstanceOf(Admission.Admitted.class, room.enter(member(OWNER, "host"), "192.0.2.1", watcher));
        enter(room, guest("ann"));
        room.published("ann", List.of(), List.of(new TrackInfo("v1", "video", TrackSource.CAMERA, false)));
        room.chat("ann", null, "hello");
        room.setHand("ann", null, true);
        room.block(OWNER, "ann", TrackSource.CAMERA);
        room.leave("ann", new RecordingLink(), "left"); // not ann's link: ignored
        // joined, track published, chat, hands, the camera track muted
        assertEquals(5, watcher.events.size(), watcher.events.toString());
        assertEquals(0, heldWhileDelivering.get());
    }

    @Test
    void aRemovedParticipantsRaisedHandIsLowered() {
        var host = new RecordingLink();
        room.enter(member(OWNER, "host"), "192.0.2.1", host);
        enter(room, guest("ann"));
        room.setHand("ann", "ann", true);
        assertEquals(List.of("ann"), room.raisedHands());

        room.remove(OWNER, "ann", false);

        assertEquals(List.of(), room.raisedHands());
        assertEquals(new RoomEvent.HandQueue(List.of()), host.last(RoomEvent.HandQueue.class), "the host's queue no longer shows Ann");
    }

    @Test
    void theHostLeavingHandsOverAndTheNewHostSeesWhoWaits() {
        var host = new RecordingLink();
        room.enter(member(OWNER, "host"), "192.0.2.1", host);
        var carl = enter(room, member("carl", "cohost"));
        enter(room, guest("ann"));
        room.setPolicy(OWNER, new RoomPolicy.PolicyChange(null, null, null, null, null, null, true, null, null));
        var waiting = new RecordingLink();
        assertInstanceOf(Admission.Waiting.class, room.enter(guest("wes"), "192.0.2.9", waiting));
        carl.clear();

        assertTrue(room.leave(OWNER, host, "left"));

        assertEquals(List.of(new RoomEvent.ParticipantLeft(OWNER, "left"), new RoomEvent.RoleChanged("carl", "host")),
                carl.events.subList(0, 2));
        assertEquals(List.of("wes"), carl.last(RoomEvent.WaitingRoomChanged.class).queue().stream().map(WaitingEntrant::id).toList());
        assertEquals("host", room.roleOf("carl").orElseThrow());
    }

    @Test
    void turningTheWaitingRoomOffLetsEveryoneWaitingIn() {
        room = newRoom(true);
        room.enter(member(OWNER, "host"), "192.0.2.1", new RecordingLink());
        var ann = new RecordingLink();
        assertEquals(new Admission.Waiting(1), room.enter(guest("ann"), "192.0.2.1", ann));

        room.settingsChanged(new Room.Settings(OWNER, false, false, false));

        assertInstanceOf(Admission.Admitted.class, ann.admissions.get(0));
        assertTrue(room.waitingRoom().isEmpty());
        assertEquals(2, room.participants().size());
    }

    @Test
    void turningScreenShareOffHoldsBackAttendeesScreensAndTheirAudio() {
        enter(room, member(OWNER, "host"));
        var ann = enter(room, guest("ann"));
        room.published("ann", List.of(), List.of(new TrackInfo("s1", "video", TrackSource.SCREEN, false)));

        room.setPolicy(OWNER, new RoomPolicy.PolicyChange(null, null, false, null, null, null, null, null, null));

        assertEquals(Set.of(TrackSource.SCREEN, TrackSource.SCREEN_AUDIO), room.heldBack("ann"));
        assertFalse(room.mayPublish("ann", TrackSource.SCREEN));
        assertTrue(room.participant("ann").orElseThrow().tracks().get(0).muted());
        assertEquals(new RoomEvent.MediaBlocked(TrackSource.SCREEN, true, "the host"), ann.last(RoomEvent.MediaBlocked.class));
    }

    @Test
    void muteAllWithAllowUnmuteOffKeepsAttendeesMuted() {
        enter(room, member(OWNER, "host"));
        enter(room, guest("ann"));

        room.muteAll(OWNER, false);

        assertFalse(room.policy().allowUnmute());
        assertTrue(room.isBlocked("ann", TrackSource.MICROPHONE));
        var e = assertThrows(ModerationException.class, () -> room.setMuted("ann", TrackSource.MICROPHONE, false));
        assertEquals(ErrorCode.UNMUTE_NOT_ALLOWED, e.errorCode());
    }

    @Test
    void aBanIsStoredBeforeAnyoneIsToldAndOutlivesTheRoom() {
        enter(room, member(OWNER, "host"));
        var ann = new RecordingLink() {
            @Override
            public synchronized void deliver(RoomEvent event) {
                // The ban is in the database by the time the banned hear of it.
                assertEquals(Entrance.BANNED, records.refusal(meetingId, BanSubject.of(guest("ann"), "192.0.2.1")).orElseThrow());
                super.deliver(event);
            }
        };
        room.enter(guest("ann"), "192.0.2.1", ann);

        room.remove(OWNER, "ann", true);

        assertEquals(List.of("removed"), ann.disconnects);
        assertEquals(1, ann.events(RoomEvent.Removed.class).size());
        assertEquals(Entrance.BANNED, newRoom(false).enter(guest("ann2"), "192.0.2.1", new RecordingLink()));
    }

    @Test
    void anEndedRoomTellsEveryoneAndLetsNobodyIn() {
        var host = enter(room, member(OWNER, "host"));
        room.end("ended by host");

        assertEquals(List.of(new RoomEvent.MeetingEnded("ended by host")), host.events);
        assertEquals(List.of("ended"), host.disconnects);
        assertTrue(room.isEnded());
        assertTrue(room.isEmpty());
        var refused = assertInstanceOf(Admission.Refused.class, room.enter(member(OWNER, "host"), "192.0.2.1", new RecordingLink()));
        assertEquals(ErrorCode.MEETING_ENDED, refused.code());
    }

    @Test
    void aNewModeratorIsShownTheWaitingRoom() {
        room = newRoom(true);
        enter(room, member(OWNER, "host"));
        var ann = new RecordingLink();
        room.enter(member("ann", "attendee"), "192.0.2.1", ann);
        room.admitWaiting(OWNER, "ann");
        room.enter(guest("wes"), "192.0.2.9", new RecordingLink());
        ann.clear();

        room.setRole(OWNER, "ann", MeetingRole.COHOST);

        assertEquals(List.of("wes"), ann.last(RoomEvent.WaitingRoomChanged.class).queue().stream().map(WaitingEntrant::id).toList());
    }
}
