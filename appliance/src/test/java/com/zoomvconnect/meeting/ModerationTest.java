package com.zoomvconnect.meeting;

import static com.zoomvconnect.meeting.RoomFakes.guest;
import static com.zoomvconnect.meeting.RoomFakes.member;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.error.ErrorCode;
import com.zoomvconnect.media.TrackSource;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Host controls on others, unit by unit (the e2e ModerationTest drives them over signaling). */
class ModerationTest {
    private final RoomParts room = new RoomParts();
    private final RoomFakes.RecordingLink host = room.in(member(RoomParts.OWNER, "host"));
    private final RoomFakes.RecordingLink carl = room.in(member("carl", "cohost"));
    private final RoomFakes.RecordingLink ann = room.in(guest("ann"));

    private ErrorCode refused(Runnable action) {
        return assertThrows(ModerationException.class, action::run).errorCode();
    }

    @Test
    void muteAllHoldsBackEveryAttendeesMicrophoneButNoModerators() {
        var bob = room.in(member("bob", "attendee"));
        room.run(out -> room.moderation.muteAll(room.member(RoomParts.OWNER), out));
        assertTrue(room.media.isBlocked("ann", TrackSource.MICROPHONE));
        assertTrue(room.media.isBlocked("bob", TrackSource.MICROPHONE));
        assertFalse(room.media.isBlocked("carl", TrackSource.MICROPHONE));
        assertEquals(new RoomEvent.MediaBlocked(TrackSource.MICROPHONE, true, "Olga"), bob.last(RoomEvent.MediaBlocked.class));
    }

    @Test
    void attendeesModerateNobody() {
        assertEquals(ErrorCode.FORBIDDEN, refused(() -> room.run(out -> room.moderation.block("ann", "carl", TrackSource.CAMERA, out))));
        assertEquals(ErrorCode.FORBIDDEN, refused(() -> room.run(out -> room.moderation.remove("ann", "carl", false, out))));
        assertEquals(ErrorCode.NOT_JOINED, refused(() -> room.run(out -> room.moderation.askToUnmute("zed", "ann", out))));
        assertTrue(host.events.isEmpty());
    }

    @Test
    void aCoHostCannotActOnTheHostNorAModeratorOnThemselves() {
        assertEquals(ErrorCode.FORBIDDEN,
                refused(() -> room.run(out -> room.moderation.block("carl", RoomParts.OWNER, TrackSource.MICROPHONE, out))));
        assertEquals(ErrorCode.INVALID_TARGET,
                refused(() -> room.run(out -> room.moderation.block("carl", "carl", TrackSource.MICROPHONE, out))));
        assertEquals(ErrorCode.NOT_FOUND,
                refused(() -> room.run(out -> room.moderation.block("carl", "zed", TrackSource.MICROPHONE, out))));
        room.run(out -> room.moderation.block(RoomParts.OWNER, "carl", TrackSource.CAMERA, out)); // the host outranks
        assertTrue(room.media.isBlocked("carl", TrackSource.CAMERA));
    }

    @Test
    void askingToUnmuteReachesOnlyTheTarget() {
        room.run(out -> room.moderation.askToUnmute("carl", "ann", out));
        assertEquals(List.of(new RoomEvent.UnmuteRequested("Carl")), ann.events);
        assertTrue(host.events.isEmpty());
    }

    @Test
    void aRemovedParticipantIsToldAndDisconnectedAndTheOthersSeeThemLeave() {
        var removal = room.act(out -> room.moderation.remove("carl", "ann", false, out));

        assertEquals(List.of(new RoomEvent.Removed("Carl", false)), ann.events);
        assertEquals(List.of("removed"), ann.disconnects);
        assertEquals(new RoomEvent.ParticipantLeft("ann", "removed"), host.last(RoomEvent.ParticipantLeft.class));
        assertFalse(room.roster.contains("ann"));
        assertTrue(removal.bans().isEmpty());
        assertTrue(room.enter(guest("ann")) instanceof Admission.Admitted, "not banned: may come back");
    }

    @Test
    void aBanKeepsTheRemovedOut() {
        var removal = room.act(out -> room.moderation.remove(RoomParts.OWNER, "ann", true, out));

        assertEquals("Ann", removal.displayName());
        assertEquals(BanSubject.of(guest("ann"), "192.0.2.1"), removal.bans());
        assertEquals(new RoomEvent.Removed("Olga", true), ann.last(RoomEvent.Removed.class));
        assertEquals(Entrance.BANNED, room.enter(guest("ann")));
    }

    @Test
    void moderatorsRenameThemselvesAndThoseTheyOutrank() {
        room.run(out -> room.moderation.rename("carl", "carl", "Carl C.", out));
        room.run(out -> room.moderation.rename("carl", "ann", "Annie", out));
        assertEquals("Annie", room.member("ann").displayName);
        assertEquals(List.of(new RoomEvent.ParticipantRenamed("carl", "Carl C."), new RoomEvent.ParticipantRenamed("ann", "Annie")),
                host.events(RoomEvent.ParticipantRenamed.class));
        assertEquals(ErrorCode.FORBIDDEN, refused(() -> room.run(out -> room.moderation.rename("carl", RoomParts.OWNER, "X", out))));
    }
}
