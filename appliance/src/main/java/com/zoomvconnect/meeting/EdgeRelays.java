package com.zoomvconnect.meeting;

/**
 * Cascading (docs/cluster.md, "Cascading"): a webinar hosted on one node (its origin) whose
 * attendees are sent to other nodes (edges) once the origin is busy. An edge runs the meeting's
 * room for its own attendees and one relay link to the origin, which brings the presenters' media
 * and names into that room. A single site, and a cluster without {@code cluster.cascade.threshold},
 * has {@link #NONE}.
 */
public interface EdgeRelays {
    /** No cascading: a join for a meeting hosted elsewhere is refused. */
    EdgeRelays NONE = new EdgeRelays() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public void admitted(LiveMeeting meeting, MeetingPlacement.HostingNode origin, ParticipantLink participant) {
            throw new IllegalStateException("cascading is off");
        }

        @Override
        public void left(String meetingId, ParticipantLink participant) {
        }
    };

    /** Whether this node takes attendees of meetings hosted elsewhere ({@code cluster.cascade.threshold} set). */
    boolean enabled();

    /**
     * {@code participant} was admitted to {@code meeting}'s room here while the meeting is hosted on
     * {@code origin}: the relay link to the origin runs (opened now if needed) while any such
     * participant is here.
     */
    void admitted(LiveMeeting meeting, MeetingPlacement.HostingNode origin, ParticipantLink participant);

    /** That participant left; the link closes after the last. */
    void left(String meetingId, ParticipantLink participant);

    /**
     * An attendee's join as an edge of {@code meetingId} begins: from here until {@link #joinDone},
     * before any relay link is registered, {@link #serves} counts the meeting as this node's edge room.
     */
    default void joining(String meetingId) {
    }

    /** That join was admitted (the link registered by {@link #admitted}) or refused. */
    default void joinDone(String meetingId) {
    }

    /**
     * Whether this node runs {@code meetingId}'s room as an edge now (a relay link is open or
     * opening, or an edge join is under way): the lease is the origin's, so fencing must neither
     * claim it nor close the room.
     */
    default boolean serves(String meetingId) {
        return false;
    }

    /**
     * Whether a participant with {@code role} may be sent to an edge: only someone who will only
     * receive (a webinar's attendee), in a meeting without a waiting room (nobody on the edge could
     * admit them) and without end-to-end encryption (its keys travel between participants over
     * signaling, which does not cross the link).
     */
    static boolean relayable(boolean webinar, boolean waitingRoom, boolean e2ee, String role) {
        return webinar && !waitingRoom && !e2ee && MeetingRole.ATTENDEE.wire().equals(role);
    }
}
