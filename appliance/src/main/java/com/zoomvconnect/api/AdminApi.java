package com.zoomvconnect.api;

import com.zoomvconnect.auth.AuthService;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code /api/v1/admin}: server settings for administrators. */
public final class AdminApi implements HttpService {
    private final AuthService authService;
    private final ApiAuth auth;

    public AdminApi(AuthService authService, ApiAuth auth) {
        this.authService = authService;
        this.auth = auth;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/settings", this::get).patch("/settings", this::patch);
        Routes.methodNotAllowed(rules, "/settings");
    }

    private void get(ServerRequest req, ServerResponse res) {
        auth.requireAdmin(req);
        Json.send(res, Status.OK_200, new Dto.SettingsJson(authService.selfRegistrationOpen()));
    }

    private void patch(ServerRequest req, ServerResponse res) {
        auth.requireAdmin(req);
        var body = Json.read(req, Dto.SettingsJson.class);
        if (body.selfRegistration() != null) {
            authService.setSelfRegistration(body.selfRegistration());
        }
        Json.send(res, Status.OK_200, new Dto.SettingsJson(authService.selfRegistrationOpen()));
    }
}
