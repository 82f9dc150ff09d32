package com.zoomvconnect.meeting;

import static com.zoomvconnect.meeting.RoomFakes.guest;
import static com.zoomvconnect.meeting.RoomFakes.member;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.error.ErrorCode;
import com.zoomvconnect.media.TrackSource;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RolesTest {
    @Test
    void theOwnerEntersAsHostAndAHostGrantForAnyoneElseMakesACoHost() {
        var room = new RoomParts();
        assertEquals(MeetingRole.HOST, room.roles.onEntry(member(RoomParts.OWNER, "attendee")));
        assertEquals(MeetingRole.COHOST, room.roles.onEntry(member("carl", "host")));
        assertEquals(MeetingRole.PANELIST, room.roles.onEntry(member("pia", "panelist")));
        assertEquals(MeetingRole.ATTENDEE, room.roles.onEntry(guest("ann")));
    }

    @Test
    void whenTheHostLeavesTheLongestPresentCoHostTakesOver() {
        var room = new RoomParts();
        room.in(member(RoomParts.OWNER, "host"));
        room.in(guest("ann"));
        room.in(member("carl", "cohost"));
        room.in(member("cora", "cohost"));
        room.roster.remove(RoomParts.OWNER);

        assertEquals(Optional.of("carl"), room.act(out -> room.roles.handOver(out)).map(Member::id));
        assertEquals(MeetingRole.HOST, room.member("carl").role);
        assertEquals(new RoomEvent.RoleChanged("carl", "host"), room.link("ann").last(RoomEvent.RoleChanged.class));
    }

    @Test
    void withoutACoHostTheLongestPresentParticipantTakesOver() {
        var room = new RoomParts();
        room.in(member(RoomParts.OWNER, "host"));
        room.in(guest("ann"));
        room.in(guest("bob"));
        room.roster.remove(RoomParts.OWNER);

        assertEquals(Optional.of("ann"), room.act(out -> room.roles.handOver(out)).map(Member::id));
        room.roster.clear();
        assertEquals(Optional.empty(), room.act(out -> room.roles.handOver(out)));
    }

    @Test
    void onlyTheHostChangesRoles() {
        var room = new RoomParts();
        room.in(member(RoomParts.OWNER, "host"));
        room.in(member("carl", "cohost"));
        room.in(guest("ann"));

        var e = assertThrows(ModerationException.class,
                () -> room.run(out -> room.roles.setRole("carl", "ann", MeetingRole.COHOST, out)));
        assertEquals(ErrorCode.FORBIDDEN, e.errorCode());
        e = assertThrows(ModerationException.class,
                () -> room.run(out -> room.roles.setRole(RoomParts.OWNER, RoomParts.OWNER, MeetingRole.COHOST, out)));
        assertEquals(ErrorCode.NOT_FOUND, e.errorCode());
        assertEquals(MeetingRole.ATTENDEE, room.member("ann").role);
    }

    @Test
    void handingHostOverMakesTheFormerHostACoHostAndTheOwnerTakesItBackOnReturn() {
        var room = new RoomParts();
        room.in(member(RoomParts.OWNER, "host"));
        var ann = room.in(guest("ann"));

        room.run(out -> room.roles.setRole(RoomParts.OWNER, "ann", MeetingRole.HOST, out));
        assertEquals(MeetingRole.COHOST, room.member(RoomParts.OWNER).role);
        assertEquals(MeetingRole.HOST, room.member("ann").role);

        room.roster.remove(RoomParts.OWNER);
        ann.clear();
        room.enter(member(RoomParts.OWNER, "attendee"));
        assertEquals(MeetingRole.HOST, room.member(RoomParts.OWNER).role);
        assertEquals(MeetingRole.COHOST, room.member("ann").role);
        assertEquals(new RoomEvent.RoleChanged("ann", "cohost"), ann.last(RoomEvent.RoleChanged.class));
    }

    @Test
    void inAWebinarDemotionHoldsMediaBackAndPromotionFreesIt() {
        var room = new RoomParts(RoomPolicy.initial(false, false, true));
        room.in(member(RoomParts.OWNER, "host"));
        var pia = room.in(member("pia", "panelist"));

        room.run(out -> room.roles.setRole(RoomParts.OWNER, "pia", MeetingRole.ATTENDEE, out));
        assertEquals(Set.of(TrackSource.MICROPHONE, TrackSource.CAMERA, TrackSource.SCREEN), room.member("pia").blocked);
        assertEquals(3, pia.events(RoomEvent.MediaBlocked.class).stream().filter(RoomEvent.MediaBlocked::blocked).count());

        room.run(out -> room.roles.setRole(RoomParts.OWNER, "pia", MeetingRole.PANELIST, out));
        assertTrue(room.member("pia").blocked.isEmpty());
        assertEquals(new RoomEvent.MediaBlocked(TrackSource.SCREEN, false, "Olga"), pia.last(RoomEvent.MediaBlocked.class));
    }
}
