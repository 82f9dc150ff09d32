package com.zoomvconnect.api;

import com.zoomvconnect.admin.AdminService;
import com.zoomvconnect.auth.Principal;
import com.zoomvconnect.error.AppException;
import com.zoomvconnect.error.ErrorCode;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /api/v1/admin/users}: the dashboard's account work. Each call runs the same
 * {@link AdminService} command {@code zvc-admin users ...} runs, so the two faces cannot drift.
 */
final class AdminUsersApi implements HttpService {
    /** {@code POST /users}; {@code role} is {@code admin} or {@code user} (the default). */
    public record NewUser(String email, String password, String displayName, String role) {
    }

    /** {@code PATCH /users/{id}}: absent fields stay. */
    public record UserPatch(Boolean disabled, String role) {
    }

    /** {@code POST /users/{id}/password}. */
    public record NewPassword(String password) {
    }

    private final ApiAuth auth;
    private final AdminService admin;

    AdminUsersApi(ApiAuth auth, AdminService admin) {
        this.auth = auth;
        this.admin = admin;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::search).post("/", this::create)
                .patch("/{id}", this::patch)
                .post("/{id}/password", this::resetPassword)
                .post("/{id}/sign-out", this::signOut);
        Routes.methodNotAllowed(rules, "/", "/{id}", "/{id}/password", "/{id}/sign-out");
    }

    private void search(ServerRequest req, ServerResponse res) {
        auth.requireAdmin(req);
        String q = req.query().first("q").orElse("").strip().toLowerCase(Locale.ROOT);
        List<Map<String, Object>> items = users().stream()
                .filter(u -> q.isEmpty() || text(u, "email").contains(q) || text(u, "displayName").contains(q))
                .toList();
        Json.send(res, Status.OK_200, Map.of("items", items));
    }

    private void create(ServerRequest req, ServerResponse res) {
        auth.requireAdmin(req);
        NewUser body = Json.read(req, NewUser.class);
        String role = body.role() == null ? "user" : body.role();
        if (!role.equals("admin") && !role.equals("user")) {
            throw AppException.invalidField("role", "must be admin or user");
        }
        var args = new HashMap<String, String>();
        args.put("email", body.email());
        args.put("password", body.password());
        if (body.displayName() != null && !body.displayName().isBlank()) {
            args.put("displayName", body.displayName());
        }
        args.put("admin", Boolean.toString(role.equals("admin")));
        Json.send(res, Status.CREATED_201, admin.execute("users.add", args));
    }

    private void patch(ServerRequest req, ServerResponse res) {
        Principal caller = auth.requireAdmin(req);
        String email = emailOf(req);
        UserPatch body = Json.read(req, UserPatch.class);
        if (body.disabled() == null && body.role() == null) {
            throw new AppException(ErrorCode.BAD_REQUEST, "Nothing to change: give disabled or role");
        }
        boolean self = email.equalsIgnoreCase(caller.email());
        if (self && Boolean.TRUE.equals(body.disabled())) {
            throw new AppException(ErrorCode.CONFLICT, "You cannot disable your own account");
        }
        Object result = null;
        if (body.role() != null) {
            result = admin.execute("users.set-role", Map.of("email", email, "role", body.role()));
        }
        if (body.disabled() != null) {
            result = admin.execute(body.disabled() ? "users.disable" : "users.enable", Map.of("email", email));
        }
        Json.send(res, Status.OK_200, result);
    }

    private void resetPassword(ServerRequest req, ServerResponse res) {
        auth.requireAdmin(req);
        String email = emailOf(req);
        NewPassword body = Json.read(req, NewPassword.class);
        if (body.password() == null) {
            throw AppException.invalidField("password", "is required");
        }
        Json.send(res, Status.OK_200, admin.execute("users.reset-password", Map.of("email", email, "password", body.password())));
    }

    private void signOut(ServerRequest req, ServerResponse res) {
        auth.requireAdmin(req);
        Json.send(res, Status.OK_200, admin.execute("users.sign-out", Map.of("email", emailOf(req))));
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> users() {
        return (List<Map<String, Object>>) admin.execute("users.list", Map.of());
    }

    /** The account's email, which the admin commands take; 404 for an unknown id. */
    private String emailOf(ServerRequest req) {
        String id = req.path().pathParameters().get("id");
        return users().stream().filter(u -> id.equals(u.get("id"))).map(u -> (String) u.get("email")).findFirst()
                .orElseThrow(() -> AppException.notFound("User"));
    }

    private static String text(Map<String, Object> u, String key) {
        Object v = u.get(key);
        return v == null ? "" : v.toString().toLowerCase(Locale.ROOT);
    }
}
