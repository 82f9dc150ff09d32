package com.zoomvconnect.admin;

import com.zoomvconnect.store.AttendanceDao;
import com.zoomvconnect.store.Database;
import com.zoomvconnect.store.PastMeeting;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Ended meetings with their attendance and duration ({@code meetings.list}), for the dashboard and {@code zvc-admin meetings}. */
final class PastMeetings {
    private final Database db;
    private final AttendanceDao attendance = new AttendanceDao();

    PastMeetings(Database db) {
        this.db = db;
    }

    /** {@code q} (title or code), {@code host} (name or email), {@code from}, {@code to} (ISO-8601, on the end time), {@code limit}. */
    Map<String, Object> list(Map<String, String> a) {
        String q = AuditLog.text(a, "q");
        String host = AuditLog.text(a, "host");
        var from = AuditLog.instant(a, "from");
        var to = AuditLog.instant(a, "to");
        int limit = AuditLog.number(a, "limit", 1, 1000, 100);
        List<Map<String, Object>> items = db.jdbi().withHandle(h -> attendance.searchPast(h, q, host, from, to, limit))
                .stream().map(PastMeetings::view).toList();
        return Map.of("items", items);
    }

    private static Map<String, Object> view(PastMeeting m) {
        var v = new LinkedHashMap<String, Object>();
        v.put("id", m.id());
        v.put("code", m.code());
        v.put("title", m.title());
        v.put("hostName", m.hostName());
        v.put("hostEmail", m.hostEmail());
        v.put("startedAt", m.startedAt() == null ? null : m.startedAt().toString());
        v.put("endedAt", m.endedAt() == null ? null : m.endedAt().toString());
        v.put("durationSeconds", m.startedAt() == null || m.endedAt() == null ? null
                : Duration.between(m.startedAt(), m.endedAt()).toSeconds());
        v.put("attendance", m.attendance());
        v.put("recordings", m.recordings());
        return v;
    }
}
