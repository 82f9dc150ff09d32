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
 * time, paged, or the whole selection as CSV ({@code ?format=csv}); the commands {@code audit.list} and
 * {@code audit.export} that {@code zvc-admin audit} runs.
 */
final class AdminAuditApi implements HttpService {
    private static final List<String> FILTERS = List.of("meeting", "user", "action", "from", "to", "offset", "limit");
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
        if (req.query().first("format").filter("csv"::equals).isEmpty()) {
            Json.send(res, Status.OK_200, admin.execute("audit.list", args));
            return;
        }
        var export = (Map<String, Object>) admin.execute("audit.export", args);
        res.header(HeaderNames.CONTENT_TYPE, "text/csv; charset=utf-8");
        res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"zoomvconnect-audit.csv\"");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(((String) export.get("csv")).getBytes(StandardCharsets.UTF_8));
    }
}
