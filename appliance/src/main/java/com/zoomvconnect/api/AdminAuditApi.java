package com.zoomvconnect.api;

import com.zoomvconnect.admin.AdminService;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/admin/audit}: every meeting's moderation audit, filtered by meeting, user, action and
 * time, paged, or the whole selection as CSV ({@code ?format=csv}); the {@code audit.list} command.
 */
final class AdminAuditApi implements HttpService {
    private static final List<String> FILTERS = List.of("meeting", "user", "action", "from", "to", "offset", "limit");
    private static final List<String> COLUMNS = List.of("at", "meetingId", "meetingTitle", "actorId", "actorName", "action",
            "targetId", "targetName", "detail");
    /** The most rows an export holds (the command's own limit). */
    private static final String EXPORT_LIMIT = "10000";

    private final ApiAuth auth;
    private final AdminService admin;

    AdminAuditApi(ApiAuth auth, AdminService admin) {
        this.auth = auth;
        this.admin = admin;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list);
        Routes.methodNotAllowed(rules, "/");
    }

    @SuppressWarnings("unchecked")
    private void list(ServerRequest req, ServerResponse res) {
        auth.requireAdmin(req);
        Map<String, String> args = new HashMap<>();
        for (String f : FILTERS) {
            req.query().first(f).ifPresent(v -> args.put(f, v));
        }
        boolean csv = req.query().first("format").filter("csv"::equals).isPresent();
        if (csv) {
            args.put("offset", "0");
            args.put("limit", EXPORT_LIMIT);
        }
        var result = (Map<String, Object>) admin.execute("audit.list", args);
        if (!csv) {
            Json.send(res, Status.OK_200, result);
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, "text/csv; charset=utf-8");
        res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"zoomvconnect-audit.csv\"");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(csv((List<Map<String, Object>>) result.get("items")).getBytes(StandardCharsets.UTF_8));
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
}
