package com.zoomvconnect.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.Keycloak;
import com.zoomvconnect.testing.browser.CdpPage;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/** Single sign-on through Keycloak's own login page, as a person does it, shared by the OIDC and SAML browser tests. */
final class KeycloakSignIn {
    static final String REALM = "zvc";
    static final String CLIENT_SECRET = "zvc-test-client-secret";
    static final String PASSWORD = "kc-password-1";

    private KeycloakSignIn() {
    }

    /**
     * The test JVM's one Keycloak with the sign-in tests' realm (both classes use the same realm and
     * values, so Keycloak's kept database serves both); started by {@link KeycloakPrestart} while the
     * suite runs its classes without a browser, else by the first class that asks.
     */
    static Keycloak keycloak() {
        return Keycloak.shared(REALM, "/keycloak/zvc-realm.json", Map.of("CLIENT_SECRET", CLIENT_SECRET, "USER_PASSWORD", PASSWORD));
    }

    /**
     * On {@code page}, open at the appliance's sign-in page: clicks the SSO button {@code buttonId}
     * (labelled {@code buttonLabel}), signs in on Keycloak's page, and checks the return (home page,
     * the one-time code gone from the address bar, the header naming the account). Answers the
     * account as {@code /auth/me} sees it.
     */
    static JsonNode signIn(CdpPage page, Keycloak keycloak, int httpsPort, String buttonId, String buttonLabel, String username,
                           String password, Duration timeout) throws IOException {
        String base = "https://localhost:" + httpsPort;
        page.waitFor("document.querySelector('#" + buttonId + "')?.textContent === '" + buttonLabel + "'", timeout);
        page.evaluate("document.querySelector('#" + buttonId + "').click(), true");
        // Keycloak's own login page, on its own origin.
        page.waitFor("location.origin === '" + keycloak.base() + "' && !!document.querySelector('#username')", timeout);
        page.evaluate("(() => { document.querySelector('#username').value = '" + username + "';"
                + " document.querySelector('#password').value = '" + password + "';"
                + " document.querySelector('#kc-login').click(); return true; })()");
        page.waitFor("location.origin === '" + base + "' && !!document.querySelector('#schedule')", timeout);
        assertEquals("", page.evaluate("location.hash").asText(), "the one-time code does not stay in the address bar");
        String token = page.evaluate("JSON.parse(localStorage.getItem('zvc.session')).accessToken").asText();
        var me = new ApiClient(httpsPort).get("/api/v1/auth/me", token);
        assertEquals(200, me.status(), me.body());
        assertTrue(page.evaluate("document.querySelector('#account').textContent").asText()
                .contains(me.json().path("displayName").asText()), "the header shows who is signed in");
        return me.json();
    }
}
