package com.zoomvconnect.meeting;

import static com.zoomvconnect.meeting.RoomFakes.guest;
import static com.zoomvconnect.meeting.RoomFakes.member;
import static com.zoomvconnect.meeting.RoomParts.track;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.error.ErrorCode;
import com.zoomvconnect.media.TrackSource;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MediaRulesTest {
    private static RoomPolicy allowUnmute(boolean allow) {
        return RoomPolicy.initial(false, false, false).with(new RoomPolicy.PolicyChange(null, allow, null, null, null, null,
                null, null, null));
    }

    private static RoomPolicy screenShare(boolean allowed) {
        return RoomPolicy.initial(false, false, false).with(new RoomPolicy.PolicyChange(null, null, allowed, null, null, null,
                null, null, null));
    }

    @Test
    void aHostMuteBlocksTheMicrophoneAndMutesItsTrackForEveryone() {
        var room = new RoomParts();
        var host = room.in(member(RoomParts.OWNER, "host"));
        var ann = room.in(guest("ann"));
        room.run(out -> room.media.published("ann", List.of(), List.of(track("a1", TrackSource.MICROPHONE),
                track("v1", TrackSource.CAMERA)), out));

        room.run(out -> room.media.block(room.member("ann"), TrackSource.MICROPHONE, "Olga", out));

        assertEquals(new RoomEvent.MediaBlocked(TrackSource.MICROPHONE, true, "Olga"), ann.last(RoomEvent.MediaBlocked.class));
        assertEquals(List.of(new RoomEvent.TrackMuted("ann", "a1", TrackSource.MICROPHONE, true)),
                host.events(RoomEvent.TrackMuted.class));
        assertTrue(room.media.isBlocked("ann", TrackSource.MICROPHONE));
        assertEquals(Set.of(TrackSource.MICROPHONE), room.media.heldBack("ann"));
        assertFalse(room.member("ann").tracks.get("v1").muted());
    }

    @Test
    void withAllowUnmuteOffAHostMuteHoldsOnSelfUnmute() {
        var room = new RoomParts(allowUnmute(false));
        room.in(member(RoomParts.OWNER, "host"));
        room.in(guest("ann"));
        room.run(out -> room.media.block(room.member("ann"), TrackSource.MICROPHONE, "Olga", out));

        var e = assertThrows(ModerationException.class,
                () -> room.run(out -> room.media.setMuted("ann", TrackSource.MICROPHONE, false, out)));

        assertEquals(ErrorCode.UNMUTE_NOT_ALLOWED, e.errorCode());
        assertEquals(Set.of(TrackSource.MICROPHONE), room.media.heldBack("ann"));
    }

    @Test
    void withAllowUnmuteOnAnAttendeeUnmutesTheMicrophoneButNeverTheScreen() {
        var room = new RoomParts(allowUnmute(true));
        room.in(member(RoomParts.OWNER, "host"));
        var ann = room.in(guest("ann"));
        room.run(out -> room.media.published("ann", List.of(), List.of(track("a1", TrackSource.MICROPHONE)), out));
        room.run(out -> room.media.block(room.member("ann"), TrackSource.MICROPHONE, "Olga", out));
        room.run(out -> room.media.block(room.member("ann"), TrackSource.SCREEN, "Olga", out));

        room.run(out -> room.media.setMuted("ann", TrackSource.MICROPHONE, false, out));

        assertEquals(new RoomEvent.MediaBlocked(TrackSource.MICROPHONE, false, "Ann"), ann.last(RoomEvent.MediaBlocked.class));
        assertEquals(new RoomEvent.TrackMuted("ann", "a1", TrackSource.MICROPHONE, false), ann.last(RoomEvent.TrackMuted.class));
        var e = assertThrows(ModerationException.class,
                () -> room.run(out -> room.media.setMuted("ann", TrackSource.SCREEN, false, out)));
        assertEquals(ErrorCode.UNMUTE_NOT_ALLOWED, e.errorCode());
    }

    @Test
    void moderatorsMayAlwaysUnmuteThemselves() {
        var room = new RoomParts(allowUnmute(false));
        room.in(member(RoomParts.OWNER, "host"));
        room.in(member("carl", "cohost"));
        room.run(out -> room.media.block(room.member("carl"), TrackSource.MICROPHONE, "Olga", out));
        room.run(out -> room.media.setMuted("carl", TrackSource.MICROPHONE, false, out));
        assertEquals(Set.of(), room.media.heldBack("carl"));
    }

    @Test
    void holdingBackTheScreenHoldsBackItsAudioToo() {
        var room = new RoomParts();
        room.in(guest("ann"));
        room.run(out -> room.media.block(room.member("ann"), TrackSource.SCREEN, "Olga", out));
        assertEquals(Set.of(TrackSource.SCREEN, TrackSource.SCREEN_AUDIO), room.media.heldBack("ann"));
        assertEquals(Set.of(), room.media.heldBack("nobody"));
    }

    @Test
    void aTrackOfAHeldBackSourceIsPublishedMutedAndOnlyOthersAreTold() {
        var room = new RoomParts(RoomPolicy.initial(false, true, false));
        var bob = room.in(member("bob", "attendee"));
        var ann = room.in(guest("ann"));

        room.run(out -> room.media.published("ann", List.of(), List.of(track("a1", TrackSource.MICROPHONE),
                track("v1", TrackSource.CAMERA)), out));

        assertEquals(List.of(new RoomEvent.TrackPublished("ann", new TrackInfo("a1", "audio", TrackSource.MICROPHONE, true)),
                new RoomEvent.TrackPublished("ann", track("v1", TrackSource.CAMERA))), bob.events(RoomEvent.TrackPublished.class));
        assertTrue(ann.events.isEmpty());

        room.run(out -> room.media.published("ann", List.of("v1", "gone"), List.of(), out));
        assertEquals(List.of(new RoomEvent.TrackUnpublished("ann", "v1")), bob.events(RoomEvent.TrackUnpublished.class));
        assertEquals(Set.of("a1"), room.member("ann").tracks.keySet());
    }

    @Test
    void webinarAttendeesPublishNothingAndScreensNeedThePolicyUnlessModerating() {
        var webinar = new RoomParts(RoomPolicy.initial(false, false, true));
        webinar.in(guest("ann"));
        webinar.in(member("pia", "panelist"));
        assertFalse(webinar.media.mayPublish("ann", TrackSource.MICROPHONE));
        assertTrue(webinar.media.mayPublish("pia", TrackSource.CAMERA));

        var room = new RoomParts(screenShare(false));
        room.in(guest("ann"));
        room.in(member("carl", "cohost"));
        assertTrue(room.media.mayPublish("ann", TrackSource.CAMERA));
        assertFalse(room.media.mayPublish("ann", TrackSource.SCREEN));
        assertFalse(room.media.mayPublish("ann", TrackSource.SCREEN_AUDIO));
        assertTrue(room.media.mayPublish("carl", TrackSource.SCREEN));
        assertFalse(room.media.mayPublish("nobody", TrackSource.CAMERA));
    }

    @Test
    void forbiddingScreenShareHoldsBackEveryAttendeesScreen() {
        var room = new RoomParts();
        room.in(guest("ann"));
        room.in(member("carl", "cohost"));
        room.run(out -> room.media.screenShareForbidden(out));
        assertTrue(room.media.isBlocked("ann", TrackSource.SCREEN));
        assertFalse(room.media.isBlocked("carl", TrackSource.SCREEN));
    }
}
