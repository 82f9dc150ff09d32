package com.zoomvconnect.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.admin.AdminService;
import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.error.AppException;
import com.zoomvconnect.error.ErrorCode;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.TestAppliance;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * SSO-only mode through the real API: it cannot be switched on without an enabled provider, nor the last
 * provider switched off under it; once on, local passwords and self-registration are refused with a clear
 * error, while administrators keep their local password (break-glass).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SsoOnlyModeTest {
    private Appliance app;
    private ApiClient api;
    private AdminService admin;

    @BeforeAll
    void start() {
        app = TestAppliance.startH2();
        api = new ApiClient(app.httpsPort());
        admin = new AdminService(app.database(), app.authService(), new PasswordHasher(TestAppliance.FAST_HASH), Clock.systemUTC(), null);
        assertEquals(201, register("root@example.org").status(), "the first account, an administrator");
        assertEquals(201, register("user@example.org").status());
    }

    @AfterAll
    void stop() {
        app.close();
    }

    private ApiClient.Response register(String email) {
        return api.post("/api/v1/auth/register", null, Map.of("email", email, "password", "password-123", "displayName", email));
    }

    private ApiClient.Response login(String email) {
        return api.post("/api/v1/auth/login", null, Map.of("email", email, "password", "password-123"));
    }

    @Test
    void ssoOnlyRefusesLocalPasswordsAndRegistrationButNotTheBreakGlassAdministrator() {
        var none = assertThrows(AppException.class, () -> admin.execute("sso.set", Map.of("only", "true")));
        assertEquals(ErrorCode.CONFLICT, none.errorCode());
        assertTrue(none.getMessage().contains("needs an enabled provider"), none.getMessage());
        assertFalse(api.get("/api/v1/auth/providers", null).json().path("ssoOnly").asBoolean(), "nothing stored");

        String root = login("root@example.org").json().path("accessToken").asText();
        var patched = api.patch("/api/v1/admin/sso", root, Map.of("oidc.issuer", "https://idp.example.org/realms/acme",
                "oidc.clientId", "zvc", "oidc.enabled", true, "only", true));
        assertEquals(200, patched.status(), patched.body());
        assertEquals("true", patched.json().path("only").asText());
        assertTrue(api.get("/api/v1/auth/providers", null).json().path("ssoOnly").asBoolean());

        var user = login("user@example.org");
        assertEquals(403, user.status(), user.body());
        assertEquals("local_sign_in_off", user.errorCode());
        assertTrue(user.json().path("error").path("message").asText().contains("single sign-on only"), user.body());
        var signUp = register("new@example.org");
        assertEquals(403, signUp.status(), signUp.body());
        assertEquals("registration_closed", signUp.errorCode());
        assertEquals(200, login("root@example.org").status(), "break-glass: administrators keep their local password");

        var lastProvider = api.patch("/api/v1/admin/sso", root, Map.of("oidc.enabled", false));
        assertEquals(409, lastProvider.status(), "the last provider cannot be switched off under SSO-only: " + lastProvider.body());

        assertEquals(200, api.patch("/api/v1/admin/sso", root, Map.of("only", false)).status());
        assertEquals(200, login("user@example.org").status(), "local passwords again");
    }

    @Test
    void theOpenApiDocumentDescribesTheConnectionTestAndTheLogout() {
        String doc = api.send(api.builder("/api/docs", null).header("Accept", "application/yaml").GET()).body();
        for (String path : new String[] {"/admin/sso/test:", "/auth/oidc/logout:"}) {
            assertTrue(doc.contains("  " + path), path + " missing from /api/docs");
        }
        assertTrue(doc.contains("local_sign_in_off") && doc.contains("ssoOnly:"), "SSO-only mode documented");
    }
}
