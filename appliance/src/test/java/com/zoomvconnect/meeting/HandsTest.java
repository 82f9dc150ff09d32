package com.zoomvconnect.meeting;

import static com.zoomvconnect.meeting.RoomFakes.guest;
import static com.zoomvconnect.meeting.RoomFakes.member;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.zoomvconnect.error.ErrorCode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandsTest {
    private final RoomParts room = new RoomParts();
    private final RoomFakes.RecordingLink host = room.in(member(RoomParts.OWNER, "host"));
    private final RoomFakes.RecordingLink ann = room.in(guest("ann"));
    private final RoomFakes.RecordingLink bob = room.in(guest("bob"));

    private ErrorCode refused(Runnable action) {
        return assertThrows(ModerationException.class, action::run).errorCode();
    }

    @Test
    void handsQueueInTheOrderTheyWentUpAndEveryoneSeesTheQueue() {
        room.run(out -> room.hands.set("bob", null, true, out));
        room.run(out -> room.hands.set("ann", null, true, out));
        room.run(out -> room.hands.set("bob", null, true, out)); // already up: nothing changes

        assertEquals(List.of("bob", "ann"), room.hands.queue());
        assertEquals(List.of(new RoomEvent.HandQueue(List.of("bob")), new RoomEvent.HandQueue(List.of("bob", "ann"))),
                host.events(RoomEvent.HandQueue.class));
    }

    @Test
    void handsLowerOnTheirOwnersRequestOrAModerators() {
        room.run(out -> room.hands.set("ann", null, true, out));
        room.run(out -> room.hands.set("bob", null, true, out));

        room.run(out -> room.hands.set("ann", null, false, out));
        assertEquals(List.of("bob"), room.hands.queue());
        assertEquals(ErrorCode.FORBIDDEN, refused(() -> room.run(out -> room.hands.set("ann", "bob", false, out))));
        assertEquals(ErrorCode.FORBIDDEN, refused(() -> room.run(out -> room.hands.set(RoomParts.OWNER, "ann", true, out))));
        assertEquals(ErrorCode.NOT_FOUND, refused(() -> room.run(out -> room.hands.set(RoomParts.OWNER, "zed", false, out))));
        room.run(out -> room.hands.set(RoomParts.OWNER, "bob", false, out));
        assertEquals(List.of(), room.hands.queue());
        assertEquals(new RoomEvent.HandQueue(List.of()), bob.last(RoomEvent.HandQueue.class));
    }

    @Test
    void aHandGoesDownWhenItsOwnerLeaves() {
        room.run(out -> room.hands.set("ann", null, true, out));
        room.roster.remove("ann");
        room.run(out -> room.hands.left("ann", out));
        assertEquals(List.of(), room.hands.queue());
        assertEquals(new RoomEvent.HandQueue(List.of()), host.last(RoomEvent.HandQueue.class));
    }

    @Test
    void reactionsReachEveryoneAtMostTwiceASecond() {
        room.run(out -> room.hands.react("ann", "👍", out));
        assertEquals(List.of(new RoomEvent.Reaction("ann", "👍")), bob.events);

        room.clock.advance(Duration.ofMillis(499));
        assertEquals(ErrorCode.RATE_LIMITED, refused(() -> room.run(out -> room.hands.react("ann", "🎉", out))));
        room.run(out -> room.hands.react("bob", "🎉", out)); // the limit is per participant
        room.clock.advance(Duration.ofMillis(1));
        room.run(out -> room.hands.react("ann", "🎉", out));
        assertEquals(3, ann.events(RoomEvent.Reaction.class).size());
    }

    @Test
    void unknownReactionsAreRefused() {
        assertEquals(ErrorCode.INVALID_FIELD, refused(() -> room.run(out -> room.hands.react("ann", "💩", out))));
        assertEquals(ErrorCode.INVALID_FIELD, refused(() -> room.run(out -> room.hands.react("ann", null, out))));
    }
}
