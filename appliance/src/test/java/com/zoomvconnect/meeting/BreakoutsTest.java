package com.zoomvconnect.meeting;

import static com.zoomvconnect.meeting.RoomFakes.guest;
import static com.zoomvconnect.meeting.RoomFakes.member;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.auth.JoinGrant;
import com.zoomvconnect.bus.InMemoryEventBus;
import com.zoomvconnect.error.ErrorCode;
import com.zoomvconnect.meeting.RoomFakes.RecordingLink;
import com.zoomvconnect.store.BanDao;
import com.zoomvconnect.store.BanRecord;
import com.zoomvconnect.store.Database;
import com.zoomvconnect.store.DatabaseConfig;
import com.zoomvconnect.store.MeetingDao;
import com.zoomvconnect.store.MeetingRecord;
import com.zoomvconnect.store.UserDao;
import com.zoomvconnect.store.UserRecord;
import com.zoomvconnect.testing.ManualClock;
import com.zoomvconnect.testing.TestAppliance;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Breakout rooms on a fake clock and timer: the plan, moves between rooms, the timer and bans. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BreakoutsTest {
    private static final String OWNER = "olga";
    private final ManualClock clock = RoomFakes.clock();
    private final FakeTimer timer = new FakeTimer();
    private Database db;
    private LiveMeetings live;
    private LiveMeeting meeting;
    private Breakouts breakouts;
    private final Map<String, RecordingLink> links = new HashMap<>();

    /** A timer the test runs by moving the clock. */
    final class FakeTimer implements MeetingTimer {
        private record Task(Instant due, Runnable task, boolean[] cancelled) {
        }

        private final List<Task> tasks = new ArrayList<>();

        @Override
        public synchronized Runnable schedule(Duration delay, Runnable task) {
            boolean[] cancelled = {false};
            tasks.add(new Task(clock.instant().plus(delay), task, cancelled));
            return () -> cancelled[0] = true;
        }

        /** Moves the clock and runs what fell due, in order. */
        void advance(Duration d) {
            clock.advance(d);
            List<Task> due;
            synchronized (this) {
                due = tasks.stream().filter(t -> !t.due().isAfter(clock.instant()) && !t.cancelled()[0]).toList();
                tasks.removeAll(due);
            }
            due.forEach(t -> t.task().run());
        }
    }

    @BeforeAll
    void open() {
        db = Database.open(DatabaseConfig.embedded(TestAppliance.tempDir()));
        var now = clock.instant();
        db.jdbi().useTransaction(h -> new UserDao().insert(h, new UserRecord(OWNER, "olga@example.com", "Olga", "$argon2id$x",
                UserRecord.ROLE_USER, false, now, now)));
        live = new LiveMeetings(new InMemoryEventBus(), clock, id -> new Room.Settings(OWNER, true, false, false),
                new RoomRecords(db, clock), timer);
    }

    @AfterAll
    void close() {
        db.close();
    }

    @BeforeEach
    void freshMeeting() {
        String id = UUID.randomUUID().toString();
        var now = clock.instant();
        db.jdbi().useTransaction(h -> new MeetingDao().insert(h, new MeetingRecord(id, id.substring(0, 10), "Room",
                null, OWNER, MeetingRecord.LIVE, now, 60, "UTC", null, false, true, false, now, now, null, false)));
        meeting = live.open(id);
        breakouts = meeting.breakouts();
        links.clear();
        enter(member(OWNER, "host"));
    }

    private JoinGrant grant(JoinGrant g) {
        return new JoinGrant(meeting.meetingId(), g.participantId(), g.displayName(), g.meetingRole(), g.guest());
    }

    /** Enters the main room (admitted by the host if the waiting room holds them). */
    private RecordingLink enter(JoinGrant g) {
        clock.advance(Duration.ofSeconds(1));
        var link = new RecordingLink();
        links.put(g.participantId(), link);
        Admission a = meeting.main().enter(grant(g), "192.0.2.1", link);
        if (a instanceof Admission.Waiting) {
            meeting.main().admitWaiting(OWNER, g.participantId());
        }
        return link;
    }

    private Room roomOf(String id) {
        return meeting.rooms().stream().filter(r -> r.participant(id).isPresent()).findFirst().orElseThrow();
    }

    private void plan(int rooms, boolean allowChoose, Duration duration, Duration grace) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= rooms; i++) {
            names.add("Room " + i);
        }
        breakouts.configure(OWNER, new Breakouts.Plan(names, allowChoose, duration, grace));
    }

    @Test
    void configureMakesRoomsWithTheirOwnSfuRoomsAndTellsEveryone() {
        RecordingLink ann = enter(member("ann", "attendee"));
        plan(2, false, null, Duration.ZERO);
        BreakoutsView v = ann.last(RoomEvent.BreakoutsChanged.class).breakouts();
        assertEquals(List.of("b1", "b2"), v.rooms().stream().map(BreakoutsView.RoomView::id).toList());
        assertEquals("Room 2", v.rooms().get(1).name());
        assertTrue(v.unassigned().contains("ann"));
        assertEquals(3, meeting.rooms().size());
        assertTrue(meeting.room("b1").orElseThrow().mediaRoomId().endsWith("/b1"));
    }

    @Test
    void aHostLeavingFromABreakoutRoomIsReplacedByACoHostInAnyRoom() {
        enter(member("ann", "attendee"));
        enter(member("cat", "attendee"));
        meeting.main().setRole(OWNER, "cat", MeetingRole.COHOST);
        plan(2, false, null, Duration.ZERO);
        breakouts.assign(OWNER, "ann", "b1");
        breakouts.assign(OWNER, "cat", "b2");
        breakouts.open(OWNER);
        breakouts.join(OWNER, "b1"); // the host visits room 1

        meeting.leave(OWNER, links.get(OWNER), "left");

        assertEquals("host", meeting.roleOf("cat").orElseThrow(), "the co-host in room 2 takes over");
        assertEquals("attendee", meeting.roleOf("ann").orElseThrow());
        assertEquals("host", links.get("cat").last(RoomEvent.RoleChanged.class).role());
    }

    @Test
    void aHostLeavingAnEmptyMainRoomIsReplacedByWhoeverIsLongestPresent() {
        enter(member("ann", "attendee"));
        enter(member("bob", "attendee"));
        plan(1, false, null, Duration.ZERO);
        breakouts.autoAssign(OWNER);
        breakouts.open(OWNER); // the host stays alone in the main room

        meeting.leave(OWNER, links.get(OWNER), "left");

        assertEquals("host", meeting.roleOf("ann").orElseThrow());
        assertEquals("attendee", meeting.roleOf("bob").orElseThrow());
    }

    @Test
    void aBadPlanIsRefused() {
        var tooMany = assertThrows(ModerationException.class, () -> plan(51, false, null, Duration.ZERO));
        assertEquals(ErrorCode.INVALID_BREAKOUTS, tooMany.errorCode());
        var longName = assertThrows(ModerationException.class, () -> breakouts.configure(OWNER,
                new Breakouts.Plan(List.of("x".repeat(61)), false, null, Duration.ZERO)));
        assertEquals(ErrorCode.INVALID_BREAKOUTS, longName.errorCode());
    }

    @Test
    void anAttendeeCannotManageBreakouts() {
        enter(member("ann", "attendee"));
        var e = assertThrows(ModerationException.class, () -> breakouts.configure("ann",
                new Breakouts.Plan(List.of("A"), false, null, Duration.ZERO)));
        assertEquals(ErrorCode.FORBIDDEN, e.errorCode());
    }

    @Test
    void autoAssignSplitsTheUnassignedAttendeesEvenly() {
        for (String id : List.of("ann", "bob", "cat", "dan", "eve")) {
            enter(member(id, "attendee"));
        }
        plan(2, false, null, Duration.ZERO);
        breakouts.assign(OWNER, "ann", "b2");
        breakouts.autoAssign(OWNER);
        BreakoutsView v = breakouts.view();
        assertEquals(3, v.rooms().get(0).participants().size());
        assertEquals(2, v.rooms().get(1).participants().size());
        assertTrue(v.unassigned().equals(List.of(OWNER)), "hosts are not auto-assigned: " + v.unassigned());
    }

    @Test
    void openMovesEveryoneAssignedKeepingTheirRoleAndEventsInBothRooms() {
        RecordingLink ann = enter(member("ann", "attendee"));
        RecordingLink bob = enter(member("bob", "cohost"));
        RecordingLink cat = enter(member("cat", "attendee"));
        plan(2, false, Duration.ofMinutes(5), Duration.ZERO);
        breakouts.assign(OWNER, "ann", "b1");
        breakouts.assign(OWNER, "bob", "b1");
        links.values().forEach(RecordingLink::clear);
        breakouts.open(OWNER);

        Room b1 = meeting.room("b1").orElseThrow();
        assertSame(b1, roomOf("ann"));
        assertSame(b1, roomOf("bob"));
        assertSame(meeting.main(), roomOf("cat"));
        assertEquals(List.of(b1), ann.moves);
        assertEquals("cohost", b1.roleOf("bob").orElseThrow(), "the role follows into the breakout");
        assertEquals(List.of("ann", "bob"), cat.events(RoomEvent.ParticipantLeft.class).stream()
                .map(RoomEvent.ParticipantLeft::participantId).toList());
        assertTrue(ann.events(RoomEvent.ParticipantJoined.class).stream().anyMatch(j -> j.participant().id().equals("bob")));
        BreakoutsView v = cat.last(RoomEvent.BreakoutsChanged.class).breakouts();
        assertTrue(v.open());
        assertEquals(clock.instant().plus(Duration.ofMinutes(5)).toEpochMilli(), v.endsAt());
        assertEquals(List.of("ann", "bob"), v.rooms().get(0).present());
        assertEquals(ErrorCode.BREAKOUTS_OPEN, assertThrows(ModerationException.class,
                () -> plan(1, false, null, Duration.ZERO)).errorCode());
    }

    @Test
    void closeWithGraceCountsDownThenReturnsEveryone() {
        enter(member("ann", "attendee"));
        RecordingLink bob = enter(member("bob", "attendee"));
        plan(2, false, null, Duration.ofSeconds(30));
        breakouts.autoAssign(OWNER);
        breakouts.open(OWNER);
        breakouts.join(OWNER, "b2"); // a host visiting is brought back too
        breakouts.close(OWNER);
        BreakoutsView closing = bob.last(RoomEvent.BreakoutsChanged.class).breakouts();
        assertEquals(clock.instant().plusSeconds(30).toEpochMilli(), closing.closingAt());
        assertTrue(closing.open(), "still open during the grace period");
        assertTrue(meeting.main().participant("ann").isEmpty());

        timer.advance(Duration.ofSeconds(29));
        assertTrue(meeting.main().participant("ann").isEmpty());
        timer.advance(Duration.ofSeconds(1));
        assertEquals(3, meeting.main().participants().size());
        BreakoutsView closed = bob.last(RoomEvent.BreakoutsChanged.class).breakouts();
        assertTrue(!closed.open() && closed.closingAt() == null);
        assertEquals(2, closed.rooms().stream().mapToInt(r -> r.participants().size()).sum(), "the plan stays for next time");
    }

    @Test
    void theTimerRunningOutClosesTheRooms() {
        RecordingLink ann = enter(member("ann", "attendee"));
        plan(1, false, Duration.ofMinutes(10), Duration.ZERO);
        breakouts.assign(OWNER, "ann", "b1");
        breakouts.open(OWNER);
        assertSame(meeting.room("b1").orElseThrow(), roomOf("ann"));
        timer.advance(Duration.ofMinutes(9));
        assertSame(meeting.room("b1").orElseThrow(), roomOf("ann"));
        timer.advance(Duration.ofMinutes(1));
        assertSame(meeting.main(), roomOf("ann"));
        assertSame(meeting.main(), ann.moves.get(ann.moves.size() - 1));
        assertNull(breakouts.view().endsAt());
    }

    @Test
    void anEarlyCloseCancelsTheTimer() {
        enter(member("ann", "attendee"));
        plan(1, false, Duration.ofMinutes(10), Duration.ZERO);
        breakouts.assign(OWNER, "ann", "b1");
        breakouts.open(OWNER);
        timer.advance(Duration.ofMinutes(6));
        breakouts.close(OWNER);
        breakouts.open(OWNER); // the first opening's timer, due in 4 minutes, must not close this one
        timer.advance(Duration.ofMinutes(4));
        assertTrue(breakouts.view().open(), "the first opening's timer was cancelled; only the second's counts");
        timer.advance(Duration.ofMinutes(6));
        assertTrue(!breakouts.view().open());
    }

    @Test
    void aBannedParticipantCannotEnterABreakout() {
        enter(guest("gus"));
        plan(1, false, null, Duration.ZERO);
        breakouts.open(OWNER);
        // A guest is banned by address too: another guest behind it was removed a moment ago.
        db.jdbi().useTransaction(h -> new BanDao().insert(h, new BanRecord(meeting.meetingId(), BanRecord.ADDRESS,
                "192.0.2.1", "Other", OWNER, clock.instant())));
        var e = assertThrows(ModerationException.class, () -> breakouts.assign(OWNER, "gus", "b1"));
        assertEquals(ErrorCode.BANNED, e.errorCode());
        assertSame(meeting.main(), roomOf("gus"));
    }

    @Test
    void attendeesChooseOnlyWhenAllowedAndAnyoneMayReturn() {
        enter(member("ann", "attendee"));
        plan(2, false, null, Duration.ZERO);
        breakouts.assign(OWNER, "ann", "b1");
        assertEquals(ErrorCode.BREAKOUTS_CLOSED, assertThrows(ModerationException.class,
                () -> breakouts.join("ann", "b2")).errorCode());
        breakouts.open(OWNER);
        assertEquals(ErrorCode.CHOOSING_NOT_ALLOWED, assertThrows(ModerationException.class,
                () -> breakouts.join("ann", "b2")).errorCode());
        assertEquals(ErrorCode.UNKNOWN_ROOM, assertThrows(ModerationException.class,
                () -> breakouts.join(OWNER, "b9")).errorCode());
        breakouts.returnToMain("ann");
        assertSame(meeting.main(), roomOf("ann"));
        assertSame(meeting.main(), breakouts.entryRoom("nobody"));
    }

    @Test
    void choosingMovesAnAttendeeWhenAllowed() {
        enter(member("ann", "attendee"));
        plan(2, true, null, Duration.ZERO);
        breakouts.open(OWNER);
        breakouts.join("ann", "b2");
        assertSame(meeting.room("b2").orElseThrow(), roomOf("ann"));
        assertEquals(List.of("ann"), breakouts.view().rooms().get(1).participants());
    }

    @Test
    void aLateJoinerAssignedBeforeArrivingMovesOnArrivalAndAReconnectLandsInTheRoom() {
        plan(1, false, null, Duration.ZERO);
        breakouts.open(OWNER);
        RecordingLink zoe = enter(member("zoe", "attendee"));
        breakouts.arrived("zoe");
        assertSame(meeting.main(), roomOf("zoe"), "not assigned: stays in the main room");
        breakouts.assign(OWNER, "zoe", "b1");
        Room b1 = meeting.room("b1").orElseThrow();
        assertSame(b1, roomOf("zoe"));

        meeting.leave("zoe", zoe, "disconnected");
        assertSame(b1, breakouts.entryRoom("zoe"), "a resumed session goes straight back to its breakout");
        Admission again = b1.enter(grant(member("zoe", "attendee")), "192.0.2.1", new RecordingLink());
        assertInstanceOf(Admission.Admitted.class, again, "no waiting room inside a breakout");
    }

    @Test
    void helpRequestsReachEveryModeratorInAnyRoom() {
        enter(member("ann", "attendee"));
        RecordingLink bob = enter(member("bob", "cohost"));
        plan(2, false, null, Duration.ZERO);
        breakouts.assign(OWNER, "ann", "b1");
        breakouts.assign(OWNER, "bob", "b2");
        breakouts.open(OWNER);
        breakouts.requestHelp("ann");
        RoomEvent.HelpRequested h = links.get(OWNER).last(RoomEvent.HelpRequested.class);
        assertEquals("b1", h.roomId());
        assertEquals("Room 1", h.roomName());
        assertNotNull(bob.last(RoomEvent.HelpRequested.class));
        assertTrue(links.get("ann").events(RoomEvent.HelpRequested.class).isEmpty());
        breakouts.broadcast(OWNER, "Two minutes left");
        assertEquals("Two minutes left", links.get("ann").last(RoomEvent.BreakoutsBroadcast.class).text());
    }
}
