package com.zoomvconnect.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.TestAppliance;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The OpenID Connect routes without an identity provider: what they answer when sign-in cannot happen. */
class OidcApiTest {
    @Test
    void offersNoButtonAndSendsTheBrowserBackWithAReasonWhileOidcIsDisabled() {
        try (Appliance appliance = TestAppliance.startH2()) {
            var api = new ApiClient(appliance.httpsPort());
            assertEquals(0, api.get("/api/v1/auth/providers", null).json().path("providers").size());
            var start = api.get("/api/v1/auth/oidc/start", null);
            assertEquals(302, start.status());
            assertTrue(message(start).contains("not enabled"), start.header("Location"));
            assertTrue(start.header("Location").endsWith("&sso-error-code=sso_disabled"), "the code, for the client's translation");
        }
    }

    @Test
    void refusesAnHttpIssuerAndForeignStatesAndUnknownCodes() {
        try (Appliance appliance = TestAppliance.startH2()) {
            Map<String, String> sso = Map.of("sso.oidc.enabled", "true", "sso.oidc.issuer", "http://idp.example.test",
                    "sso.oidc.clientId", "zvc", "sso.oidc.displayName", "Acme");
            TestAppliance.putSettings(appliance, sso);
            var api = new ApiClient(appliance.httpsPort());
            var providers = api.get("/api/v1/auth/providers", null).json().path("providers");
            assertEquals("Acme", providers.path(0).path("displayName").asText());
            assertEquals("/api/v1/auth/oidc/start", providers.path(0).path("startUrl").asText());

            assertTrue(message(api.get("/api/v1/auth/oidc/start", null)).contains("https://"), "never an http:// issuer");
            var replay = api.get("/api/v1/auth/oidc/callback?state=made-up&code=x", null);
            assertTrue(message(replay).contains("please start again"), replay.header("Location"));
            var exchange = api.post("/api/v1/auth/oidc/exchange", null, Map.of("code", "made-up"));
            assertEquals(401, exchange.status());
            assertEquals("sso_failed", exchange.errorCode());
            assertEquals(400, api.post("/api/v1/auth/oidc/exchange", null, Map.of()).status());
        }
    }

    private static String message(ApiClient.Response r) {
        assertEquals(302, r.status());
        String location = r.header("Location");
        assertTrue(location.matches("/#sso-error=[^&]*&sso-error-code=[a-z_]+"), location);
        return URLDecoder.decode(location.substring("/#sso-error=".length(), location.indexOf('&')), StandardCharsets.UTF_8);
    }
}
