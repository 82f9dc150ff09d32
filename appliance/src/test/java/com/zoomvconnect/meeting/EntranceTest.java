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
import java.util.List;
import org.junit.jupiter.api.Test;

class EntranceTest {
    private static RoomPolicy waitingRoom() {
        return RoomPolicy.initial(true, false, false);
    }

    @Test
    void attendeesWaitWhenTheWaitingRoomIsOnAndComeInOnAHostsDecision() {
        var room = new RoomParts(waitingRoom());
        var host = room.in(member(RoomParts.OWNER, "host"));

        assertEquals(new Admission.Waiting(1), room.enter(guest("ann")));
        assertEquals(new Admission.Waiting(2), room.enter(member("bob", "attendee")));
        assertEquals(List.of("ann", "bob"), host.last(RoomEvent.WaitingRoomChanged.class).queue().stream()
                .map(WaitingEntrant::id).toList());
        assertFalse(room.roster.contains("ann"));

        assertEquals(List.of("ann"), room.act(out -> room.entrance.admitWaiting(RoomParts.OWNER, "ann", out)));
        var admitted = assertInstanceOf(Admission.Admitted.class, room.link("ann").admissions.get(0));
        assertEquals(List.of(RoomParts.OWNER), RoomParts.ids(admitted.others()));
        assertTrue(room.roster.contains("ann"));
        assertEquals("ann", host.last(RoomEvent.ParticipantJoined.class).participant().id());
        assertEquals(List.of("bob"), room.entrance.queue().stream().map(WaitingEntrant::id).toList());
    }

    @Test
    void admittingEveryoneLetsTheWholeQueueInInOrder() {
        var room = new RoomParts(waitingRoom());
        room.in(member(RoomParts.OWNER, "host"));
        room.enter(guest("ann"));
        room.enter(guest("bob"));

        assertEquals(List.of("ann", "bob"), room.act(out -> room.entrance.admitWaiting(RoomParts.OWNER, null, out)));
        assertTrue(room.entrance.isEmpty());
        assertEquals(List.of(RoomParts.OWNER, "ann", "bob"), room.roster.all().stream().map(Member::id).toList());
    }

    @Test
    void aDeniedEntrantIsToldAndLeavesTheQueue() {
        var room = new RoomParts(waitingRoom());
        var host = room.in(member(RoomParts.OWNER, "host"));
        room.enter(guest("ann"));

        room.run(out -> room.entrance.deny(RoomParts.OWNER, "ann", out));

        var refused = assertInstanceOf(Admission.Refused.class, room.link("ann").admissions.get(0));
        assertEquals(ErrorCode.DENIED, refused.code());
        assertTrue(host.last(RoomEvent.WaitingRoomChanged.class).queue().isEmpty());
        var e = assertThrows(ModerationException.class, () -> room.run(out -> room.entrance.deny(RoomParts.OWNER, "ann", out)));
        assertEquals(ErrorCode.NOT_FOUND, e.errorCode());
    }

    @Test
    void onlyModeratorsAdmitOrDeny() {
        var room = new RoomParts(waitingRoom());
        room.in(member(RoomParts.OWNER, "host"));
        room.in(member("carl", "cohost"));
        room.enter(guest("ann"));
        room.enter(guest("eve"));
        room.run(out -> room.entrance.admitWaiting("carl", "eve", out));

        var e = assertThrows(ModerationException.class, () -> room.run(out -> room.entrance.admitWaiting("eve", "ann", out)));
        assertEquals(ErrorCode.FORBIDDEN, e.errorCode());
        assertEquals(1, room.entrance.queue().size());
    }

    @Test
    void moderatorsSkipTheWaitingRoomAndSignedInMembersToWhenThePolicySaysSo() {
        var room = new RoomParts(waitingRoom().with(new RoomPolicy.PolicyChange(null, null, null, null, null, true, null,
                null, null)));
        assertInstanceOf(Admission.Admitted.class, room.enter(member(RoomParts.OWNER, "host")));
        assertInstanceOf(Admission.Admitted.class, room.enter(member("carl", "cohost")));
        assertInstanceOf(Admission.Admitted.class, room.enter(member("bob", "attendee")));
        assertInstanceOf(Admission.Waiting.class, room.enter(guest("ann")));
    }

    @Test
    void aLockedMeetingRefusesNewcomersButNotModerators() {
        var room = new RoomParts(RoomPolicy.initial(false, false, false).with(new RoomPolicy.PolicyChange(true, null, null,
                null, null, null, null, null, null)));
        var refused = assertInstanceOf(Admission.Refused.class, room.enter(guest("ann")));
        assertEquals(ErrorCode.MEETING_LOCKED, refused.code());
        assertInstanceOf(Admission.Admitted.class, room.enter(member("carl", "cohost")));
    }

    @Test
    void theBannedAreRefused() {
        var room = new RoomParts();
        room.entrance.ban(BanSubject.of(guest("eve"), "192.0.2.1"));
        assertEquals(Entrance.BANNED, room.enter(guest("mallory"))); // a guest from the same address
        assertInstanceOf(Admission.Admitted.class, room.enter(member("bob", "attendee")));
    }

    @Test
    void muteOnEntryHoldsBackAttendeesMicrophonesButNotModerators() {
        var room = new RoomParts(RoomPolicy.initial(false, true, false));
        var ann = assertInstanceOf(Admission.Admitted.class, room.enter(guest("ann")));
        var carl = assertInstanceOf(Admission.Admitted.class, room.enter(member("carl", "cohost")));

        assertTrue(ann.startMuted());
        assertFalse(carl.startMuted());
        assertEquals(List.of(new RoomEvent.MediaBlocked(TrackSource.MICROPHONE, true, "the host")),
                room.link("ann").events(RoomEvent.MediaBlocked.class));
        assertTrue(room.member("ann").blocked.contains(TrackSource.MICROPHONE));
        assertTrue(room.member("carl").blocked.isEmpty());
    }

    @Test
    void aReconnectReplacesTheEarlierLinkAndKeepsWhatAHostBlocked() {
        var room = new RoomParts();
        var host = room.in(member(RoomParts.OWNER, "host"));
        var first = room.in(guest("ann"));
        room.run(out -> room.moderation.block(RoomParts.OWNER, "ann", TrackSource.CAMERA, out));

        room.enter(guest("ann"));

        assertEquals(List.of("replaced"), first.disconnects);
        assertEquals(new RoomEvent.ParticipantLeft("ann", "reconnected"), host.events(RoomEvent.ParticipantLeft.class).get(0));
        assertTrue(room.member("ann").blocked.contains(TrackSource.CAMERA));
        assertEquals(List.of(new RoomEvent.MediaBlocked(TrackSource.CAMERA, true, "the host")),
                room.link("ann").events(RoomEvent.MediaBlocked.class));
    }

    @Test
    void aWaitingEntrantLeavesOnlyWithTheirOwnLink() {
        var room = new RoomParts(waitingRoom());
        room.in(member(RoomParts.OWNER, "host"));
        room.enter(guest("ann"));

        boolean byAnother = room.act(out -> room.entrance.leave("ann", new RoomFakes.RecordingLink(), out));
        boolean byTheirs = room.act(out -> room.entrance.leave("ann", room.link("ann"), out));
        assertFalse(byAnother);
        assertTrue(byTheirs);
        assertTrue(room.entrance.isEmpty());
    }
}
