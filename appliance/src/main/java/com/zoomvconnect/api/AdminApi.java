package com.zoomvconnect.api;

import com.zoomvconnect.auth.AuthService;
import com.zoomvconnect.auth.RegistrationPolicy;
import com.zoomvconnect.error.AppException;
import com.zoomvconnect.error.ErrorCode;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code /api/v1/admin}: server settings for administrators (today: who may create an account). */
public final class AdminApi implements HttpService {
    private final AuthService authService;
    private final ApiAuth auth;

    private AdminApi(AuthService authService, ApiAuth auth) {
        this.authService = authService;
        this.auth = auth;
    }

    /** Mounts {@code /api/v1/admin}. */
    public static void routing(HttpRouting.Builder routing, AuthService authService, ApiAuth auth) {
        routing.register("/api/v1/admin", new AdminApi(authService, auth));
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/settings", this::get).patch("/settings", this::patch);
        Routes.methodNotAllowed(rules, "/settings");
    }

    private void get(ServerRequest req, ServerResponse res) {
        auth.requireAdmin(req);
        Json.send(res, Status.OK_200, Dto.SettingsJson.of(authService.registration()));
    }

    private void patch(ServerRequest req, ServerResponse res) {
        auth.requireAdmin(req);
        var body = Json.read(req, Dto.SettingsPatch.class);
        RegistrationPolicy policy = registrationPolicy(body);
        if (policy != null) {
            authService.setRegistrationPolicy(policy);
        }
        Json.send(res, Status.OK_200, Dto.SettingsJson.of(authService.registration()));
    }

    /** The policy the patch asks for, or null when it leaves registration alone. */
    private static RegistrationPolicy registrationPolicy(Dto.SettingsPatch body) {
        if (body.selfRegistration() != null) {
            if (body.registrationPolicy() != null || body.registrationDomains() != null) {
                throw new AppException(ErrorCode.BAD_REQUEST, "Give registrationPolicy (and registrationDomains) or the older "
                        + "selfRegistration, not both");
            }
            return body.selfRegistration() ? RegistrationPolicy.OPEN : RegistrationPolicy.CLOSED;
        }
        if (body.registrationPolicy() == null) {
            if (body.registrationDomains() != null) {
                throw AppException.invalidField("registrationDomains", "needs registrationPolicy \"domains\" beside it");
            }
            return null;
        }
        RegistrationPolicy.Mode mode;
        try {
            mode = RegistrationPolicy.Mode.of(body.registrationPolicy());
        } catch (IllegalArgumentException e) {
            throw AppException.invalidField("registrationPolicy", e.getMessage());
        }
        try {
            return RegistrationPolicy.of(mode, body.registrationDomains());
        } catch (IllegalArgumentException e) {
            throw AppException.invalidField("registrationDomains", e.getMessage());
        }
    }
}
