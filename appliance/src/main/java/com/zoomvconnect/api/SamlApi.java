package com.zoomvconnect.api;

import com.zoomvconnect.auth.saml.SamlLogin;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code /api/v1/auth/saml}: sign-in with SAML 2.0. {@code start} and {@code acs} are browser
 * navigations, so their failures come back to the sign-in page as a readable message
 * ({@code /#sso-error=…}); a finished sign-in hands over through the same one-time code as OpenID
 * Connect ({@code /#sso=…}, traded at {@code POST /api/v1/auth/oidc/exchange}).
 */
public final class SamlApi implements HttpService {
    static final String START = "/api/v1/auth/saml/start";
    /** A signed response with a few certificates is some kilobytes; anything near this is not one. */
    private static final int MAX_FORM_BYTES = 256 * 1024;

    private final SamlLogin saml;
    private final PublicUrl publicUrl;

    private SamlApi(SamlLogin saml, PublicUrl publicUrl) {
        this.saml = saml;
        this.publicUrl = publicUrl;
    }

    /** Mounts {@code /api/v1/auth/saml}. */
    public static void routing(HttpRouting.Builder routing, SamlLogin saml, PublicUrl publicUrl) {
        routing.register("/api/v1/auth/saml", new SamlApi(saml, publicUrl));
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/start", this::start)
                .post("/acs", this::acs)
                .get("/metadata", this::metadata);
        Routes.methodNotAllowed(rules, "/start", "/acs", "/metadata");
    }

    private void start(ServerRequest req, ServerResponse res) {
        try {
            OidcApi.redirect(res, saml.start(publicUrl.base(req)).toString());
        } catch (RuntimeException e) {
            OidcApi.failed(res, e);
        }
    }

    /** The assertion consumer service: the IdP's HTTP-POST binding (SAML Bindings §3.5) lands here. */
    private void acs(ServerRequest req, ServerResponse res) {
        try {
            String response = formField(req, "SAMLResponse");
            OidcApi.redirect(res, "/#sso=" + saml.finish(response, publicUrl.base(req)));
        } catch (RuntimeException e) {
            OidcApi.failed(res, e);
        }
    }

    private void metadata(ServerRequest req, ServerResponse res) {
        res.status(Status.OK_200)
                .header(HeaderNames.CACHE_CONTROL, "no-cache")
                .headers().contentType(HttpMediaType.create("application/samlmetadata+xml"));
        res.send(saml.metadata(publicUrl.base(req)).getBytes(StandardCharsets.UTF_8));
    }

    /** One field of an {@code application/x-www-form-urlencoded} body, or null. */
    private static String formField(ServerRequest req, String name) {
        String body;
        try (InputStream in = req.content().inputStream()) {
            byte[] data = in.readNBytes(MAX_FORM_BYTES + 1);
            if (data.length > MAX_FORM_BYTES) {
                return null;
            }
            body = new String(data, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return null;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
