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

/**
 * The moderation audit of every meeting, filtered and paged ({@code audit.list}) or as CSV
 * ({@code audit.export}), for the dashboard and {@code zvc-admin audit} alike.
 */
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

    private static final List<String> COLUMNS = List.of("at", "meetingId", "meetingTitle", "actorId", "actorName", "action",
            "targetId", "targetName", "detail");

    /** The same filters, every match up to {@link #MAX_LIMIT} (offset and limit ignored): {@code csv} and {@code count}. */
    @SuppressWarnings("unchecked")
    Map<String, Object> export(Map<String, String> a) {
        var all = new java.util.HashMap<>(a);
        all.put("offset", "0");
        all.put("limit", Integer.toString(MAX_LIMIT));
        var items = (List<Map<String, Object>>) list(all).get("items");
        var m = new LinkedHashMap<String, Object>();
        m.put("csv", csv(items));
        m.put("count", items.size());
        return m;
    }

    /** RFC 4180: CRLF line ends, fields quoted where needed, quotes doubled. */
    static String csv(List<Map<String, Object>> items) {
        var out = new StringBuilder(String.join(",", COLUMNS)).append("\r\n");
        for (Map<String, Object> item : items) {
            for (int i = 0; i < COLUMNS.size(); i++) {
                out.append(i == 0 ? "" : ",").append(field(item.get(COLUMNS.get(i))));
            }
            out.append("\r\n");
        }
        return out.toString();
    }

    private static String field(Object value) {
        String v = value == null ? "" : value.toString();
        // A leading =, +, - or @ makes spreadsheets evaluate the cell (CSV injection): keep it text.
        if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        return v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r") || v.startsWith("'")
                ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
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

    static String text(Map<String, String> a, String name) {
        String v = a.get(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        if (v.length() > 200) {
            throw AppException.invalidField(name, "is too long");
        }
        return v.strip();
    }

    static Instant instant(Map<String, String> a, String name) {
        String v = text(a, name);
        try {
            return v == null ? null : Instant.parse(v);
        } catch (DateTimeParseException e) {
            // A '+' of an offset left unencoded in a query string arrives as a space.
            throw AppException.invalidField(name, "must be a time like 2026-11-30T09:00:00Z or 2026-11-30T10:00:00+01:00"
                    + (v.contains(" ") ? " (in a URL, write the '+' of an offset as %2B)" : ""));
        }
    }

    static int number(Map<String, String> a, String name, int min, int max, int fallback) {
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
