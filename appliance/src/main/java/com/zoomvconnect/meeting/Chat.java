package com.zoomvconnect.meeting;

import com.zoomvconnect.error.ErrorCode;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.List;
import java.util.UUID;

/**
 * The room's chat: public messages to everyone (the latest kept for late joiners) and private
 * ones that reach only their sender and recipient, as the policy allows. Used under the room's
 * monitor; events go to the room's outbox.
 */
final class Chat {
    static final int HISTORY = 200;
    static final int MAX_LENGTH = 4000;

    private final Roster roster;
    private final Clock clock;
    private final ArrayDeque<ChatMessage> history = new ArrayDeque<>();
    /** Public messages so far, counting those before a restart: the order the database keeps them in. */
    private long publicCount;

    Chat(Roster roster, Clock clock) {
        this.roster = roster;
        this.clock = clock;
    }

    /** Sends {@code text} to everyone, or privately to {@code to}. */
    ChatMessage send(String fromId, String to, String text, RoomOutbox out) {
        Member from = roster.member(fromId);
        if (text == null || text.isBlank()) {
            throw new ModerationException(ErrorCode.INVALID_FIELD, "chat.text must not be empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw new ModerationException(ErrorCode.INVALID_FIELD, "chat.text is longer than " + MAX_LENGTH + " characters");
        }
        RoomPolicy policy = roster.policy();
        if (!policy.chatEnabled() && !from.role.canModerate()) {
            throw new ModerationException(ErrorCode.CHAT_DISABLED, "The host has turned chat off");
        }
        var msg = new ChatMessage(UUID.randomUUID().toString(), fromId, from.displayName, to, text.strip(), clock.instant());
        var ev = new RoomEvent.Chat(msg);
        if (to != null) {
            Member target = roster.get(to);
            if (target == null || target == from) {
                throw new ModerationException(ErrorCode.NOT_FOUND, "No such participant to write to");
            }
            boolean withModerator = target.role.canModerate() || from.role.canModerate();
            if (!policy.privateChatEnabled() && !withModerator) {
                throw new ModerationException(ErrorCode.PRIVATE_CHAT_DISABLED, "The host has turned private messages off");
            }
            out.send(from.link, ev);
            out.send(target.link, ev);
        } else {
            history.addLast(msg);
            publicCount++;
            while (history.size() > HISTORY) {
                history.removeFirst();
            }
            out.send(roster.all(), ev);
        }
        return msg;
    }

    /** Public messages from before a restart (oldest first, the last of them number {@code lastSeq}), ahead of any since. */
    void restore(List<ChatMessage> earlier, long lastSeq) {
        publicCount += lastSeq;
        earlier.reversed().forEach(history::addFirst);
        while (history.size() > HISTORY) {
            history.removeFirst();
        }
    }

    /** The number of the latest public message (1 for the first), which orders them in the database. */
    long lastPublicSeq() {
        return publicCount;
    }

    /** The public messages a late joiner is shown, oldest first. */
    List<ChatMessage> history() {
        return List.copyOf(history);
    }
}
