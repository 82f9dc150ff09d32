package com.zoomvconnect.meeting;

import java.time.Instant;
import java.util.List;

/**
 * A meeting as its members see it: never the passcode or its hash. {@code passcodeKey} (only for
 * hosts and co-hosts, not serialised) lets the API build an invitation link that stands in for
 * the passcode.
 */
public record MeetingView(String id, String code, String title, String description, String hostId, String status,
                          Instant startsAt, Integer durationMinutes, String timeZone, boolean passcodeRequired,
                          boolean waitingRoom, boolean allowGuests, boolean muteOnEntry,
                          List<Invitee> invitees, String yourRole,
                          Instant createdAt, Instant updatedAt, Instant endedAt, boolean webinar, boolean e2ee,
                          @com.fasterxml.jackson.annotation.JsonIgnore String passcodeKey) {
    /** An invited person, the role they get on joining, and their account (null: an old invitation that grants nothing). */
    public record Invitee(String email, String role, String userId) {
    }
}
