package com.zoomvconnect.meeting;

import com.zoomvconnect.error.ErrorCode;
import com.zoomvconnect.media.TrackSource;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What each participant publishes and what the room holds back: the published tracks and their
 * mute state, the sources a host blocked, and who may publish what. The SFU and the signaling
 * connection keep no copy; they are given {@link #heldBack} whenever it changes. Used under the
 * room's monitor; events go to the room's outbox.
 */
final class MediaRules {
    private final Roster roster;

    MediaRules(Roster roster) {
        this.roster = roster;
    }

    /** May this participant publish a track of {@code source}? (Webinars and screen-share policy restrict it.) */
    boolean mayPublish(String participantId, TrackSource source) {
        Member m = roster.get(participantId);
        if (m == null) {
            return false;
        }
        RoomPolicy policy = roster.policy();
        if (policy.webinar() && !m.role.canPresent()) {
            return false;
        }
        return !source.isScreen() || policy.screenShareAllowed() || m.role.canModerate();
    }

    boolean isBlocked(String participantId, TrackSource source) {
        Member m = roster.get(participantId);
        return m != null && m.blocked.contains(source);
    }

    /**
     * The room's whole decision on what the SFU must not forward from this participant: what a
     * host blocked, the screen's audio with the screen. Empty for someone not present.
     */
    Set<TrackSource> heldBack(String participantId) {
        Member m = roster.get(participantId);
        if (m == null || m.blocked.isEmpty()) {
            return Set.of();
        }
        Set<TrackSource> held = EnumSet.copyOf(m.blocked);
        if (held.contains(TrackSource.SCREEN)) {
            held.add(TrackSource.SCREEN_AUDIO);
        }
        return Set.copyOf(held);
    }

    /** Holds back {@code source} of {@code target}: they are told, everyone sees their tracks of it muted. */
    void block(Member target, TrackSource source, String byName, RoomOutbox out) {
        if (!target.blocked.add(source)) {
            return;
        }
        out.send(target.link, new RoomEvent.MediaBlocked(source, true, byName));
        for (var e : target.tracks.entrySet()) {
            if (e.getValue().source() == source && !e.getValue().muted()) {
                e.setValue(e.getValue().withMuted(true));
                out.send(roster.all(), new RoomEvent.TrackMuted(target.id(), e.getKey(), source, true));
            }
        }
    }

    /** Frees {@code source} of {@code target} again; their tracks stay muted until they unmute. */
    void unblock(Member target, TrackSource source, String byName, RoomOutbox out) {
        if (target.blocked.remove(source)) {
            out.send(target.link, new RoomEvent.MediaBlocked(source, false, byName));
        }
    }

    /** Screen sharing was turned off: every attendee's screen is held back. */
    void screenShareForbidden(RoomOutbox out) {
        for (Member m : roster.all()) {
            if (!m.role.canModerate()) {
                block(m, TrackSource.SCREEN, "the host", out);
            }
        }
    }

    /**
     * The SFU answered a publish offer: {@code removedTrackIds} are gone, {@code tracks} are what
     * the participant publishes now. A track of a held-back source is published muted.
     */
    void published(String participantId, List<String> removedTrackIds, List<TrackInfo> tracks, RoomOutbox out) {
        Member m = roster.get(participantId);
        if (m == null) {
            return;
        }
        for (String trackId : removedTrackIds) {
            if (m.tracks.remove(trackId) != null) {
                out.send(roster.others(m), new RoomEvent.TrackUnpublished(participantId, trackId));
            }
        }
        for (TrackInfo track : tracks) {
            TrackInfo t = m.blocked.contains(track.source()) ? track.withMuted(true) : track;
            m.tracks.put(t.trackId(), t);
            out.send(roster.others(m), new RoomEvent.TrackPublished(participantId, t));
        }
    }

    /**
     * The participant muted or unmuted their own {@code source}. Unmuting what a host blocked is
     * refused unless the policy allows it (never for the screen; moderators always may).
     */
    void setMuted(String participantId, TrackSource source, boolean muted, RoomOutbox out) {
        Member m = roster.member(participantId);
        if (!muted && m.blocked.contains(source)) {
            boolean allowed = m.role.canModerate() || (roster.policy().allowUnmute() && !source.isScreen());
            if (!allowed) {
                throw new ModerationException(ErrorCode.UNMUTE_NOT_ALLOWED, "The host has not allowed you to unmute");
            }
            unblock(m, source, m.displayName, out);
        }
        for (var e : m.tracks.entrySet()) {
            if (e.getValue().source() == source && e.getValue().muted() != muted) {
                e.setValue(e.getValue().withMuted(muted));
                out.send(roster.all(), new RoomEvent.TrackMuted(participantId, e.getKey(), source, muted));
            }
        }
    }
}
