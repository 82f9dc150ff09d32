package com.zoomvconnect.api;

import com.zoomvconnect.auth.AuthResult;
import com.zoomvconnect.auth.AuthService;
import com.zoomvconnect.auth.PasswordDirectory;
import com.zoomvconnect.error.AppException;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code /api/v1/auth}: register (and who may), login, refresh, logout, and who am I. */
public final class AuthApi implements HttpService {
    private final AuthService auth;
    private final ApiAuth apiAuth;
    private final PasswordDirectory directory;

    private AuthApi(AuthService auth, ApiAuth apiAuth, PasswordDirectory directory) {
        this.auth = auth;
        this.apiAuth = apiAuth;
        this.directory = directory;
    }

    /** Mounts {@code /api/v1/auth} for local accounts only. */
    public static void routing(HttpRouting.Builder routing, AuthService auth, ApiAuth apiAuth) {
        routing(routing, auth, apiAuth, PasswordDirectory.NONE);
    }

    /** Mounts {@code /api/v1/auth}; a password login that matches no local account is tried on {@code directory} (LDAP). */
    public static void routing(HttpRouting.Builder routing, AuthService auth, ApiAuth apiAuth, PasswordDirectory directory) {
        routing.register("/api/v1/auth", new AuthApi(auth, apiAuth, directory));
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/register", this::register)
                .post("/login", this::login)
                .post("/refresh", this::refresh)
                .post("/logout", this::logout)
                .get("/me", this::me)
                .get("/registration", this::registration);
        Routes.methodNotAllowed(rules, "/register", "/login", "/refresh", "/logout", "/me", "/registration");
    }

    private void register(ServerRequest req, ServerResponse res) {
        var body = Json.read(req, Dto.RegisterRequest.class);
        Json.send(res, Status.CREATED_201, tokens(auth.register(body.email(), body.password(), body.displayName())));
    }

    /** Public: lets the sign-in page offer registration only where it can succeed. */
    private void registration(ServerRequest req, ServerResponse res) {
        var r = auth.registration().policy();
        res.header(io.helidon.http.HeaderNames.CACHE_CONTROL, "no-cache");
        Json.send(res, Status.OK_200, new Dto.RegistrationJson(r.mode().wire(), r.domains(), auth.userCount() == 0));
    }

    private void login(ServerRequest req, ServerResponse res) {
        var body = Json.read(req, Dto.LoginRequest.class);
        if (body.email() == null || body.password() == null) {
            throw AppException.invalidField(body.email() == null ? "email" : "password", "is required");
        }
        Json.send(res, Status.OK_200, tokens(auth.login(body.email(), body.password(), ApiAuth.clientKey(req), directory)));
    }

    private void refresh(ServerRequest req, ServerResponse res) {
        var body = Json.read(req, Dto.RefreshRequest.class);
        Json.send(res, Status.OK_200, tokens(auth.refresh(body.refreshToken())));
    }

    private void logout(ServerRequest req, ServerResponse res) {
        var body = Json.read(req, Dto.RefreshRequest.class);
        auth.logout(body.refreshToken());
        res.status(Status.NO_CONTENT_204).send();
    }

    private void me(ServerRequest req, ServerResponse res) {
        var p = apiAuth.require(req);
        Json.send(res, Status.OK_200, Dto.UserJson.of(p));
    }

    static Dto.TokenResponse tokens(AuthResult r) {
        return new Dto.TokenResponse(Dto.UserJson.of(r.user()), r.accessToken(), r.refreshToken(), r.expiresIn(), "Bearer");
    }
}
