package com.zoomvconnect.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jdbi.v3.core.Handle;

/** When meetings went live and who was admitted into them: the past-meetings search of the dashboard. */
public final class AttendanceDao {
    /** The meeting went live now (again, if it had ended): its duration counts from here. */
    public void markStarted(Handle h, String meetingId, Instant at) {
        h.createUpdate("UPDATE meetings SET started_at = :at WHERE id = :id")
                .bind("at", Database.toDb(at)).bind("id", meetingId).execute();
    }

    /** Notes that a participant was admitted; the first admission stays (a reconnect adds nothing). */
    public void attended(Handle h, String meetingId, String participantId, String displayName, Instant at) {
        h.createUpdate("INSERT INTO meeting_attendance (meeting_id, participant_id, display_name, joined_at) "
                        + "SELECT :meeting, :pid, :name, :at WHERE NOT EXISTS "
                        + "(SELECT 1 FROM meeting_attendance WHERE meeting_id = :meeting AND participant_id = :pid)")
                .bind("meeting", meetingId).bind("pid", participantId).bind("name", displayName)
                .bind("at", Database.toDb(at)).execute();
    }

    /**
     * Ended meetings, the most recently ended first: {@code text} in the title or code, {@code host} in
     * the host's name or email (both case-insensitive), ended in {@code [from, to)}; null filters are off.
     */
    public List<PastMeeting> searchPast(Handle h, String text, String host, Instant from, Instant to, int limit) {
        List<String> terms = new ArrayList<>(List.of("m.status = 'ended'"));
        if (text != null) {
            terms.add("(LOWER(m.title) LIKE :text ESCAPE '!' OR LOWER(m.code) LIKE :text ESCAPE '!')");
        }
        if (host != null) {
            terms.add("(LOWER(u.display_name) LIKE :host ESCAPE '!' OR LOWER(u.email) LIKE :host ESCAPE '!')");
        }
        if (from != null) {
            terms.add("m.ended_at >= :from");
        }
        if (to != null) {
            terms.add("m.ended_at < :to");
        }
        var q = h.createQuery("SELECT m.id, m.code, m.title, u.display_name, u.email, m.started_at, m.ended_at, "
                + "(SELECT COUNT(*) FROM meeting_attendance a WHERE a.meeting_id = m.id) AS attendance, "
                + "(SELECT COUNT(*) FROM recordings r WHERE r.meeting_id = m.id) AS recordings "
                + "FROM meetings m JOIN users u ON u.id = m.host_id WHERE " + String.join(" AND ", terms)
                + " ORDER BY m.ended_at DESC, m.id LIMIT :limit");
        // Bound only when used, so no untyped null parameter reaches PostgreSQL.
        if (text != null) {
            q.bind("text", like(text));
        }
        if (host != null) {
            q.bind("host", like(host));
        }
        if (from != null) {
            q.bind("from", Database.toDb(from));
        }
        if (to != null) {
            q.bind("to", Database.toDb(to));
        }
        return q.bind("limit", limit)
                .map((rs, ctx) -> new PastMeeting(rs.getString("id"), rs.getString("code"), rs.getString("title"),
                        rs.getString("display_name"), rs.getString("email"),
                        Database.fromDb(rs.getObject("started_at", OffsetDateTime.class)),
                        Database.fromDb(rs.getObject("ended_at", OffsetDateTime.class)), rs.getInt("attendance"),
                        rs.getInt("recordings")))
                .list();
    }

    private static String like(String s) {
        return "%" + s.toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }
}
