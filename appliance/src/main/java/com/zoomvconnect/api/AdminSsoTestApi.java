package com.zoomvconnect.api;

import com.zoomvconnect.admin.AdminService;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code POST /api/v1/admin/sso/test}: the Settings page's "Test connection" — {@code zvc-admin sso test}
 * with the redirect and ACS URLs made from the URL the administrator's browser uses.
 */
public final class AdminSsoTestApi implements HttpService {
    /** The body: which provider (blank: every enabled one) and, for LDAP, a user name to look up. */
    public record TestRequest(String provider, String user) {
    }

    private final ApiAuth auth;
    private final AdminService admin;
    private final PublicUrl publicUrl;

    private AdminSsoTestApi(ApiAuth auth, AdminService admin, PublicUrl publicUrl) {
        this.auth = auth;
        this.admin = admin;
        this.publicUrl = publicUrl;
    }

    public static void routing(HttpRouting.Builder routing, ApiAuth auth, AdminService admin, PublicUrl publicUrl) {
        routing.register("/api/v1/admin/sso/test", new AdminSsoTestApi(auth, admin, publicUrl));
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::test);
        Routes.methodNotAllowed(rules, "/");
    }

    private void test(ServerRequest req, ServerResponse res) {
        auth.requireAdmin(req);
        TestRequest body = req.content().hasEntity() ? Json.read(req, TestRequest.class) : new TestRequest(null, null);
        Map<String, String> args = new HashMap<>();
        args.put("base", publicUrl.base(req));
        if (body.provider() != null) {
            args.put("provider", body.provider());
        }
        if (body.user() != null) {
            args.put("user", body.user());
        }
        Json.send(res, Status.OK_200, admin.execute("sso.test", args));
    }
}
