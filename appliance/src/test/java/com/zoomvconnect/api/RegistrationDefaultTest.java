package com.zoomvconnect.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.app.ConfigLoader;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.ApiClient.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An appliance on the production defaults (no test overrides): registration is closed once the first account exists. */
class RegistrationDefaultTest {
    @TempDir
    Path dir;

    @Test
    void aFreshInstallTakesItsFirstAccountAndThenOnlyAdministratorsCreateAccounts() throws Exception {
        Path file = dir.resolve("zoomvconnect.yaml");
        Files.writeString(file, """
                data:
                  dir: %s
                server:
                  host: 127.0.0.1
                  port: 0
                  redirect:
                    port: -1
                media:
                  port: 0
                """.formatted(dir.resolve("data")));
        try (Appliance a = Appliance.start(ConfigLoader.load(file, Map.of()))) {
            var api = new ApiClient(a.httpsPort());
            Response before = api.get("/api/v1/auth/registration", null);
            assertEquals(200, before.status(), before.body());
            assertEquals("closed", before.json().path("policy").asText());
            assertTrue(before.json().path("firstAccount").asBoolean());

            Response first = api.post("/api/v1/auth/register", null,
                    Map.of("email", "ada@example.com", "password", "correct horse", "displayName", "Ada"));
            assertEquals(201, first.status(), "the first account of a fresh install: " + first.body());
            assertEquals("admin", first.json().path("user").path("role").asText());

            Response second = api.post("/api/v1/auth/register", null,
                    Map.of("email", "bob@example.com", "password", "correct horse", "displayName", "Bob"));
            assertEquals(403, second.status(), second.body());
            assertEquals("registration_closed", second.errorCode());
            assertFalse(api.get("/api/v1/auth/registration", null).json().path("firstAccount").asBoolean());
            Response settings = api.get("/api/v1/admin/settings", first.json().path("accessToken").asText());
            assertEquals("closed", settings.json().path("registrationPolicy").asText());
            assertEquals("configuration", settings.json().path("registrationPolicySource").asText());
        }
    }
}
