package com.zoomvconnect.store;

import java.time.OffsetDateTime;
import java.util.List;
import org.jdbi.v3.core.Handle;

/** The moderation audit log. */
public final class AuditDao {
    public void insert(Handle h, AuditRecord r) {
        h.createUpdate("INSERT INTO moderation_audit (id, meeting_id, at, actor_id, actor_name, action, target_id, target_name, detail) "
                        + "VALUES (:id, :meeting, :at, :actor, :actorName, :action, :target, :targetName, :detail)")
                .bind("id", r.id()).bind("meeting", r.meetingId()).bind("at", Database.toDb(r.at()))
                .bind("actor", r.actorId()).bind("actorName", r.actorName()).bind("action", r.action())
                .bind("target", r.targetId()).bind("targetName", r.targetName()).bind("detail", r.detail())
                .execute();
    }

    /** A meeting's entries, oldest first, at most {@code limit}. */
    public List<AuditRecord> list(Handle h, String meetingId, int limit) {
        return h.createQuery("SELECT * FROM moderation_audit WHERE meeting_id = :m ORDER BY at, id LIMIT :limit")
                .bind("m", meetingId).bind("limit", limit)
                .map((rs, ctx) -> new AuditRecord(rs.getString("id"), rs.getString("meeting_id"),
                        Database.fromDb(rs.getObject("at", OffsetDateTime.class)), rs.getString("actor_id"),
                        rs.getString("actor_name"), rs.getString("action"), rs.getString("target_id"),
                        rs.getString("target_name"), rs.getString("detail")))
                .list();
    }
}
