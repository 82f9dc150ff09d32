package com.zoomvconnect.meeting;

import com.zoomvconnect.auth.JoinGrant;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One live meeting: who is in it and what they publish. Membership changes are serialised on the
 * room's monitor; events are delivered to links outside of it, so a slow link never blocks the room.
 */
public final class Room {
    private final String meetingId;
    private final Clock clock;
    private final Map<String, Member> members = new LinkedHashMap<>();
    private boolean ended;

    private static final class Member {
        final JoinGrant grant;
        final ParticipantLink link;
        final Instant joinedAt;
        final Map<String, TrackInfo> tracks = new LinkedHashMap<>();

        Member(JoinGrant grant, ParticipantLink link, Instant joinedAt) {
            this.grant = grant;
            this.link = link;
            this.joinedAt = joinedAt;
        }

        ParticipantView view() {
            return new ParticipantView(grant.participantId(), grant.displayName(), grant.meetingRole(), grant.guest(),
                    joinedAt, List.copyOf(tracks.values()));
        }
    }

    Room(String meetingId, Clock clock) {
        this.meetingId = meetingId;
        this.clock = clock;
    }

    public String meetingId() {
        return meetingId;
    }

    /**
     * Adds a participant and returns who was already there. A participant id that is already
     * present (a reconnect from another tab or after a network change) replaces the old link.
     */
    public List<ParticipantView> join(JoinGrant grant, ParticipantLink link) {
        List<ParticipantLink> notify;
        Member previous;
        List<ParticipantView> others;
        Member member = new Member(grant, link, clock.instant());
        synchronized (this) {
            if (ended) {
                throw new IllegalStateException("meeting ended");
            }
            previous = members.remove(grant.participantId());
            others = members.values().stream().map(Member::view).toList();
            notify = links();
            members.put(grant.participantId(), member);
        }
        if (previous != null) {
            previous.link.disconnect("replaced");
            var left = new RoomEvent.ParticipantLeft(grant.participantId(), "reconnected");
            notify.forEach(l -> l.deliver(left));
        }
        var joined = new RoomEvent.ParticipantJoined(member.view());
        notify.forEach(l -> l.deliver(joined));
        return others;
    }

    /** Removes the participant if {@code link} is still theirs; returns true if they were removed. */
    public boolean leave(String participantId, ParticipantLink link, String reason) {
        List<ParticipantLink> notify;
        synchronized (this) {
            Member m = members.get(participantId);
            if (m == null || m.link != link) {
                return false;
            }
            members.remove(participantId);
            notify = links();
        }
        var event = new RoomEvent.ParticipantLeft(participantId, reason);
        notify.forEach(l -> l.deliver(event));
        return true;
    }

    public void publish(String participantId, TrackInfo track) {
        List<ParticipantLink> notify;
        synchronized (this) {
            Member m = members.get(participantId);
            if (m == null) {
                return;
            }
            m.tracks.put(track.trackId(), track);
            notify = linksExcept(participantId);
        }
        var event = new RoomEvent.TrackPublished(participantId, track);
        notify.forEach(l -> l.deliver(event));
    }

    public void unpublish(String participantId, String trackId) {
        List<ParticipantLink> notify;
        synchronized (this) {
            Member m = members.get(participantId);
            if (m == null || m.tracks.remove(trackId) == null) {
                return;
            }
            notify = linksExcept(participantId);
        }
        var event = new RoomEvent.TrackUnpublished(participantId, trackId);
        notify.forEach(l -> l.deliver(event));
    }

    /** Marks the participant's tracks of {@code source} muted or not; returns false if they have none. */
    public boolean setMuted(String participantId, String source, boolean muted) {
        List<ParticipantLink> notify;
        List<RoomEvent> events = new ArrayList<>();
        synchronized (this) {
            Member m = members.get(participantId);
            if (m == null) {
                return false;
            }
            for (var e : m.tracks.entrySet()) {
                if (e.getValue().source().equals(source)) {
                    e.setValue(e.getValue().withMuted(muted));
                    events.add(new RoomEvent.TrackMuted(participantId, e.getKey(), source, muted));
                }
            }
            notify = links();
        }
        events.forEach(ev -> notify.forEach(l -> l.deliver(ev)));
        return !events.isEmpty();
    }

    /** Ends the meeting: everyone is told and disconnected. */
    public void end(String reason) {
        List<Member> all;
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            all = new ArrayList<>(members.values());
            members.clear();
        }
        var event = new RoomEvent.MeetingEnded(reason);
        for (Member m : all) {
            m.link.deliver(event);
            m.link.disconnect("ended");
        }
    }

    public synchronized List<ParticipantView> participants() {
        return members.values().stream().map(Member::view)
                .sorted(Comparator.comparing(ParticipantView::joinedAt)).toList();
    }

    public synchronized Optional<ParticipantView> participant(String id) {
        return Optional.ofNullable(members.get(id)).map(Member::view);
    }

    public synchronized boolean isEmpty() {
        return members.isEmpty();
    }

    public synchronized boolean isEnded() {
        return ended;
    }

    private List<ParticipantLink> links() {
        return members.values().stream().map(m -> m.link).toList();
    }

    private List<ParticipantLink> linksExcept(String participantId) {
        return members.values().stream().filter(m -> !m.grant.participantId().equals(participantId)).map(m -> m.link).toList();
    }
}
