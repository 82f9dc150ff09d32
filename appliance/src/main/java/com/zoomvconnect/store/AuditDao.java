package com.zoomvconnect.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatement;

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
                .map((rs, ctx) -> record(rs))
                .list();
    }

    /** An entry with the title of its meeting, as the administrators' audit log lists it. */
    public record Entry(AuditRecord record, String meetingTitle) {
    }

    /** Entries matching {@code q} across all meetings, newest first, {@code limit} from {@code offset}. */
    public List<Entry> search(Handle h, AuditQuery q, int offset, int limit) {
        Map<String, Object> binds = new LinkedHashMap<>();
        String where = where(q, binds);
        var query = h.createQuery("SELECT a.*, m.title AS meeting_title FROM moderation_audit a LEFT JOIN meetings m ON m.id = a.meeting_id"
                + where + " ORDER BY a.at DESC, a.id LIMIT :limit OFFSET :offset");
        bind(query, binds);
        return query.bind("limit", limit).bind("offset", offset)
                .map((rs, ctx) -> new Entry(record(rs), rs.getString("meeting_title")))
                .list();
    }

    /** How many entries match {@code q}. */
    public long count(Handle h, AuditQuery q) {
        Map<String, Object> binds = new LinkedHashMap<>();
        var query = h.createQuery("SELECT COUNT(*) FROM moderation_audit a LEFT JOIN meetings m ON m.id = a.meeting_id" + where(q, binds));
        bind(query, binds);
        return query.mapTo(Long.class).one();
    }

    // Built from the filters given, so no untyped null parameter reaches PostgreSQL.
    private static String where(AuditQuery q, Map<String, Object> binds) {
        List<String> terms = new ArrayList<>();
        if (q.meeting() != null) {
            terms.add("(a.meeting_id = :meeting OR m.code = :meeting OR LOWER(m.title) LIKE :meetingLike ESCAPE '!')");
            binds.put("meeting", q.meeting());
            binds.put("meetingLike", like(q.meeting()));
        }
        if (q.user() != null) {
            terms.add("(a.actor_id = :user OR a.target_id = :user OR LOWER(a.actor_name) LIKE :userLike ESCAPE '!'"
                    + " OR LOWER(a.target_name) LIKE :userLike ESCAPE '!')");
            binds.put("user", q.user());
            binds.put("userLike", like(q.user()));
        }
        if (q.action() != null) {
            terms.add("a.action = :action");
            binds.put("action", q.action());
        }
        if (q.from() != null) {
            terms.add("a.at >= :from");
            binds.put("from", Database.toDb(q.from()));
        }
        if (q.to() != null) {
            terms.add("a.at < :to");
            binds.put("to", Database.toDb(q.to()));
        }
        return terms.isEmpty() ? "" : " WHERE " + String.join(" AND ", terms);
    }

    // '!' escapes: jdbi's statement parser would take a backslash inside quotes for its own.
    private static String like(String text) {
        return "%" + text.toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }

    private static void bind(SqlStatement<?> statement, Map<String, Object> binds) {
        binds.forEach(statement::bind);
    }

    private static AuditRecord record(ResultSet rs) throws SQLException {
        return new AuditRecord(rs.getString("id"), rs.getString("meeting_id"),
                Database.fromDb(rs.getObject("at", OffsetDateTime.class)), rs.getString("actor_id"),
                rs.getString("actor_name"), rs.getString("action"), rs.getString("target_id"),
                rs.getString("target_name"), rs.getString("detail"));
    }
}
