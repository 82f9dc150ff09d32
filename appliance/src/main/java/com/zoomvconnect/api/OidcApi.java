package com.zoomvconnect.api;

import com.zoomvconnect.auth.PasswordDirectory;
import com.zoomvconnect.auth.oidc.OidcLogin;
import com.zoomvconnect.auth.saml.SamlLogin;
import com.zoomvconnect.error.AppException;
import com.zoomvconnect.error.ErrorCode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v1/auth/oidc}: sign-in with OpenID Connect. {@code start} and {@code callback} are
 * browser navigations, so their failures come back to the sign-in page as a readable message
 * ({@code /#sso-error=…}); {@code exchange} is the web client's call and answers in the API's error shape.
 */
public final class OidcApi implements HttpService {
    private static final Logger LOG = LoggerFactory.getLogger(OidcApi.class);
    static final String CALLBACK = OidcLogin.CALLBACK_PATH;
    /** Binds a sign-in's {@code state} to the browser that started it. */
    private static final String STATE_COOKIE = "zvc_oidc_state";

    /** The body of {@code POST /exchange}. */
    public record ExchangeRequest(String code) {
    }

    /** The body of {@code POST /logout}: the ID token of the OpenID Connect sign-in being ended. */
    public record LogoutRequest(String idToken) {
    }

    /** Where to send the browser so the provider's session ends too; null when it offers no end-session endpoint. */
    public record LogoutResponse(String location) {
    }

    /** The tokens of {@code POST /exchange}, and the provider's ID token for signing out there (null after SAML). */
    public record ExchangeResponse(Dto.UserJson user, String accessToken, String refreshToken, long expiresIn, String tokenType,
                                   String idToken) {
    }

    /** A sign-in method the sign-in page offers as a button. */
    public record ProviderJson(String id, String displayName, String startUrl) {
    }

    /**
     * The answer of {@code GET /api/v1/auth/providers}.
     *
     * @param userNameLogin the password form also takes a directory user name (LDAP), not only an e-mail address
     * @param ssoOnly       local passwords are off (SSO-only mode): the page hides the password form, except for
     *                      the break-glass administrators' link and for a directory (LDAP) sign-in
     */
    public record ProvidersJson(List<ProviderJson> providers, boolean userNameLogin, boolean ssoOnly) {
    }

    private final OidcLogin oidc;
    private final SamlLogin saml;
    private final PasswordDirectory directory;
    private final PublicUrl publicUrl;
    private final BooleanSupplier ssoOnly;

    private OidcApi(OidcLogin oidc, SamlLogin saml, PasswordDirectory directory, PublicUrl publicUrl, BooleanSupplier ssoOnly) {
        this.ssoOnly = ssoOnly;
        this.oidc = oidc;
        this.saml = saml;
        this.directory = directory;
        this.publicUrl = publicUrl;
    }

    /** Mounts {@code /api/v1/auth/oidc} and the public {@code /api/v1/auth/providers} (OIDC and SAML buttons). */
    public static void routing(HttpRouting.Builder routing, OidcLogin oidc, SamlLogin saml, PasswordDirectory directory,
                               PublicUrl publicUrl, BooleanSupplier ssoOnly) {
        var api = new OidcApi(oidc, saml, directory, publicUrl, ssoOnly);
        routing.get("/api/v1/auth/providers", api::providers);
        routing.register("/api/v1/auth/oidc", api);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/start", this::start)
                .get("/callback", this::callback)
                .post("/exchange", this::exchange)
                .post("/logout", this::logout);
        Routes.methodNotAllowed(rules, "/start", "/callback", "/exchange", "/logout");
    }

    /** Public: which "Sign in with …" buttons the sign-in page shows. */
    private void providers(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        var providers = new ArrayList<ProviderJson>();
        oidc.buttonName().ifPresent(name -> providers.add(new ProviderJson("oidc", name, "/api/v1/auth/oidc/start")));
        saml.buttonName().ifPresent(name -> providers.add(new ProviderJson("saml", name, SamlApi.START)));
        Json.send(res, Status.OK_200, new ProvidersJson(providers, directory.acceptsUserNames(), ssoOnly.getAsBoolean()));
    }

    private void start(ServerRequest req, ServerResponse res) {
        try {
            var started = oidc.start(URI.create(publicUrl.base(req) + CALLBACK));
            // Lax: sent on the provider's top-level redirect back, not on cross-site subrequests.
            res.header(HeaderNames.SET_COOKIE, STATE_COOKIE + "=" + started.state() + "; Path=/api/v1/auth/oidc; Max-Age=600;"
                    + " HttpOnly; Secure; SameSite=Lax");
            redirect(res, started.location().toString());
        } catch (RuntimeException e) {
            failed(res, e);
        }
    }

    private void callback(ServerRequest req, ServerResponse res) {
        Map<String, String> params = new HashMap<>();
        for (String name : List.of("state", "code", "error", "error_description")) {
            req.query().first(name).ifPresent(v -> params.put(name, v));
        }
        res.header(HeaderNames.SET_COOKIE, STATE_COOKIE + "=; Path=/api/v1/auth/oidc; Max-Age=0; HttpOnly; Secure; SameSite=Lax");
        try {
            redirect(res, "/#sso=" + oidc.finish(params, req.headers().cookies().first(STATE_COOKIE).orElse(null)));
        } catch (RuntimeException e) {
            failed(res, e);
        }
    }

    /**
     * Back to the sign-in page with a readable reason and its error code (which the client shows
     * in the user's language); anything unexpected is logged, never shown.
     */
    static void failed(ServerResponse res, RuntimeException e) {
        String message = e instanceof AppException ae ? ae.getMessage() : "Sign-in with the identity provider failed; see the server log";
        ErrorCode code = e instanceof AppException ae ? ae.errorCode() : ErrorCode.SSO_FAILED;
        if (!(e instanceof AppException)) {
            LOG.error("Single sign-on failed", e);
        }
        redirect(res, "/#sso-error=" + URLEncoder.encode(message, StandardCharsets.UTF_8) + "&sso-error-code=" + code.code());
    }

    private void exchange(ServerRequest req, ServerResponse res) {
        var body = Json.read(req, ExchangeRequest.class);
        if (body.code() == null) {
            throw AppException.invalidField("code", "is required");
        }
        var handoff = oidc.exchange(body.code());
        var t = AuthApi.tokens(handoff.result());
        Json.send(res, Status.OK_200, new ExchangeResponse(t.user(), t.accessToken(), t.refreshToken(), t.expiresIn(), t.tokenType(),
                handoff.idToken()));
    }

    /**
     * RP-initiated logout: the web client has ended the appliance session ({@code POST /api/v1/auth/logout}) and
     * asks where to send the browser so the provider's session ends too, then back to this appliance's home page.
     */
    private void logout(ServerRequest req, ServerResponse res) {
        var body = Json.read(req, LogoutRequest.class);
        if (body.idToken() == null || body.idToken().isBlank() || body.idToken().length() > 16_384) {
            throw AppException.invalidField("idToken", "is required");
        }
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        Json.send(res, Status.OK_200, new LogoutResponse(oidc.endSession(body.idToken(), URI.create(publicUrl.base(req) + "/"))
                .map(URI::toString).orElse(null)));
    }

    static void redirect(ServerResponse res, String location) {
        res.status(Status.FOUND_302)
                .header(HeaderNames.CACHE_CONTROL, "no-store")
                .header(HeaderNames.LOCATION, location)
                .send();
    }
}
