package com.zoomvconnect.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.auth.saml.SamlCheck;
import com.zoomvconnect.auth.sso.Check;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.BrowserTest;
import com.zoomvconnect.testing.Keycloak;
import com.zoomvconnect.testing.TestAppliance;
import com.zoomvconnect.testing.browser.Browsers;
import com.zoomvconnect.testing.browser.CdpPage;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sign-in with SAML 2.0 through a real Keycloak: a real Chromium clicks "Sign in with Keycloak SAML",
 * fills Keycloak's own login page, Keycloak POSTs its signed Response to the appliance's ACS, and the
 * browser lands on the home page signed in, the account made just in time with its role from the groups.
 */
class SamlKeycloakBrowserTest implements BrowserTest {
    private static final Duration T = Duration.ofSeconds(60);
    private static final String REALM = KeycloakSignIn.REALM;
    private static final String PASSWORD = KeycloakSignIn.PASSWORD;

    private static Appliance appliance;
    private static Keycloak keycloak;
    private static Map<String, String> sso;

    @BeforeAll
    static void start() {
        appliance = TestAppliance.startH2();
        String base = "https://localhost:" + appliance.httpsPort();
        keycloak = KeycloakSignIn.keycloak();
        keycloak.putSamlClient(REALM, base + "/api/v1/auth/saml/metadata", base + "/api/v1/auth/saml/acs");
        keycloak.setMember(REALM, "grace", "zvc-admins", true);
        System.out.println("Keycloak " + Keycloak.VERSION + " answered after " + keycloak.startupTime().toMillis() + " ms");
        sso = Map.of("sso.saml.enabled", "true",
                "sso.saml.idpMetadataUrl", keycloak.issuer(REALM) + "/protocol/saml/descriptor",
                "sso.saml.displayName", "Keycloak SAML", "sso.saml.caFile", keycloak.caFile().toString(),
                "sso.adminGroups", "zvc-admins");
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
    void aPersonSignsInWithSamlThroughKeycloaksLoginPageAndLandsOnTheHomePage() throws IOException {
        JsonNode user = signIn("grace", "saml-grace");
        assertEquals("grace@example.org", user.path("email").asText());
        assertEquals("Grace Hopper", user.path("displayName").asText());
        assertEquals("admin", user.path("role").asText(), "member of zvc-admins, the configured admin group");
    }

    @Test
    void aGroupChangeInKeycloakChangesTheRoleAtTheNextSamlSignIn() throws IOException {
        keycloak.setMember(REALM, "alan", "zvc-admins", false);
        assertEquals("user", signIn("alan", "saml-alan-1").path("role").asText());
        keycloak.setMember(REALM, "alan", "zvc-admins", true);
        assertEquals("admin", signIn("alan", "saml-alan-2").path("role").asText());
        keycloak.setMember(REALM, "alan", "zvc-admins", false);
        assertEquals("user", signIn("alan", "saml-alan-3").path("role").asText(), "and back when taken out of the group");
    }

    @Test
    void theConnectionTestPassesAgainstKeycloakAndNamesAnUnknownServiceProvider() {
        String base = "https://localhost:" + appliance.httpsPort();
        List<Check> good = SamlCheck.run(sso, base, Clock.systemUTC());
        System.out.println("sso test saml against Keycloak:\n" + good);
        var names = good.stream().map(c -> c.name() + ":" + c.toMap().get("status")).toList();
        // TLS: the test's certificate is valid for two days; Clock: Keycloak 26 sends no Date header (see IdpProbeTest).
        assertEquals(List.of("Settings:pass", "DNS:pass", "Connection:pass", "TLS certificate:warn", "Clock:warn", "IdP metadata:pass",
                "IdP certificate:pass", "Service provider:pass"), names);

        var other = new HashMap<>(sso);
        other.put("sso.saml.spEntityId", "https://unregistered.example/saml");
        List<Check> unknown = SamlCheck.run(other, base, Clock.systemUTC());
        System.out.println(unknown);
        Check sp = unknown.getLast();
        assertTrue(sp.failed() && sp.name().equals("Service provider") && sp.detail().contains("entity ID https://unregistered.example/saml"),
                sp.detail());
        Check cert = SamlCheck.run(sso, base, Clock.offset(Clock.systemUTC(), Duration.ofDays(365L * 200))).stream()
                .filter(c -> c.name().equals("IdP certificate")).findFirst().orElseThrow();
        assertTrue(cert.failed() && cert.detail().contains("expired on"), "two hundred years on, Keycloak's signing certificate: " + cert.detail());
    }

    /** Signs {@code username} in with SAML from a fresh browser; answers the account as the appliance sees it. */
    private static JsonNode signIn(String username, String artifacts) throws IOException {
        String base = "https://localhost:" + appliance.httpsPort() + "/";
        try (Browsers browsers = new Browsers(artifacts)) {
            CdpPage page = browsers.open(base);
            return KeycloakSignIn.signIn(page, keycloak, appliance.httpsPort(), "sso-saml", "Sign in with Keycloak SAML", username,
                    PASSWORD, T);
        }
    }

    @Test
    void theServiceProviderMetadataIsServedAtItsStableUrl() throws IOException {
        var res = new ApiClient(appliance.httpsPort()).get("/api/v1/auth/saml/metadata", null);
        assertEquals(200, res.status());
        assertTrue(res.body().contains("Location=\"https://localhost:" + appliance.httpsPort() + "/api/v1/auth/saml/acs\""), res.body());
    }
}
