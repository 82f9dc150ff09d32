package com.zoomvconnect.api;

import com.zoomvconnect.auth.oidc.OidcLogin;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/auth/oidc}: sign-in with OpenID Connect. {@code start} and {@code callback} are
 * browser navigations, so their failures come back to the sign-in page as a readable message
 * ({@code /#sso-error=…}); {@code exchange} is the web client's call and answers in the API's error shape.
 */
public final class OidcApi implements HttpService {
    static final String CALLBACK = "/api/v1/auth/oidc/callback";

    /** The body of {@code POST /exchange}. */
    public record ExchangeRequest(String code) {
    }

    /** A sign-in method the sign-in page offers as a button. */
    public record ProviderJson(String id, String displayName, String startUrl) {
    }

    /** The answer of {@code GET /api/v1/auth/providers}. */
    public record ProvidersJson(List<ProviderJson> providers) {
    }

    private final OidcLogin oidc;
    private final PublicUrl publicUrl;

    private OidcApi(OidcLogin oidc, PublicUrl publicUrl) {
        this.oidc = oidc;
        this.publicUrl = publicUrl;
    }

    /** Mounts {@code /api/v1/auth/oidc} and the public {@code /api/v1/auth/providers}. */
    public static void routing(HttpRouting.Builder routing, OidcLogin oidc, PublicUrl publicUrl) {
        var api = new OidcApi(oidc, publicUrl);
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
        Json.send(res, Status.OK_200, new ProvidersJson(oidc.buttonName()
                .map(name -> List.of(new ProviderJson("oidc", name, "/api/v1/auth/oidc/start"))).orElse(List.of())));
    }

    private void start(ServerRequest req, ServerResponse res) {
        try {
            redirect(res, oidc.start(URI.create(publicUrl.base(req) + CALLBACK)).toString());
        } catch (AppException e) {
            redirect(res, "/#sso-error=" + URLEncoder.encode(e.getMessage(), StandardCharsets.UTF_8));
        }
    }

    private void callback(ServerRequest req, ServerResponse res) {
        Map<String, String> params = new HashMap<>();
        for (String name : List.of("state", "code", "error", "error_description")) {
            req.query().first(name).ifPresent(v -> params.put(name, v));
        }
        try {
            redirect(res, "/#sso=" + oidc.finish(params));
        } catch (AppException e) {
            redirect(res, "/#sso-error=" + URLEncoder.encode(e.getMessage(), StandardCharsets.UTF_8));
        }
    }

    private void exchange(ServerRequest req, ServerResponse res) {
        var body = Json.read(req, ExchangeRequest.class);
        if (body.code() == null) {
            throw AppException.invalidField("code", "is required");
        }
        Json.send(res, Status.OK_200, AuthApi.tokens(oidc.exchange(body.code())));
    }

    private static void redirect(ServerResponse res, String location) {
        res.status(Status.FOUND_302)
                .header(HeaderNames.CACHE_CONTROL, "no-store")
                .header(HeaderNames.LOCATION, location)
                .send();
    }
}
