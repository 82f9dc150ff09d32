package com.zoomvconnect.meeting;

import com.zoomvconnect.media.TrackSource;
import java.util.List;

/**
 * What hosts and co-hosts do to others: block a source (mute, stop video, stop a screen share),
 * mute everyone, ask to unmute, rename, and remove (maybe banning). Each checks that the actor
 * moderates and outranks the target. Used under the room's monitor; events go to the room's outbox.
 */
final class Moderation {
    /** A removal: the bans it made, for the database, and the name they were made under. */
    record Removal(List<BanSubject> bans, String displayName) {
    }

    private final Roster roster;
    private final MediaRules media;
    private final Entrance entrance;

    Moderation(Roster roster, MediaRules media, Entrance entrance) {
        this.roster = roster;
        this.media = media;
        this.entrance = entrance;
    }

    void block(String actorId, String targetId, TrackSource source, RoomOutbox out) {
        Member actor = roster.requireModerator(actorId);
        Member target = roster.requireTarget(actor, targetId);
        media.block(target, source, actor.displayName, out);
    }

    /** Holds back every attendee's microphone (hosts and co-hosts keep theirs). */
    void muteAll(Member actor, RoomOutbox out) {
        for (Member m : roster.all()) {
            if (!m.role.canModerate()) {
                media.block(m, TrackSource.MICROPHONE, actor.displayName, out);
            }
        }
    }

    void askToUnmute(String actorId, String targetId, RoomOutbox out) {
        Member actor = roster.requireModerator(actorId);
        Member target = roster.requireTarget(actor, targetId);
        out.send(target.link, new RoomEvent.UnmuteRequested(actor.displayName));
    }

    /**
     * Removes a participant; with {@code ban} they (or, for guests, their address) cannot come back.
     * The caller stores the returned bans before the outbox is flushed.
     */
    Removal remove(String actorId, String targetId, boolean ban, RoomOutbox out) {
        Member actor = roster.requireModerator(actorId);
        Member target = roster.requireTarget(actor, targetId);
        List<BanSubject> bans = ban ? BanSubject.of(target.grant, target.clientAddress) : List.of();
        entrance.ban(bans);
        roster.remove(targetId);
        out.send(target.link, new RoomEvent.Removed(actor.displayName, ban));
        out.run(() -> target.link.disconnect("removed"));
        out.send(roster.all(), new RoomEvent.ParticipantLeft(targetId, "removed"));
        return new Removal(bans, target.displayName);
    }

    /** Moderators rename themselves or anyone they outrank. */
    void rename(String actorId, String targetId, String displayName, RoomOutbox out) {
        Member actor = roster.requireModerator(actorId);
        Member target = actorId.equals(targetId) ? actor : roster.requireTarget(actor, targetId);
        target.displayName = displayName;
        out.send(roster.all(), new RoomEvent.ParticipantRenamed(targetId, displayName));
    }
}
