package com.zoomvconnect.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.admin.AdminService;
import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.auth.PasswordHasher;
import com.zoomvconnect.auth.oidc.OidcCheck;
import com.zoomvconnect.auth.sso.Check;
import com.zoomvconnect.error.AppException;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.BrowserTest;
import com.zoomvconnect.testing.Keycloak;
import com.zoomvconnect.testing.TestAppliance;
import com.zoomvconnect.testing.browser.Browsers;
import com.zoomvconnect.testing.browser.CdpPage;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
class OidcKeycloakBrowserTest implements BrowserTest {
    private static final Duration T = Duration.ofSeconds(60);
    private static final String REALM = KeycloakSignIn.REALM;
    private static final String SECRET = KeycloakSignIn.CLIENT_SECRET;
    private static final String PASSWORD = KeycloakSignIn.PASSWORD;

    private static Appliance appliance;
    private static Keycloak keycloak;
    private static Map<String, String> sso;

    @BeforeAll
    static void start() {
        appliance = TestAppliance.startH2();
        String callback = "https://localhost:" + appliance.httpsPort() + "/api/v1/auth/oidc/callback";
        keycloak = KeycloakSignIn.keycloak();
        keycloak.setRedirectUris(REALM, "zoomvconnect", List.of(callback));
        keycloak.setPostLogoutRedirectUris(REALM, "zoomvconnect", List.of("https://localhost:" + appliance.httpsPort() + "/"));
        keycloak.setMember(REALM, "alan", "zvc-admins", false); // Keycloak's database outlives a run
        System.out.println("Keycloak " + Keycloak.VERSION + " answered discovery after " + keycloak.startupTime().toMillis() + " ms");
        sso = Map.of("sso.oidc.enabled", "true", "sso.oidc.issuer", keycloak.issuer(REALM),
                "sso.oidc.clientId", "zoomvconnect", "sso.oidc.clientSecret", SECRET, "sso.oidc.displayName", "Keycloak",
                "sso.oidc.caFile", keycloak.caFile().toString(), "sso.adminGroups", "zvc-admins");
        TestAppliance.putSettings(appliance, sso);
    }

    @AfterAll
    static void stop() {
        // Keycloak is shared with the other sign-in test class and stops with the JVM.
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

    @Test
    void theConnectionTestPassesAgainstKeycloakAndNamesAnUnregisteredRedirectAWrongSecretAndClockSkew() {
        String base = "https://localhost:" + appliance.httpsPort();
        var api = new ApiClient(appliance.httpsPort());
        var r = api.post("/api/v1/admin/sso/test", adminToken(), Map.of("provider", "oidc"));
        assertEquals(200, r.status(), r.body());
        System.out.println("sso test oidc against Keycloak:\n" + r.body());
        assertTrue(r.json().path("ok").asBoolean(), r.body());
        assertEquals(base, r.json().path("base").asText());
        var names = new ArrayList<String>();
        r.json().path("checks").forEach(c -> names.add(c.path("name").asText() + ":" + c.path("status").asText()));
        // The test's certificate is valid for two days (a warning: under 14 days left), and Keycloak 26 (Quarkus)
        // sends no Date header, so the clocks cannot be compared (IdpProbeTest checks that part on a server that does).
        assertEquals(List.of("Settings:pass", "DNS:pass", "Connection:pass", "TLS certificate:warn", "Clock:warn", "Discovery:pass",
                "Signing keys:pass", "Redirect URI:pass", "Client credentials:pass"), names);
        assertTrue(r.json().path("checks").get(4).path("detail").asText().contains("no Date header"), r.body());

        Check redirect = check(OidcCheck.run(settings(Map.of()), "https://unregistered.example", Clock.systemUTC()), "Redirect URI");
        assertTrue(redirect.failed() && redirect.detail().contains("Invalid parameter: redirect_uri")
                && redirect.detail().contains("register https://unregistered.example/api/v1/auth/oidc/callback"), redirect.detail());
        Check secret = check(OidcCheck.run(settings(Map.of("sso.oidc.clientSecret", "wrong")), base, Clock.systemUTC()),
                "Client credentials");
        assertTrue(secret.failed() && secret.detail().contains("unauthorized_client")
                && secret.detail().contains("oidc.clientSecret"), secret.detail());
        Check unknown = check(OidcCheck.run(settings(Map.of("sso.oidc.clientId", "no-such-client")), base, Clock.systemUTC()),
                "Redirect URI");
        assertTrue(unknown.failed() && unknown.detail().contains("Client not found"), unknown.detail());
        Check issuer = check(OidcCheck.run(settings(Map.of("sso.oidc.issuer", keycloak.issuer(REALM) + "-other")), base,
                Clock.systemUTC()), "Discovery");
        assertTrue(issuer.failed() && issuer.detail().contains("answered HTTP 404"), issuer.detail());
    }

    private static Map<String, String> settings(Map<String, String> changes) {
        var s = new HashMap<>(sso);
        s.putAll(changes);
        return s;
    }

    private static Check check(List<Check> checks, String name) {
        System.out.println(checks);
        return checks.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name + " in " + checks));
    }

    /** A local administrator's access token (made here, so the test does not depend on which sign-in ran first). */
    private static String adminToken() {
        var admin = new AdminService(appliance.database(), appliance.authService(), new PasswordHasher(TestAppliance.FAST_HASH),
                Clock.systemUTC(), null);
        try {
            admin.execute("users.add", Map.of("email", "local-admin@example.org", "password", "local-password", "admin", "true"));
        } catch (AppException e) {
            // made by an earlier test of this class
        }
        return appliance.authService().login("local-admin@example.org", "local-password", "oidc-test").accessToken();
    }

    @Test
    void signingOutEndsTheApplianceSessionAndKeycloaksToo() throws IOException {
        String base = "https://localhost:" + appliance.httpsPort();
        try (Browsers browsers = new Browsers("oidc-sign-out")) {
            CdpPage page = browsers.open(base + "/");
            signInOn(page, "grace");
            String refresh = page.evaluate("JSON.parse(localStorage.getItem('zvc.session')).refreshToken").asText();
            assertTrue(page.evaluate("!!JSON.parse(localStorage.getItem('zvc.session')).idToken").asBoolean(), "the logout hint is kept");
            page.evaluate("document.querySelector('#sign-out').click(), true");
            // Through Keycloak's end_session_endpoint (id_token_hint, post_logout_redirect_uri) and back to the sign-in page.
            page.waitFor("location.origin === '" + base + "' && !!document.querySelector('#sso-oidc')"
                    + " && localStorage.getItem('zvc.session') === null", T);
            var again = new ApiClient(appliance.httpsPort()).post("/api/v1/auth/refresh", null, Map.of("refreshToken", refresh));
            assertEquals(401, again.status(), "the appliance session ended: " + again.body());
            // Keycloak's own session ended too: signing in again asks for the password instead of passing straight through.
            page.evaluate("document.querySelector('#sso-oidc').click(), true");
            page.waitFor("location.origin === '" + keycloak.base() + "' && !!document.querySelector('#password')", T);
        }
    }

    /** Signs {@code username} in from a fresh browser; answers the account as the appliance sees it ({@code /auth/me}). */
    private static JsonNode signIn(String username, String artifacts) throws IOException {
        String base = "https://localhost:" + appliance.httpsPort() + "/";
        try (Browsers browsers = new Browsers(artifacts)) {
            return signInOn(browsers.open(base), username);
        }
    }

    /** Signs {@code username} in on {@code page}, open at the sign-in page; answers the account ({@code /auth/me}). */
    private static JsonNode signInOn(CdpPage page, String username) throws IOException {
        return KeycloakSignIn.signIn(page, keycloak, appliance.httpsPort(), "sso-oidc", "Sign in with Keycloak", username, PASSWORD, T);
    }
}
