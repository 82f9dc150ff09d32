package com.zoomvconnect.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.Keycloak;
import com.zoomvconnect.testing.TestAppliance;
import com.zoomvconnect.testing.browser.Browsers;
import com.zoomvconnect.testing.browser.CdpPage;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sign-in with SAML 2.0 through a real Keycloak: a real Chromium clicks "Sign in with Keycloak SAML",
 * fills Keycloak's own login page, Keycloak POSTs its signed Response to the appliance's ACS, and the
 * browser lands on the home page signed in, the account made just in time with its role from the groups.
 */
class SamlKeycloakBrowserTest {
    private static final Duration T = Duration.ofSeconds(60);
    private static final String REALM = "zvc";
    private static final String PASSWORD = "kc-password-1";

    private static Appliance appliance;
    private static Keycloak keycloak;

    @BeforeAll
    static void start() {
        appliance = TestAppliance.startH2();
        String base = "https://localhost:" + appliance.httpsPort();
        // The same realm file (and values) as the OIDC test, so Keycloak's kept database serves both.
        keycloak = Keycloak.start(REALM, "/keycloak/zvc-realm.json",
                Map.of("CLIENT_SECRET", "zvc-test-client-secret", "USER_PASSWORD", PASSWORD));
        keycloak.putSamlClient(REALM, base + "/api/v1/auth/saml/metadata", base + "/api/v1/auth/saml/acs");
        keycloak.setMember(REALM, "grace", "zvc-admins", true);
        System.out.println("Keycloak " + Keycloak.VERSION + " answered after " + keycloak.startupTime().toMillis() + " ms");
        Map<String, String> sso = Map.of("sso.saml.enabled", "true",
                "sso.saml.idpMetadataUrl", keycloak.issuer(REALM) + "/protocol/saml/descriptor",
                "sso.saml.displayName", "Keycloak SAML", "sso.saml.caFile", keycloak.caFile().toString(),
                "sso.adminGroups", "zvc-admins");
        TestAppliance.putSettings(appliance, sso);
    }

    @AfterAll
    static void stop() {
        if (keycloak != null) {
            keycloak.close();
        }
        if (appliance != null) {
            appliance.close();
        }
    }

    @Test
    void aPersonSignsInWithSamlThroughKeycloaksLoginPageAndLandsOnTheHomePage() throws IOException {
        String base = "https://localhost:" + appliance.httpsPort() + "/";
        try (Browsers browsers = new Browsers("saml-grace")) {
            CdpPage page = browsers.open(base);
            page.waitFor("document.querySelector('#sso-saml')?.textContent === 'Sign in with Keycloak SAML'", T);
            page.evaluate("document.querySelector('#sso-saml').click(), true");
            page.waitFor("location.origin === '" + keycloak.base() + "' && !!document.querySelector('#username')", T);
            page.evaluate("(() => { document.querySelector('#username').value = 'grace';"
                    + " document.querySelector('#password').value = '" + PASSWORD + "';"
                    + " document.querySelector('#kc-login').click(); return true; })()");
            page.waitFor("location.origin === '" + base.replaceAll("/$", "") + "' && !!document.querySelector('#schedule')", T);
            assertEquals("", page.evaluate("location.hash").asText(), "the one-time code does not stay in the address bar");
            String token = page.evaluate("JSON.parse(localStorage.getItem('zvc.session')).accessToken").asText();
            var me = new ApiClient(appliance.httpsPort()).get("/api/v1/auth/me", token);
            assertEquals(200, me.status(), me.body());
            JsonNode user = me.json();
            assertEquals("grace@example.org", user.path("email").asText());
            assertEquals("Grace Hopper", user.path("displayName").asText());
            assertEquals("admin", user.path("role").asText(), "member of zvc-admins, the configured admin group");
            assertTrue(page.evaluate("document.querySelector('#account').textContent").asText().contains("Grace Hopper"));
        }
    }

    @Test
    void theServiceProviderMetadataIsServedAtItsStableUrl() throws IOException {
        var res = new ApiClient(appliance.httpsPort()).get("/api/v1/auth/saml/metadata", null);
        assertEquals(200, res.status());
        assertTrue(res.body().contains("Location=\"https://localhost:" + appliance.httpsPort() + "/api/v1/auth/saml/acs\""), res.body());
    }
}
