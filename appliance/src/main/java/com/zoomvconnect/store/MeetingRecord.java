package com.zoomvconnect.store;

import java.time.Instant;

/**
 * A stored meeting. {@code passcodeHash} is null when the meeting has no passcode; {@code e2ee}: media is
 * encrypted end to end in the browsers (docs/security.md); {@code recordingAllowed}: the administrators' default when
 * the meeting was created, fixed for its life (docs/admin.md).
 */
public record MeetingRecord(String id, String code, String title, String description, String hostId, String status,
                            Instant startsAt, Integer durationMinutes, String timeZone, String passcodeHash,
                            boolean waitingRoom, boolean allowGuests, boolean muteOnEntry,
                            Instant createdAt, Instant updatedAt, Instant endedAt, boolean webinar, boolean e2ee,
                            boolean recordingAllowed) {
    /** A meeting that may be recorded. */
    public MeetingRecord(String id, String code, String title, String description, String hostId, String status,
                         Instant startsAt, Integer durationMinutes, String timeZone, String passcodeHash,
                         boolean waitingRoom, boolean allowGuests, boolean muteOnEntry,
                         Instant createdAt, Instant updatedAt, Instant endedAt, boolean webinar, boolean e2ee) {
        this(id, code, title, description, hostId, status, startsAt, durationMinutes, timeZone, passcodeHash, waitingRoom,
                allowGuests, muteOnEntry, createdAt, updatedAt, endedAt, webinar, e2ee, true);
    }

    /** A meeting without end-to-end encryption. */
    public MeetingRecord(String id, String code, String title, String description, String hostId, String status,
                         Instant startsAt, Integer durationMinutes, String timeZone, String passcodeHash,
                         boolean waitingRoom, boolean allowGuests, boolean muteOnEntry,
                         Instant createdAt, Instant updatedAt, Instant endedAt, boolean webinar) {
        this(id, code, title, description, hostId, status, startsAt, durationMinutes, timeZone, passcodeHash, waitingRoom,
                allowGuests, muteOnEntry, createdAt, updatedAt, endedAt, webinar, false);
    }

    public static final String SCHEDULED = "scheduled";
    public static final String LIVE = "live";
    public static final String ENDED = "ended";
    public static final String CANCELLED = "cancelled";

    public boolean isOver() {
        return ENDED.equals(status) || CANCELLED.equals(status);
    }
}
