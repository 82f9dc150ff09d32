package com.zoomvconnect.meeting;

import com.zoomvconnect.auth.JoinGrant;
import com.zoomvconnect.error.ErrorCode;
import com.zoomvconnect.media.TrackSource;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Who holds which role: the owner is host by right, anyone else only by hand-over; when the host
 * leaves, a co-host (longest present), else the longest-present participant, takes over. Used
 * under the room's monitor; events go to the room's outbox.
 */
final class Roles {
    /** What a webinar attendee does not send (the screen's audio follows the screen). */
    private static final List<TrackSource> PRESENTING = List.of(TrackSource.MICROPHONE, TrackSource.CAMERA, TrackSource.SCREEN);

    private final String ownerUserId;
    private final Roster roster;
    private final MediaRules media;

    Roles(String ownerUserId, Roster roster, MediaRules media) {
        this.ownerUserId = ownerUserId;
        this.roster = roster;
        this.media = media;
    }

    /** The role a grant enters with: the owner is host; a grant naming anyone else host makes them co-host. */
    MeetingRole onEntry(JoinGrant grant) {
        if (grant.participantId().equals(ownerUserId)) {
            return MeetingRole.HOST;
        }
        MeetingRole role = MeetingRole.fromWire(grant.meetingRole());
        return role == MeetingRole.HOST ? MeetingRole.COHOST : role;
    }

    /** The owner returns: whoever held host for them goes back to co-host (told to everyone present). */
    void ownerReturns(RoomOutbox out) {
        for (Member m : roster.all()) {
            if (m.role == MeetingRole.HOST) {
                m.role = MeetingRole.COHOST;
                out.send(roster.all(), new RoomEvent.RoleChanged(m.id(), MeetingRole.COHOST.wire()));
            }
        }
    }

    /**
     * The host left: a co-host (longest present), else the longest-present participant, becomes
     * host. Returns the new host, if anyone is left.
     */
    Optional<Member> handOver(RoomOutbox out) {
        Optional<Member> next = roster.all().stream().filter(x -> x.role == MeetingRole.COHOST)
                .min(Comparator.comparing(x -> x.joinedAt))
                .or(() -> roster.all().stream().min(Comparator.comparing(x -> x.joinedAt)));
        next.ifPresent(n -> {
            n.role = MeetingRole.HOST;
            out.send(roster.all(), new RoomEvent.RoleChanged(n.id(), MeetingRole.HOST.wire()));
        });
        return next;
    }

    /**
     * Only the host makes or unmakes co-hosts and panelists, or hands host over (becoming co-host).
     * In a webinar a demoted attendee's media is held back and a promoted one's freed.
     */
    Member setRole(String actorId, String targetId, MeetingRole role, RoomOutbox out) {
        Member actor = roster.member(actorId);
        if (actor.role != MeetingRole.HOST) {
            throw new ModerationException(ErrorCode.FORBIDDEN, "Only the host can change roles");
        }
        Member target = roster.get(targetId);
        if (target == null || target == actor) {
            throw new ModerationException(ErrorCode.NOT_FOUND, "No such participant");
        }
        if (role == MeetingRole.HOST) {
            actor.role = MeetingRole.COHOST;
            out.send(roster.all(), new RoomEvent.RoleChanged(actorId, MeetingRole.COHOST.wire()));
        }
        target.role = role;
        out.send(roster.all(), new RoomEvent.RoleChanged(targetId, role.wire()));
        if (roster.policy().webinar()) {
            for (TrackSource source : PRESENTING) {
                if (role.canPresent()) {
                    media.unblock(target, source, actor.displayName, out);
                } else {
                    media.block(target, source, actor.displayName, out);
                }
            }
        }
        return target;
    }
}
