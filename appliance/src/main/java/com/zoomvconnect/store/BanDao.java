package com.zoomvconnect.store;

import java.time.OffsetDateTime;
import java.util.List;
import org.jdbi.v3.core.Handle;

/** Bans from meetings. */
public final class BanDao {
    /** Stores the ban unless the same subject is already banned from the meeting (the first ban stays). */
    public void insert(Handle h, BanRecord b) {
        h.createUpdate("INSERT INTO meeting_bans (meeting_id, kind, subject, display_name, banned_by, banned_at) "
                        + "SELECT :meeting, :kind, :subject, :name, :by, :at WHERE NOT EXISTS "
                        + "(SELECT 1 FROM meeting_bans WHERE meeting_id = :meeting AND kind = :kind AND subject = :subject)")
                .bind("meeting", b.meetingId()).bind("kind", b.kind()).bind("subject", b.subject())
                .bind("name", b.displayName()).bind("by", b.bannedBy()).bind("at", Database.toDb(b.bannedAt()))
                .execute();
    }

    public boolean isBanned(Handle h, String meetingId, String kind, String subject) {
        return h.createQuery("SELECT COUNT(*) FROM meeting_bans WHERE meeting_id = :meeting AND kind = :kind AND subject = :subject")
                .bind("meeting", meetingId).bind("kind", kind).bind("subject", subject)
                .mapTo(Long.class).one() > 0;
    }

    /** A meeting's bans, oldest first. */
    public List<BanRecord> list(Handle h, String meetingId) {
        return h.createQuery("SELECT meeting_id, kind, subject, display_name, banned_by, banned_at FROM meeting_bans "
                        + "WHERE meeting_id = :meeting ORDER BY banned_at, kind, subject")
                .bind("meeting", meetingId)
                .map((rs, ctx) -> new BanRecord(rs.getString("meeting_id"), rs.getString("kind"), rs.getString("subject"),
                        rs.getString("display_name"), rs.getString("banned_by"),
                        Database.fromDb(rs.getObject("banned_at", OffsetDateTime.class))))
                .list();
    }
}
