package com.zoomvconnect.meeting;

import com.zoomvconnect.error.ErrorCode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who is in a room now and what its hosts allow: the state every collaborator of {@link Room}
 * reads, and the checks of who may do what to whom. Not thread-safe: used under the room's monitor.
 */
final class Roster {
    private final Map<String, Member> members = new LinkedHashMap<>();
    private RoomPolicy policy;

    Roster(RoomPolicy policy) {
        this.policy = policy;
    }

    RoomPolicy policy() {
        return policy;
    }

    void policy(RoomPolicy next) {
        policy = next;
    }

    /** The member with this id, or null. */
    Member get(String id) {
        return members.get(id);
    }

    boolean contains(String id) {
        return members.containsKey(id);
    }

    /** Everyone present, in order of entry; a live view. */
    Collection<Member> all() {
        return members.values();
    }

    /** Everyone present except {@code m}. */
    List<Member> others(Member m) {
        List<Member> out = new ArrayList<>(members.size());
        for (Member x : members.values()) {
            if (x != m) {
                out.add(x);
            }
        }
        return out;
    }

    List<Member> moderators() {
        return members.values().stream().filter(m -> m.role.canModerate()).toList();
    }

    /** Adds {@code m} (after any earlier connection of the same participant was removed). */
    void put(Member m) {
        members.put(m.id(), m);
    }

    Member remove(String id) {
        return members.remove(id);
    }

    boolean isEmpty() {
        return members.isEmpty();
    }

    void clear() {
        members.clear();
    }

    /** The sender of a request, who must be present. */
    Member member(String id) {
        Member m = members.get(id);
        if (m == null) {
            throw new ModerationException(ErrorCode.NOT_JOINED, "You are not in this meeting");
        }
        return m;
    }

    /** The sender of a host control, who must be host or co-host. */
    Member requireModerator(String actorId) {
        Member actor = member(actorId);
        if (!actor.role.canModerate()) {
            throw new ModerationException(ErrorCode.FORBIDDEN, "Only the host or a co-host can do that");
        }
        return actor;
    }

    /** The target of a moderation action: present, not the actor, and not more senior than them. */
    Member requireTarget(Member actor, String targetId) {
        Member target = members.get(targetId);
        if (target == null) {
            throw new ModerationException(ErrorCode.NOT_FOUND, "No such participant");
        }
        if (target == actor) {
            throw new ModerationException(ErrorCode.INVALID_TARGET, "Use your own controls for yourself");
        }
        if (target.role == MeetingRole.HOST || (target.role == MeetingRole.COHOST && actor.role != MeetingRole.HOST)) {
            throw new ModerationException(ErrorCode.FORBIDDEN, "You cannot do that to the " + target.role.wire());
        }
        return target;
    }
}
