package com.zoomvconnect.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.app.AppConfig;
import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.auth.AuthConfig;
import com.zoomvconnect.auth.RegistrationPolicy;
import com.zoomvconnect.store.DatabaseConfig;
import com.zoomvconnect.store.SettingsDao;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.BrowserTest;
import com.zoomvconnect.testing.TestAppliance;
import com.zoomvconnect.testing.browser.CdpPage;
import com.zoomvconnect.testing.browser.Chromium;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sign-in page offers registration as the server's policy allows, and shows the server's reason when it refuses. */
class RegistrationPageTest implements BrowserTest {
    private static final Duration T = Duration.ofSeconds(30);

    @Test
    void theSignInPageFollowsTheRegistrationPolicy() {
        Path dir = TestAppliance.tempDir();
        AppConfig c = TestAppliance.config(dir, DatabaseConfig.embedded(dir));
        AuthConfig a = c.auth();
        var domains = RegistrationPolicy.parse("domains", List.of("example.org"));
        var config = new AppConfig(c.dataDir(), c.server(), c.tls(), c.database(), new AuthConfig(a.accessTokenTtl(),
                a.refreshTokenTtl(), a.joinTokenTtl(), a.maxFailuresPerAccount(), a.maxFailuresPerClient(), a.failureWindow(),
                a.password(), domains), c.media(), c.source(), c.recording());
        try (Appliance appliance = Appliance.start(config); Chromium chromium = Chromium.context()) {
            var api = new ApiClient(appliance.httpsPort());
            String admin = api.post("/api/v1/auth/register", null, Map.of("email", "ada@elsewhere.test", "password", "ada's password",
                    "displayName", "Ada")).json().path("accessToken").asText();
            String base = "https://localhost:" + appliance.httpsPort() + "/";
            CdpPage page = chromium.newPage(base);
            page.waitFor("document.querySelector('#registration-domains')?.textContent.includes('example.org')", T);
            fill(page, "#register-displayName", "Eve");
            fill(page, "#register-email", "eve@example.com");
            fill(page, "#register-password", "eve's password");
            page.evaluate("document.querySelector(\"form[aria-label='Create an account'] button[type=submit]\").click(), true");
            page.waitFor("document.querySelector(\"form[aria-label='Create an account'] .error\").textContent.includes('example.org')", T);

            assertEquals(200, api.patch("/api/v1/admin/settings", admin, Map.of("registrationPolicy", "closed")).status());
            page.navigate(base, T);
            page.waitFor("!!document.querySelector('#registration-closed')", T);
            assertTrue(page.evaluate("!document.querySelector(\"form[aria-label='Create an account']\")").asBoolean(),
                    "no registration form where it cannot succeed");
            assertTrue(page.evaluate("!!document.querySelector(\"form[aria-label='Sign in']\")").asBoolean());
        }
    }

    @Test
    void withLdapEnabledTheSignInFieldTakesAPlainUserName() {
        try (Appliance appliance = TestAppliance.startH2(); Chromium chromium = Chromium.context()) {
            String base = "https://localhost:" + appliance.httpsPort() + "/";
            CdpPage page = chromium.newPage(base);
            page.waitFor("!!document.querySelector('#signin-email')", T);
            assertEquals("email", page.evaluate("document.querySelector('#signin-email').type").asText());
            appliance.database().jdbi().useHandle(h -> new SettingsDao().put(h, "sso.ldap.enabled", "true", Instant.now()));
            page.navigate(base, T);
            page.waitFor("document.querySelector('label[for=\"signin-email\"]')?.textContent === 'E-mail or user name'", T);
            assertEquals("text", page.evaluate("document.querySelector('#signin-email').type").asText(),
                    "a directory user name such as jdoe is not an e-mail address");
        }
    }

    private static void fill(CdpPage p, String selector, String value) {
        p.evaluate("(() => { const i = document.querySelector(\"form[aria-label='Create an account'] " + selector + "\"); i.value = '"
                + value.replace("'", "\\'") + "'; return true; })()");
    }
}
