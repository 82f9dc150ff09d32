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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sign-in with OpenID Connect through a real Keycloak: a real Chromium clicks "Sign in with
 * Keycloak", fills Keycloak's own login form and lands on the home page signed in, with the
 * account made just in time and its role from the Keycloak groups (changed there, changed here).
 */
class OidcKeycloakBrowserTest {
    private static final Duration T = Duration.ofSeconds(60);
    private static final String REALM = "zvc";
    private static final String SECRET = "zvc-test-client-secret";
    private static final String PASSWORD = "kc-password-1";

    private static Appliance appliance;
    private static Keycloak keycloak;

    @BeforeAll
    static void start() {
        appliance = TestAppliance.startH2();
        String callback = "https://localhost:" + appliance.httpsPort() + "/api/v1/auth/oidc/callback";
        keycloak = Keycloak.start(REALM, "/keycloak/zvc-realm.json", Map.of("CLIENT_SECRET", SECRET, "USER_PASSWORD", PASSWORD));
        keycloak.setRedirectUris(REALM, "zoomvconnect", List.of(callback));
        keycloak.setMember(REALM, "alan", "zvc-admins", false); // Keycloak's database outlives a run
        System.out.println("Keycloak " + Keycloak.VERSION + " answered discovery after " + keycloak.startupTime().toMillis() + " ms");
        Map<String, String> sso = Map.of("sso.oidc.enabled", "true", "sso.oidc.issuer", keycloak.issuer(REALM),
                "sso.oidc.clientId", "zoomvconnect", "sso.oidc.clientSecret", SECRET, "sso.oidc.displayName", "Keycloak",
                "sso.oidc.caFile", keycloak.caFile().toString(), "sso.adminGroups", "zvc-admins");
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
    void aPersonSignsInThroughKeycloaksLoginPageAndLandsOnTheHomePage() throws IOException {
        JsonNode user = signIn("grace", "oidc-grace");
        assertEquals("grace@example.org", user.path("email").asText());
        assertEquals("Grace Hopper", user.path("displayName").asText());
        assertEquals("admin", user.path("role").asText(), "member of zvc-admins, the configured admin group");
    }

    @Test
    void aGroupChangeInKeycloakChangesTheRoleAtTheNextSignIn() throws IOException {
        assertEquals("user", signIn("alan", "oidc-alan-1").path("role").asText());
        keycloak.setMember(REALM, "alan", "zvc-admins", true);
        assertEquals("admin", signIn("alan", "oidc-alan-2").path("role").asText());
    }

    /** Signs {@code username} in from a fresh browser; answers the account as the appliance sees it ({@code /auth/me}). */
    private static JsonNode signIn(String username, String artifacts) throws IOException {
        String base = "https://localhost:" + appliance.httpsPort() + "/";
        try (Browsers browsers = new Browsers(artifacts)) {
            CdpPage page = browsers.open(base);
            page.waitFor("document.querySelector('#sso-oidc')?.textContent === 'Sign in with Keycloak'", T);
            page.evaluate("document.querySelector('#sso-oidc').click(), true");
            // Keycloak's own login page, on its own origin.
            page.waitFor("location.origin === '" + keycloak.base() + "' && !!document.querySelector('#username')", T);
            page.evaluate("(() => { document.querySelector('#username').value = '" + username + "';"
                    + " document.querySelector('#password').value = '" + PASSWORD + "';"
                    + " document.querySelector('#kc-login').click(); return true; })()");
            page.waitFor("location.origin === '" + base.replaceAll("/$", "") + "' && !!document.querySelector('#schedule')", T);
            assertEquals("", page.evaluate("location.hash").asText(), "the one-time code does not stay in the address bar");
            String token = page.evaluate("JSON.parse(localStorage.getItem('zvc.session')).accessToken").asText();
            var me = new ApiClient(appliance.httpsPort()).get("/api/v1/auth/me", token);
            assertEquals(200, me.status(), me.body());
            assertTrue(page.evaluate("document.querySelector('#account').textContent").asText()
                    .contains(me.json().path("displayName").asText()), "the header shows who is signed in");
            return me.json();
        }
    }
}
