package com.zoomvconnect.api;

import com.zoomvconnect.auth.PasswordDirectory;
import com.zoomvconnect.auth.oidc.OidcLogin;
import com.zoomvconnect.auth.saml.SamlLogin;
import com.zoomvconnect.error.AppException;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v1/auth/oidc}: sign-in with OpenID Connect. {@code start} and {@code callback} are
 * browser navigations, so their failures come back to the sign-in page as a readable message
 * ({@code /#sso-error=…}); {@code exchange} is the web client's call and answers in the API's error shape.
 */
public final class OidcApi implements HttpService {
    private static final Logger LOG = LoggerFactory.getLogger(OidcApi.class);
    static final String CALLBACK = "/api/v1/auth/oidc/callback";
    /** Binds a sign-in's {@code state} to the browser that started it. */
    private static final String STATE_COOKIE = "zvc_oidc_state";

    /** The body of {@code POST /exchange}. */
    public record ExchangeRequest(String code) {
    }

    /** A sign-in method the sign-in page offers as a button. */
    public record ProviderJson(String id, String displayName, String startUrl) {
    }

    /**
     * The answer of {@code GET /api/v1/auth/providers}.
     *
     * @param userNameLogin the password form also takes a directory user name (LDAP), not only an e-mail address
     */
    public record ProvidersJson(List<ProviderJson> providers, boolean userNameLogin) {
    }

    private final OidcLogin oidc;
    private final SamlLogin saml;
    private final PasswordDirectory directory;
    private final PublicUrl publicUrl;

    private OidcApi(OidcLogin oidc, SamlLogin saml, PasswordDirectory directory, PublicUrl publicUrl) {
        this.oidc = oidc;
        this.saml = saml;
        this.directory = directory;
        this.publicUrl = publicUrl;
    }

    /** Mounts {@code /api/v1/auth/oidc} and the public {@code /api/v1/auth/providers} (OIDC and SAML buttons). */
    public static void routing(HttpRouting.Builder routing, OidcLogin oidc, SamlLogin saml, PasswordDirectory directory,
                               PublicUrl publicUrl) {
        var api = new OidcApi(oidc, saml, directory, publicUrl);
        routing.get("/api/v1/auth/providers", api::providers);
        routing.register("/api/v1/auth/oidc", api);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/start", this::start)
                .get("/callback", this::callback)
                .post("/exchange", this::exchange);
        Routes.methodNotAllowed(rules, "/start", "/callback", "/exchange");
    }

    /** Public: which "Sign in with …" buttons the sign-in page shows. */
    private void providers(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        var providers = new ArrayList<ProviderJson>();
        oidc.buttonName().ifPresent(name -> providers.add(new ProviderJson("oidc", name, "/api/v1/auth/oidc/start")));
        saml.buttonName().ifPresent(name -> providers.add(new ProviderJson("saml", name, SamlApi.START)));
        Json.send(res, Status.OK_200, new ProvidersJson(providers, directory.acceptsUserNames()));
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

    /** Back to the sign-in page with a readable reason; anything unexpected is logged, never shown. */
    static void failed(ServerResponse res, RuntimeException e) {
        String message = e instanceof AppException ae ? ae.getMessage() : "Sign-in with the identity provider failed; see the server log";
        if (!(e instanceof AppException)) {
            LOG.error("Single sign-on failed", e);
        }
        redirect(res, "/#sso-error=" + URLEncoder.encode(message, StandardCharsets.UTF_8));
    }

    private void exchange(ServerRequest req, ServerResponse res) {
        var body = Json.read(req, ExchangeRequest.class);
        if (body.code() == null) {
            throw AppException.invalidField("code", "is required");
        }
        Json.send(res, Status.OK_200, AuthApi.tokens(oidc.exchange(body.code())));
    }

    static void redirect(ServerResponse res, String location) {
        res.status(Status.FOUND_302)
                .header(HeaderNames.CACHE_CONTROL, "no-store")
                .header(HeaderNames.LOCATION, location)
                .send();
    }
}
