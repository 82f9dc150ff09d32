package com.zoomvconnect.meeting;

import com.zoomvconnect.auth.JoinGrant;
import com.zoomvconnect.media.TrackSource;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One participant inside a room: the room is the only owner of their role, name, published
 * tracks and the sources a host holds back. Used only under the room's monitor.
 */
final class Member {
    final JoinGrant grant;
    final ParticipantLink link;
    final Instant joinedAt;
    final String clientAddress;
    /** Published tracks by track id, in publishing order. */
    final Map<String, TrackInfo> tracks = new LinkedHashMap<>();
    /** What a host (or the room's policy) holds back, whatever the client does. */
    final Set<TrackSource> blocked = EnumSet.noneOf(TrackSource.class);
    MeetingRole role;
    String displayName;

    Member(JoinGrant grant, ParticipantLink link, Instant joinedAt, String clientAddress, MeetingRole role) {
        this.grant = grant;
        this.link = link;
        this.joinedAt = joinedAt;
        this.clientAddress = clientAddress;
        this.role = role;
        this.displayName = grant.displayName();
    }

    String id() {
        return grant.participantId();
    }

    ParticipantView view() {
        return new ParticipantView(id(), displayName, role.wire(), grant.guest(), joinedAt, List.copyOf(tracks.values()));
    }
}
