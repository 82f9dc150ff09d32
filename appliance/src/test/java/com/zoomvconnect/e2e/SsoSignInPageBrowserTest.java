package com.zoomvconnect.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.BrowserTest;
import com.zoomvconnect.testing.Ports;
import com.zoomvconnect.testing.TestAppliance;
import com.zoomvconnect.testing.browser.Browsers;
import com.zoomvconnect.testing.browser.CdpPage;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Single sign-on on the pages, in real Chromium at 1280×800 and 390×844: the Settings page's "Test connection"
 * shows each check (here an issuer on a closed port: connection refused), and in SSO-only mode the sign-in page
 * hides the password form and registration but keeps the administrators' break-glass link, through which an
 * administrator signs in. Screenshots: target/browser-artifacts/sso-*.png.
 */
class SsoSignInPageBrowserTest implements BrowserTest {
    private static final Duration T = Duration.ofSeconds(30);

    private record Size(String label, int width, int height, boolean phone) {
    }

    private static final Size[] SIZES = {new Size("1280x800", 1280, 800, false), new Size("390x844", 390, 844, true)};

    @Test
    void testConnectionShowsTheChecksAndSsoOnlyKeepsOnlyTheBreakGlassForm() throws Exception {
        try (Appliance appliance = TestAppliance.startH2(); Browsers browsers = new Browsers("sso-pages")) {
            String base = "https://localhost:" + appliance.httpsPort();
            var api = new ApiClient(appliance.httpsPort());
            var adminLogin = api.post("/api/v1/auth/register", null, Map.of("email", "ada@example.com", "password", "ada password",
                    "displayName", "Ada Admin"));
            String admin = adminLogin.json().path("accessToken").asText();
            int closed = Ports.free(); // nothing listens there
            assertEquals(200, api.patch("/api/v1/admin/sso", admin, Map.of("oidc.issuer", "https://127.0.0.1:" + closed + "/realms/acme",
                    "oidc.clientId", "zvc", "oidc.enabled", true, "oidc.displayName", "Acme ID")).status());

            CdpPage page = browsers.open(base + "/");
            page.evaluate("localStorage.setItem('zvc.session', JSON.stringify(" + adminLogin.body() + ")), true");
            for (Size size : SIZES) {
                page.setViewport(size.width(), size.height(), size.phone());
                page.navigate(base + "/admin/settings", T);
                page.waitFor("!!document.querySelector('#sso-test')", T);
                page.evaluate("document.querySelector('#sso-test-provider').value = 'oidc', document.querySelector('#sso-test').click(), true");
                page.waitFor("[...document.querySelectorAll('#sso-test-results li.fail')].some(li =>"
                        + " li.textContent.includes('Connection') && li.textContent.includes('connection refused'))", T);
                assertEquals("1 check(s) failed.", page.evaluate("document.querySelector('#sso-test-summary').textContent").asText());
                assertTrue(page.evaluate("document.documentElement.scrollWidth <= innerWidth").asBoolean(), "no sideways scrolling");
                page.evaluate("document.querySelector('#sso-test-section').scrollIntoView(), true");
                page.screenshot(Browsers.artifacts().resolve("sso-test-" + size.label() + ".png"));
            }

            assertEquals(200, api.patch("/api/v1/admin/sso", admin, Map.of("only", true)).status());
            page.evaluate("localStorage.clear(), true");
            for (Size size : SIZES) {
                page.setViewport(size.width(), size.height(), size.phone());
                page.navigate(base + "/", T);
                page.waitFor("document.querySelector('#sso-oidc')?.textContent === 'Sign in with Acme ID'"
                        + " && !!document.querySelector('#local-sign-in')", T);
                assertTrue(page.evaluate("document.querySelector('#signin-email').offsetParent === null"
                        + " && document.querySelector('#signin-password').offsetParent === null").asBoolean(), "no password form");
                assertTrue(page.evaluate("!!document.querySelector('#registration-sso-only')"
                        + " && !document.querySelector('#register-email')").asBoolean(), "no registration");
                page.screenshot(Browsers.artifacts().resolve("sso-only-" + size.label() + ".png"));
            }
            page.evaluate("document.querySelector('#local-sign-in').click(), true");
            page.waitFor("location.search === '?local=1' && !!document.querySelector('#sso-oidc')"
                    + " && document.querySelector('#signin-email').offsetParent !== null", T);
            page.evaluate("(() => { document.querySelector('#signin-email').value = 'ada@example.com';"
                    + " document.querySelector('#signin-password').value = 'ada password';"
                    + " document.querySelector('#signin-email').form.requestSubmit(); return true; })()");
            page.waitFor("!!document.querySelector('#schedule')", T);
        }
    }
}
