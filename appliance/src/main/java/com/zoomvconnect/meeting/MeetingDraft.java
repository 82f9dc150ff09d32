package com.zoomvconnect.meeting;

import java.time.Instant;
import java.util.List;

/**
 * The fields of a meeting as a client sends them. On create, null means "default"; on update,
 * null means "unchanged" and an empty passcode removes the passcode.
 */
public record MeetingDraft(String title, String description, Instant startsAt, Integer durationMinutes,
                           String timeZone, String passcode, Boolean waitingRoom, Boolean allowGuests,
                           Boolean muteOnEntry, List<String> invitees, List<String> coHosts, Boolean webinar,
                           Boolean e2ee) {
    /** A draft that leaves end-to-end encryption at its default (or unchanged). */
    public MeetingDraft(String title, String description, Instant startsAt, Integer durationMinutes, String timeZone,
                        String passcode, Boolean waitingRoom, Boolean allowGuests, Boolean muteOnEntry,
                        List<String> invitees, List<String> coHosts, Boolean webinar) {
        this(title, description, startsAt, durationMinutes, timeZone, passcode, waitingRoom, allowGuests, muteOnEntry,
                invitees, coHosts, webinar, null);
    }
}
