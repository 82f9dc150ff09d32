package com.zoomvconnect.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.TestAppliance;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SAML routes without an identity provider: the button, the SP metadata, and refusals back to the sign-in page. */
class SamlApiTest {
    @Test
    void listsTheSamlButtonAndTheUserNameFlagAndRefusesAnHttpMetadataUrl() {
        try (Appliance appliance = TestAppliance.startH2()) {
            var api = new ApiClient(appliance.httpsPort());
            var before = api.get("/api/v1/auth/providers", null).json();
            assertEquals(0, before.path("providers").size());
            assertFalse(before.path("userNameLogin").asBoolean());
            Map<String, String> sso = Map.of("sso.saml.enabled", "true", "sso.saml.idpMetadataUrl", "http://idp.example.test/md",
                    "sso.saml.displayName", "Acme SAML", "sso.ldap.enabled", "true");
            TestAppliance.putSettings(appliance, sso);
            var after = api.get("/api/v1/auth/providers", null).json();
            assertEquals("saml", after.path("providers").path(0).path("id").asText());
            assertEquals("Acme SAML", after.path("providers").path(0).path("displayName").asText());
            assertEquals("/api/v1/auth/saml/start", after.path("providers").path(0).path("startUrl").asText());
            assertTrue(after.path("userNameLogin").asBoolean(), "LDAP on: the form takes user names");
            assertTrue(message(api.get("/api/v1/auth/saml/start", null)).contains("https://"), "never an http:// metadata URL");
        }
    }

    @Test
    void servesTheSpMetadataAndSendsAGarbledPostBackWithAReason() {
        try (Appliance appliance = TestAppliance.startH2()) {
            var api = new ApiClient(appliance.httpsPort());
            var md = api.get("/api/v1/auth/saml/metadata", null);
            assertEquals(200, md.status());
            assertTrue(md.body().contains("/api/v1/auth/saml/acs"), md.body());
            assertTrue(message(api.get("/api/v1/auth/saml/start", null)).contains("not enabled"));
            TestAppliance.putSettings(appliance, Map.of("sso.saml.enabled", "true"));
            // Enabled without a metadata URL, then a garbled POST: both back to the sign-in page with a reason.
            var garbled = api.raw("POST", "/api/v1/auth/saml/acs", null, "application/x-www-form-urlencoded",
                    "SAMLResponse=bm90IHhtbA%3D%3D");
            assertTrue(message(garbled).contains("saml.idpMetadataUrl"), garbled.header("Location"));
        }
    }

    private static String message(ApiClient.Response r) {
        assertEquals(302, r.status());
        String location = r.header("Location");
        assertTrue(location.matches("/#sso-error=[^&]*&sso-error-code=[a-z_]+"), location);
        return URLDecoder.decode(location.substring("/#sso-error=".length(), location.indexOf('&')), StandardCharsets.UTF_8);
    }
}
