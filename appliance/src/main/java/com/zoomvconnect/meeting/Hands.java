package com.zoomvconnect.meeting;

import com.zoomvconnect.error.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Raised hands, queued in the order they went up, and emoji reactions (rate-limited per
 * participant). Used under the room's monitor; events go to the room's outbox.
 */
final class Hands {
    /** The reactions the client offers; anything else is refused. */
    static final Set<String> REACTIONS = Set.of("👍", "👏", "😂", "❤️", "😮", "🎉");
    /** At most two reactions a second per participant. */
    static final Duration REACTION_INTERVAL = Duration.ofMillis(500);

    private final Roster roster;
    private final Clock clock;
    private final LinkedHashSet<String> raised = new LinkedHashSet<>();
    private final Map<String, Instant> lastReaction = new HashMap<>();

    Hands(Roster roster, Clock clock) {
        this.roster = roster;
        this.clock = clock;
    }

    /** Anyone raises or lowers their own hand; moderators may lower anyone's ({@code targetId} not null). */
    void set(String actorId, String targetId, boolean up, RoomOutbox out) {
        Member actor = roster.member(actorId);
        String who = targetId == null ? actorId : targetId;
        if (!who.equals(actorId)) {
            if (up || !actor.role.canModerate()) {
                throw new ModerationException(ErrorCode.FORBIDDEN, "Only a host can lower someone else's hand");
            }
            if (!roster.contains(who)) {
                throw new ModerationException(ErrorCode.NOT_FOUND, "No such participant");
            }
        }
        boolean changed = up ? raised.add(who) : raised.remove(who);
        if (changed) {
            broadcast(out);
        }
    }

    /** A participant left: their hand goes down. */
    void left(String participantId, RoomOutbox out) {
        if (raised.remove(participantId)) {
            broadcast(out);
        }
    }

    List<String> queue() {
        return List.copyOf(raised);
    }

    private void broadcast(RoomOutbox out) {
        out.send(roster.all(), new RoomEvent.HandQueue(queue()));
    }

    void react(String participantId, String emoji, RoomOutbox out) {
        roster.member(participantId);
        if (emoji == null || !REACTIONS.contains(emoji)) {
            throw new ModerationException(ErrorCode.INVALID_FIELD, "Unknown reaction");
        }
        Instant now = clock.instant();
        Instant last = lastReaction.get(participantId);
        if (last != null && now.isBefore(last.plus(REACTION_INTERVAL))) {
            throw new ModerationException(ErrorCode.RATE_LIMITED, "Slow down");
        }
        lastReaction.put(participantId, now);
        out.send(roster.all(), new RoomEvent.Reaction(participantId, emoji));
    }
}
