package com.zoomvconnect.meeting;

import com.zoomvconnect.auth.JoinGrant;
import com.zoomvconnect.error.ErrorCode;
import com.zoomvconnect.media.TrackSource;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Who gets in: the lock, the bans made in this room, and the waiting room where entrants stay
 * until a host admits or denies them. Used under the room's monitor; events go to the room's
 * outbox. (Bans and the meeting's state in the database are checked by {@link Room} first.)
 */
final class Entrance {
    static final Admission.Refused BANNED = new Admission.Refused(ErrorCode.BANNED,
            "You were removed from this meeting and cannot rejoin");

    /** Someone admitted, with what they must be told besides the room-wide state. */
    record Entered(Member member, List<ParticipantView> others, boolean startMuted) {
    }

    private record Waiter(JoinGrant grant, ParticipantLink link, String clientAddress, Instant since) {
        WaitingEntrant view() {
            return new WaitingEntrant(grant.participantId(), grant.displayName(), grant.guest(), since);
        }
    }

    private final Roster roster;
    private final Roles roles;
    private final Clock clock;
    /** Completes an entry with the room-wide state (chat, hands, recording) the entrant is told. */
    private final Function<Entered, Admission.Admitted> welcome;
    private final Map<String, Waiter> waiting = new LinkedHashMap<>();
    private final Set<BanSubject> banned = new HashSet<>();

    Entrance(Roster roster, Roles roles, Clock clock, Function<Entered, Admission.Admitted> welcome) {
        this.roster = roster;
        this.roles = roles;
        this.clock = clock;
        this.welcome = welcome;
    }

    /**
     * A participant arrives. Moderators skip the waiting room and the lock; someone already present
     * (reconnecting) too; the banned never enter.
     */
    Admission enter(JoinGrant grant, List<BanSubject> subjects, String clientAddress, ParticipantLink link,
                    RoomOutbox out) {
        return enter(grant, subjects, clientAddress, link, out, false);
    }

    /** @param full the meeting holds as many participants as it may ({@link ErrorCode#MEETING_FULL}) */
    Admission enter(JoinGrant grant, List<BanSubject> subjects, String clientAddress, ParticipantLink link,
                    RoomOutbox out, boolean full) {
        String pid = grant.participantId();
        if (subjects.stream().anyMatch(banned::contains)) {
            return BANNED;
        }
        MeetingRole role = roles.onEntry(grant);
        boolean moderator = role.canModerate();
        RoomPolicy policy = roster.policy();
        if (policy.locked() && !moderator && !roster.contains(pid)) {
            return new Admission.Refused(ErrorCode.MEETING_LOCKED, "The host has locked this meeting");
        }
        // Hosts and co-hosts are never shut out of their own meeting; someone reconnecting holds a place already.
        if (!moderator && !roster.contains(pid) && full) {
            return new Admission.Refused(ErrorCode.MEETING_FULL, "This meeting has as many participants as it may have");
        }
        boolean skipsWaiting = moderator || roster.contains(pid) || (policy.membersSkipWaiting() && !grant.guest());
        if (policy.waitingRoom() && !skipsWaiting) {
            waiting.remove(pid);
            waiting.put(pid, new Waiter(grant, link, clientAddress, clock.instant()));
            notifyModerators(out);
            return new Admission.Waiting(waiting.size());
        }
        return admit(grant, clientAddress, link, role, out);
    }

    /** Admits under the monitor; returns what the entrant is told. */
    private Admission.Admitted admit(JoinGrant grant, String clientAddress, ParticipantLink link, MeetingRole role,
                                     RoomOutbox out) {
        String pid = grant.participantId();
        Member previous = roster.remove(pid);
        List<ParticipantView> others = roster.all().stream().map(Member::view).toList();
        List<Member> notify = List.copyOf(roster.all());
        if (role == MeetingRole.HOST) {
            roles.ownerReturns(out);
        }
        var member = new Member(grant, link, clock.instant(), clientAddress, role);
        if (previous != null) {
            member.blocked.addAll(previous.blocked); // a reconnect does not lift a host's mute
        }
        boolean startMuted = roster.policy().muteOnEntry() && !role.canModerate();
        if (startMuted) {
            member.blocked.add(TrackSource.MICROPHONE);
        }
        roster.put(member);
        if (previous != null) {
            out.run(() -> previous.link.disconnect("replaced"));
            out.send(notify, new RoomEvent.ParticipantLeft(pid, "reconnected"));
        }
        out.send(notify, new RoomEvent.ParticipantJoined(member.view()));
        for (TrackSource source : member.blocked) {
            out.send(link, new RoomEvent.MediaBlocked(source, true, "the host"));
        }
        return welcome.apply(new Entered(member, others, startMuted));
    }

    /** Removes a waiting entrant if {@code link} is still theirs. */
    boolean leave(String participantId, ParticipantLink link, RoomOutbox out) {
        Waiter w = waiting.get(participantId);
        if (w == null || w.link() != link) {
            return false;
        }
        waiting.remove(participantId);
        notifyModerators(out);
        return true;
    }

    /** A moderator admits one waiting entrant ({@code participantId}) or everyone waiting ({@code null}). */
    List<String> admitWaiting(String actorId, String participantId, RoomOutbox out) {
        roster.requireModerator(actorId);
        List<Waiter> chosen = participantId == null ? new ArrayList<>(waiting.values())
                : Optional.ofNullable(waiting.get(participantId)).map(List::of)
                .orElseThrow(() -> new ModerationException(ErrorCode.NOT_FOUND, "Nobody with that id is waiting"));
        List<String> admitted = admit(chosen, out);
        notifyModerators(out);
        return admitted;
    }

    /** The waiting room was turned off: everyone waiting comes in. */
    void admitEveryone(RoomOutbox out) {
        admit(new ArrayList<>(waiting.values()), out);
        notifyModerators(out);
    }

    private List<String> admit(List<Waiter> chosen, RoomOutbox out) {
        List<String> admitted = new ArrayList<>();
        for (Waiter w : chosen) {
            waiting.remove(w.grant().participantId());
            MeetingRole role = MeetingRole.fromWire(w.grant().meetingRole());
            Admission.Admitted a = admit(w.grant(), w.clientAddress(), w.link(), role, out);
            out.run(() -> w.link().admission(a));
            admitted.add(w.grant().participantId());
        }
        return admitted;
    }

    void deny(String actorId, String participantId, RoomOutbox out) {
        roster.requireModerator(actorId);
        Waiter w = waiting.remove(participantId);
        if (w == null) {
            throw new ModerationException(ErrorCode.NOT_FOUND, "Nobody with that id is waiting");
        }
        out.run(() -> w.link().admission(new Admission.Refused(ErrorCode.DENIED, "The host did not let you in")));
        notifyModerators(out);
    }

    /** Bars {@code subjects} from entering again while this room lives (the database keeps them longer). */
    void ban(List<BanSubject> subjects) {
        banned.addAll(subjects);
    }

    boolean isBanned(List<BanSubject> subjects) {
        return subjects.stream().anyMatch(banned::contains);
    }

    List<WaitingEntrant> queue() {
        return waiting.values().stream().map(Waiter::view).toList();
    }

    /** The waiting queue as moderators see it; sent whenever it changes or someone becomes one. */
    RoomEvent.WaitingRoomChanged queueChanged() {
        return new RoomEvent.WaitingRoomChanged(queue());
    }

    void notifyModerators(RoomOutbox out) {
        out.send(roster.moderators(), queueChanged());
    }

    boolean isEmpty() {
        return waiting.isEmpty();
    }

    /** The meeting ended: everyone waiting is let go; returns their links. */
    Collection<ParticipantLink> close() {
        List<ParticipantLink> links = waiting.values().stream().map(Waiter::link).toList();
        waiting.clear();
        return links;
    }
}
