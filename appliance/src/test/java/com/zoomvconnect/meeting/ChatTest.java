package com.zoomvconnect.meeting;

import static com.zoomvconnect.meeting.RoomFakes.guest;
import static com.zoomvconnect.meeting.RoomFakes.member;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.error.ErrorCode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatTest {
    private static RoomPolicy policy(Boolean chat, Boolean privateChat) {
        return RoomPolicy.initial(false, false, false).with(new RoomPolicy.PolicyChange(null, null, null, chat, privateChat,
                null, null, null, null));
    }

    private static ErrorCode refused(Runnable action) {
        return assertThrows(ModerationException.class, action::run).errorCode();
    }

    @Test
    void aPrivateMessageReachesOnlyItsSenderAndRecipientAndIsNotKept() {
        var room = new RoomParts();
        var host = room.in(member(RoomParts.OWNER, "host"));
        var ann = room.in(guest("ann"));
        var bob = room.in(guest("bob"));

        ChatMessage msg = room.act(out -> room.chat.send("ann", "bob", "psst", out));

        assertEquals(List.of(new RoomEvent.Chat(msg)), ann.events);
        assertEquals(List.of(new RoomEvent.Chat(msg)), bob.events);
        assertTrue(host.events.isEmpty());
        assertTrue(msg.isPrivate());
        assertTrue(room.chat.history().isEmpty());
    }

    @Test
    void publicMessagesReachEveryoneAndTheLatestAreKeptForLateJoiners() {
        var room = new RoomParts();
        var ann = room.in(guest("ann"));
        for (int i = 0; i < Chat.HISTORY + 5; i++) {
            int n = i;
            room.clock.advance(Duration.ofSeconds(1));
            room.run(out -> room.chat.send("ann", null, "  message " + n + " ", out));
        }
        assertEquals(Chat.HISTORY + 5, ann.events(RoomEvent.Chat.class).size());
        List<ChatMessage> kept = room.chat.history();
        assertEquals(Chat.HISTORY, kept.size());
        assertEquals("message 5", kept.get(0).text());
        assertEquals(room.clock.instant(), kept.get(kept.size() - 1).at());

        var late = (Admission.Admitted) room.enter(guest("zoe"));
        assertEquals(kept, late.chatHistory());
    }

    @Test
    void withChatOffAttendeesAreRefusedButModeratorsMayStillWrite() {
        var room = new RoomParts(policy(false, null));
        room.in(member(RoomParts.OWNER, "host"));
        room.in(guest("ann"));
        assertEquals(ErrorCode.CHAT_DISABLED, refused(() -> room.run(out -> room.chat.send("ann", null, "hi", out))));
        room.run(out -> room.chat.send(RoomParts.OWNER, null, "announcement", out));
        assertEquals(1, room.chat.history().size());
    }

    @Test
    void withPrivateChatOffAttendeesMayStillWriteToAModerator() {
        var room = new RoomParts(policy(null, false));
        room.in(member(RoomParts.OWNER, "host"));
        room.in(guest("ann"));
        room.in(guest("bob"));
        assertEquals(ErrorCode.PRIVATE_CHAT_DISABLED, refused(() -> room.run(out -> room.chat.send("ann", "bob", "psst", out))));
        room.run(out -> room.chat.send("ann", RoomParts.OWNER, "help", out));
    }

    @Test
    void emptyOverlongAndMisaddressedMessagesAreRefused() {
        var room = new RoomParts();
        room.in(guest("ann"));
        assertEquals(ErrorCode.INVALID_FIELD, refused(() -> room.run(out -> room.chat.send("ann", null, "  ", out))));
        assertEquals(ErrorCode.INVALID_FIELD,
                refused(() -> room.run(out -> room.chat.send("ann", null, "x".repeat(Chat.MAX_LENGTH + 1), out))));
        assertEquals(ErrorCode.NOT_FOUND, refused(() -> room.run(out -> room.chat.send("ann", "ann", "me", out))));
        assertEquals(ErrorCode.NOT_FOUND, refused(() -> room.run(out -> room.chat.send("ann", "zed", "you", out))));
        assertEquals(ErrorCode.NOT_JOINED, refused(() -> room.run(out -> room.chat.send("zed", null, "hi", out))));
    }
}
