package com.zoomvconnect.admin;

import com.zoomvconnect.error.AppException;
import com.zoomvconnect.store.AuditDao;
import com.zoomvconnect.store.AuditQuery;
import com.zoomvconnect.store.Database;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The moderation audit of every meeting, filtered and paged, as {@code audit.list} gives it to administrators. */
final class AuditLog {
    /** The most entries one call returns (a CSV export asks for this many). */
    static final int MAX_LIMIT = 10_000;

    private final Database db;
    private final AuditDao audit = new AuditDao();

    AuditLog(Database db) {
        this.db = db;
    }

    /** {@code meeting}, {@code user}, {@code action}, {@code from}, {@code to} (ISO-8601 instants), {@code offset}, {@code limit}. */
    Map<String, Object> list(Map<String, String> a) {
        var q = new AuditQuery(text(a, "meeting"), text(a, "user"), text(a, "action"), instant(a, "from"), instant(a, "to"));
        int offset = number(a, "offset", 0, Integer.MAX_VALUE, 0);
        int limit = number(a, "limit", 1, MAX_LIMIT, 50);
        return db.jdbi().withHandle(h -> {
            List<Map<String, Object>> items = audit.search(h, q, offset, limit).stream().map(AuditLog::view).toList();
            var m = new LinkedHashMap<String, Object>();
            m.put("items", items);
            m.put("total", audit.count(h, q));
            m.put("offset", offset);
            m.put("limit", limit);
            return m;
        });
    }

    private static Map<String, Object> view(AuditDao.Entry e) {
        var r = e.record();
        var m = new LinkedHashMap<String, Object>();
        m.put("id", r.id());
        m.put("at", r.at().toString());
        m.put("meetingId", r.meetingId());
        m.put("meetingTitle", e.meetingTitle());
        m.put("actorId", r.actorId());
        m.put("actorName", r.actorName());
        m.put("action", r.action());
        m.put("targetId", r.targetId());
        m.put("targetName", r.targetName());
        m.put("detail", r.detail());
        return m;
    }

    private static String text(Map<String, String> a, String name) {
        String v = a.get(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        if (v.length() > 200) {
            throw AppException.invalidField(name, "is too long");
        }
        return v.strip();
    }

    private static Instant instant(Map<String, String> a, String name) {
        String v = text(a, name);
        try {
            return v == null ? null : Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw AppException.invalidField(name, "must be a time like 2026-11-30T09:00:00Z");
        }
    }

    private static int number(Map<String, String> a, String name, int min, int max, int fallback) {
        String v = text(a, name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw AppException.invalidField(name, "must be a whole number from " + min + " to " + max);
    }
}
