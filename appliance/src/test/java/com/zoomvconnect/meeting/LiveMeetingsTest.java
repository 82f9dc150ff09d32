package com.zoomvconnect.meeting;

import static com.zoomvconnect.meeting.RoomFakes.guest;
import static com.zoomvconnect.meeting.RoomFakes.member;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.bus.InMemoryEventBus;
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
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Meetings, their rooms and the rooms' SFU identities are separate; a meeting lives while any of its rooms has people. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveMeetingsTest {
    private static final String OWNER = "olga";
    private final ManualClock clock = RoomFakes.clock();
    private final InMemoryEventBus bus = new InMemoryEventBus();
    private Database db;
    private LiveMeetings live;

    @BeforeAll
    void open() {
        db = Database.open(DatabaseConfig.embedded(TestAppliance.tempDir()));
        var now = clock.instant();
        db.jdbi().useTransaction(h -> new UserDao().insert(h, new UserRecord(OWNER, "olga@example.com", "Olga", "$argon2id$x",
                UserRecord.ROLE_USER, false, now, now)));
        live = new LiveMeetings(bus, clock, id -> new Room.Settings(OWNER, false, false, false), new RoomRecords(db, clock));
    }

    @AfterAll
    void close() {
        db.close();
    }

    private String liveMeeting() {
        String id = UUID.randomUUID().toString();
        var now = clock.instant();
        db.jdbi().useTransaction(h -> new MeetingDao().insert(h, new MeetingRecord(id, id.substring(0, 10), "Room",
                null, OWNER, MeetingRecord.LIVE, now, 60, "UTC", null, false, true, false, now, now, null, false)));
        return id;
    }

    @Test
    void aMeetingOpensWithItsMainRoomUnderItsOwnIdentities() {
        String meetingId = liveMeeting();
        LiveMeeting meeting = live.open(meetingId);
        Room main = meeting.main();
        assertEquals(meetingId, main.meetingId());
        assertEquals(LiveMeeting.MAIN, main.roomId());
        assertNotEquals(meetingId, main.mediaRoomId(), "the SFU room is the room's identity, not the meeting's");
        assertSame(main, live.room(meetingId));
        assertSame(main, meeting.room(LiveMeeting.MAIN).orElseThrow());
        assertEquals(1, meeting.rooms().size());
    }

    @Test
    void theHostsPolicyAndThePublicChatOutliveACrashButNotANormalClose() {
        String meetingId = liveMeeting();
        Room room = live.room(meetingId);
        var records = new RoomRecords(db, clock);
        var host = new RecordingLink() {
            @Override
            public synchronized void deliver(RoomEvent event) {
                if (event instanceof RoomEvent.Chat c && !c.message().isPrivate()) {
                    // A public message is in the database by the time anyone is told of it.
                    assertTrue(records.restore(meetingId, 10).chat().contains(c.message()), c.toString());
                }
                super.deliver(event);
            }
        };
        room.enter(member(OWNER, "host"), "192.0.2.1", host);
        room.enter(guest("ann"), "192.0.2.2", new RecordingLink());
        room.setPolicy(OWNER, new RoomPolicy.PolicyChange(null, null, false, null, false, null, null, true, null));
        room.chat("ann", null, "Agenda: budget, then hiring");
        room.chat("ann", OWNER, "a private word"); // private: not kept
        room.chat(OWNER, null, "Thanks, Ann");
        assertEquals(2, host.events(RoomEvent.Chat.class).stream().filter(c -> !c.message().isPrivate()).count());

        // A process killed here: another appliance on the same database opens the meeting afresh.
        var restarted = new LiveMeetings(new InMemoryEventBus(), clock, id -> new Room.Settings(OWNER, false, false, false),
                new RoomRecords(db, clock));
        Room after = restarted.room(meetingId);
        assertNotSame(room, after);
        RoomPolicy policy = after.policy();
        assertFalse(policy.screenShareAllowed());
        assertFalse(policy.privateChatEnabled());
        assertTrue(policy.muteOnEntry());
        assertTrue(policy.chatEnabled(), "what the host did not change is as the meeting's settings say");
        var back = new RecordingLink();
        var admitted = assertInstanceOf(Admission.Admitted.class, after.enter(member(OWNER, "host"), "192.0.2.1", back));
        assertEquals(List.of("Agenda: budget, then hiring", "Thanks, Ann"),
                admitted.chatHistory().stream().map(ChatMessage::text).toList());
        assertEquals(List.of("Ann", "Olga"), admitted.chatHistory().stream().map(ChatMessage::fromName).toList());
        after.chat(OWNER, null, "Back again");
        assertEquals(List.of("Agenda: budget, then hiring", "Thanks, Ann", "Back again"),
                records.restore(meetingId, 10).chat().stream().map(ChatMessage::text).toList(), "numbered on after the restart");

        // Everyone leaves: the live meeting closes normally, and the next opening starts afresh.
        after.leave(OWNER, back, "left");
        restarted.dropIfEmpty(after);
        Room fresh = restarted.room(meetingId);
        assertNotSame(after, fresh);
        assertTrue(fresh.policy().screenShareAllowed() && fresh.policy().privateChatEnabled());
        var again = assertInstanceOf(Admission.Admitted.class, fresh.enter(member(OWNER, "host"), "192.0.2.1", new RecordingLink()));
        assertEquals(List.of(), again.chatHistory());
    }

    @Test
    void aMeetingsElapsedTimeCountsFromItsFirstEntryNotFromEachJoin() {
        String meetingId = liveMeeting();
        LiveMeeting meeting = live.open(meetingId);
        clock.advance(Duration.ofMinutes(12));
        assertSame(meeting, live.open(meetingId), "a later join finds the meeting already live");
        assertEquals(Duration.ofMinutes(12), live.open(meetingId).elapsed());
    }

    @Test
    void mainRoomsOfTwoMeetingsAreDifferentSfuRooms() {
        Room a = live.room(liveMeeting());
        Room b = live.room(liveMeeting());
        assertNotEquals(a.mediaRoomId(), b.mediaRoomId());
    }

    @Test
    void anEmptiedMeetingIsDroppedAndReopensFresh() {
        String meetingId = liveMeeting();
        Room first = live.room(meetingId);
        var link = new RecordingLink();
        assertInstanceOf(Admission.Admitted.class, first.enter(member(OWNER, "host"), "192.0.2.1", link));
        live.dropIfEmpty(first);
        assertSame(first, live.room(meetingId), "kept while someone is in it");

        first.leave(OWNER, link, "left");
        live.dropIfEmpty(first);
        assertTrue(live.meeting(meetingId).isEmpty());
        assertNotSame(first, live.room(meetingId));
    }

    @Test
    void endingAMeetingEndsItsRoomsAndTellsTheirMembers() {
        String meetingId = liveMeeting();
        Room main = live.room(meetingId);
        var link = new RecordingLink();
        main.enter(member(OWNER, "host"), "192.0.2.1", link);
        int before = live.roomCount();

        bus.publish(new MeetingEvent.Ended(meetingId, OWNER));

        assertTrue(main.isEnded());
        assertEquals(1, link.events(RoomEvent.MeetingEnded.class).size());
        assertTrue(live.meeting(meetingId).isEmpty());
        assertEquals(before - 1, live.roomCount());
    }
}
