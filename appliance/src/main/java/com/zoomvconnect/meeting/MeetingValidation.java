package com.zoomvconnect.meeting;

import com.zoomvconnect.error.AppException;
import com.zoomvconnect.store.InviteeRecord;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Field rules for meetings; each failure names the field and why. */
final class MeetingValidation {
    static final int MAX_PASSCODE = 32;
    private static final int MAX_INVITEES = 500;
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+$");
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

    /** Validated optional fields shared by create and update. */
    record Common(String description, Instant startsAt, Integer durationMinutes, String timeZone) {
    }

    private MeetingValidation() {
    }

    static String title(String title) {
        if (title == null || title.isBlank()) {
            throw AppException.invalidField("title", "is required");
        }
        String t = title.strip();
        if (t.length() > 200) {
            throw AppException.invalidField("title", "must be at most 200 characters");
        }
        noControl("title", t);
        return t;
    }

    static Common common(MeetingDraft d) {
        String description = d.description() == null ? null : d.description().strip();
        if (description != null && description.length() > 4000) {
            throw AppException.invalidField("description", "must be at most 4000 characters");
        }
        if (d.startsAt() != null && (d.startsAt().isBefore(EARLIEST) || d.startsAt().isAfter(LATEST))) {
            throw AppException.invalidField("startsAt", "is out of range");
        }
        if (d.durationMinutes() != null && (d.durationMinutes() < 1 || d.durationMinutes() > 24 * 60)) {
            throw AppException.invalidField("durationMinutes", "must be between 1 and 1440");
        }
        String tz = d.timeZone();
        if (tz != null) {
            try {
                tz = ZoneId.of(tz).getId();
            } catch (DateTimeException e) {
                throw AppException.invalidField("timeZone", "is not a known time zone (use an IANA name such as Europe/Paris)");
            }
        }
        return new Common(description, d.startsAt(), d.durationMinutes(), tz);
    }

    static String passcode(String passcode) {
        if (passcode.length() > MAX_PASSCODE) {
            throw AppException.invalidField("passcode", "must be at most " + MAX_PASSCODE + " characters");
        }
        if (passcode.isBlank() || !passcode.equals(passcode.strip())) {
            throw AppException.invalidField("passcode", "must not be blank or start/end with spaces");
        }
        noControl("passcode", passcode);
        return passcode;
    }

    static String displayName(String name) {
        String n = name.strip();
        if (n.isEmpty()) {
            throw AppException.invalidField("displayName", "must not be blank");
        }
        if (n.length() > 100) {
            throw AppException.invalidField("displayName", "must be at most 100 characters");
        }
        noControl("displayName", n);
        return n;
    }

    /** Invitees and co-hosts merged by lower-case email (co-host wins), without the host themself: email to role. */
    static Map<String, String> invitees(List<String> attendees, List<String> coHosts, String hostEmail) {
        var byEmail = new LinkedHashMap<String, String>();
        addAll(byEmail, "invitees", attendees, InviteeRecord.ATTENDEE);
        addAll(byEmail, "coHosts", coHosts, InviteeRecord.COHOST);
        byEmail.remove(hostEmail.toLowerCase(Locale.ROOT));
        if (byEmail.size() > MAX_INVITEES) {
            throw AppException.invalidField("invitees", "must list at most " + MAX_INVITEES + " people");
        }
        return byEmail;
    }

    /** The addresses in the given lists (absent lists add none), keyed as {@link #invitees} keys them. */
    static Set<String> addresses(List<String> attendees, List<String> coHosts) {
        var out = new HashSet<String>();
        for (List<String> list : Arrays.asList(attendees, coHosts)) {
            if (list != null) {
                list.forEach(e -> out.add(e.strip().toLowerCase(Locale.ROOT)));
            }
        }
        return out;
    }

    private static void addAll(LinkedHashMap<String, String> into, String field, List<String> emails, String role) {
        if (emails == null) {
            return;
        }
        for (String e : emails) {
            if (e == null || e.length() > 254 || !EMAIL.matcher(e.strip()).matches()) {
                throw AppException.invalidField(field, "contains an invalid email address");
            }
            into.put(e.strip().toLowerCase(Locale.ROOT), role);
        }
    }

    private static void noControl(String field, String value) {
        if (value.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t')) {
            throw AppException.invalidField(field, "must not contain control characters");
        }
    }
}
