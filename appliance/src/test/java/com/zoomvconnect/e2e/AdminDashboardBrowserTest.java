package com.zoomvconnect.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.SignalSocket;
import com.zoomvconnect.testing.TestAppliance;
import com.zoomvconnect.testing.browser.Browsers;
import com.zoomvconnect.testing.browser.CdpPage;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The admin dashboard in real Chromium, on a laptop (1280×800) and a phone (390×844): an admin sees
 * a live meeting with its participant and ends it, creates a user and disables them (who then cannot
 * sign in); a non-admin sees no Admin link and only "Administrators only" at /admin. Screenshots go
 * to target/browser-artifacts/admin-*.png.
 */
class AdminDashboardBrowserTest {
    private static final Duration T = Duration.ofSeconds(30);

    private record Size(String label, int width, int height, boolean phone) {
    }

    private static final Size[] SIZES = {new Size("1280x800", 1280, 800, false), new Size("390x844", 390, 844, true)};

    /** Confirm dialogs are answered yes, and remembered, so the test sees that each destructive action asked. */
    private static final String CONFIRM_YES = "window.zvcConfirms = []; window.confirm = (m) => { window.zvcConfirms.push(m); return true; };";

    @Test
    void anAdministratorEndsALiveMeetingAndDisablesAUserAndOthersSeeNoDashboard() throws Exception {
        try (Appliance appliance = TestAppliance.startH2(); Browsers browsers = new Browsers("admin-final")) {
            String base = "https://localhost:" + appliance.httpsPort();
            var api = new ApiClient(appliance.httpsPort());
            var adminLogin = api.post("/api/v1/auth/register", null, Map.of("email", "ada@example.com", "password", "ada password",
                    "displayName", "Ada Admin"));
            String admin = adminLogin.json().path("accessToken").asText();
            assertEquals(201, api.post("/api/v1/admin/users", admin, Map.of("email", "bob@example.com", "password", "bob password",
                    "displayName", "Bob Host")).status());
            var bobLogin = api.post("/api/v1/auth/login", null, Map.of("email", "bob@example.com", "password", "bob password"));
            String bob = bobLogin.json().path("accessToken").asText();
            String meeting = api.post("/api/v1/meetings", bob, Map.of("title", "Weekly sync")).json().path("id").asText();
            JsonNode grant = api.post("/api/v1/meetings/" + meeting + "/join", bob, Map.of()).json();
            SignalSocket bobSocket = SignalSocket.join(appliance.httpsPort(), grant.path("token").asText()); // closed by the end
            bobSocket.next("welcome");

            CdpPage page = browsers.open(base + "/");
            page.addScriptOnNewDocument(CONFIRM_YES);
            page.evaluate("localStorage.setItem('zvc.session', JSON.stringify(" + adminLogin.body() + ")), true");
            for (Size size : SIZES) {
                page.setViewport(size.width(), size.height(), size.phone());
                page.navigate(base + "/", T);
                page.waitFor("!!document.querySelector('#nav-admin')", T);
                page.evaluate("document.querySelector('#nav-admin').click(), true");
                page.waitFor("document.querySelector('#figure-meetings')?.textContent === '1'"
                        + " && document.querySelector('#figure-participants').textContent === '1'", T);
                assertNavigationFits(page, size);
                page.screenshot(Browsers.artifacts().resolve("admin-overview-" + size.label() + ".png"));

                clickNav(page, "Live meetings");
                page.waitFor("[...document.querySelectorAll('#live-meetings tr')].some(r => r.textContent.includes('Weekly sync')"
                        + " && r.textContent.includes('Bob Host'))", T);
                assertNavigationFits(page, size);
                page.screenshot(Browsers.artifacts().resolve("admin-meetings-" + size.label() + ".png"));

                clickNav(page, "Users");
                page.waitFor("!!document.querySelector('#users tr[data-email=\"bob@example.com\"]')", T);
                assertNavigationFits(page, size);
                page.screenshot(Browsers.artifacts().resolve("admin-users-" + size.label() + ".png"));
            }

            // End the meeting (asked to confirm first); Bob's socket is told and closed.
            page.setViewport(1280, 800, false);
            clickNav(page, "Live meetings");
            page.waitFor("!!document.querySelector('#live-meetings button[aria-label=\"End Weekly sync\"]')", T);
            page.evaluate("document.querySelector('#live-meetings button[aria-label=\"End Weekly sync\"]').click(), true");
            page.waitFor("document.querySelector('#live-status').textContent.includes('No meeting is live')", T);
            assertTrue(page.evaluate("window.zvcConfirms.some(m => m.includes('End') && m.includes('Weekly sync'))").asBoolean(),
                    "ending asked to confirm");
            bobSocket.next("meetingEnded");
            bobSocket.closed.get(30, TimeUnit.SECONDS);
            assertEquals(0, api.get("/api/v1/admin/meetings/live", admin).json().path("items").size());

            // Create a user, then disable them: they can no longer sign in.
            clickNav(page, "Users");
            page.waitFor("!!document.querySelector('#create-user')", T);
            page.evaluate("""
                    (() => {
                      const f = document.querySelector('#create-user');
                      f.querySelector('#new-user-displayName').value = 'Dave Doe';
                      f.querySelector('#new-user-email').value = 'dave@example.com';
                      f.querySelector('#new-user-password').value = 'dave password';
                      f.requestSubmit();
                      return true;
                    })()""");
            String dave = "#users tr[data-email=\"dave@example.com\"]";
            page.waitFor("document.querySelector('" + dave + " .state')?.textContent === 'Active'", T);
            assertEquals(200, api.post("/api/v1/auth/login", null, Map.of("email", "dave@example.com", "password", "dave password")).status());
            page.evaluate("[...document.querySelectorAll('" + dave + " button')].find(b => b.textContent === 'Disable').click(), true");
            page.waitFor("document.querySelector('" + dave + " .state')?.textContent === 'Disabled'", T);
            assertTrue(page.evaluate("window.zvcConfirms.some(m => m.includes('Disable dave@example.com'))").asBoolean(),
                    "disabling asked to confirm");
            page.screenshot(Browsers.artifacts().resolve("admin-users-disabled-1280x800.png"));
            int refused = api.post("/api/v1/auth/login", null, Map.of("email", "dave@example.com", "password", "dave password")).status();
            assertTrue(refused == 401 || refused == 403, "a disabled user cannot sign in: " + refused);

            // A non-admin: no Admin link, and /admin says it is for administrators.
            page.evaluate("localStorage.setItem('zvc.session', JSON.stringify(" + bobLogin.body() + ")), true");
            page.navigate(base + "/", T);
            page.waitFor("!!document.querySelector('#nav-recordings')", T);
            assertTrue(page.evaluate("!document.querySelector('#nav-admin')").asBoolean(), "no Admin link for a non-admin");
            page.navigate(base + "/admin", T);
            page.waitFor("document.querySelector('#admin-refused')?.textContent.includes('Administrators only')", T);
            assertTrue(page.evaluate("!document.querySelector('.admin-nav')").asBoolean());
            page.screenshot(Browsers.artifacts().resolve("admin-refused-1280x800.png"));
        }
    }

    private static void clickNav(CdpPage page, String label) {
        page.evaluate("[...document.querySelectorAll('.admin-nav a')].find(a => a.textContent === '" + label + "').click(), true");
    }

    /**
     * The navigation sits left of the page on a laptop and above it on a phone, and nothing is wider
     * than the screen (no sideways scrolling).
     */
    private static void assertNavigationFits(CdpPage page, Size size) {
        JsonNode r = page.evaluate("""
                (() => {
                  const n = document.querySelector('.admin-nav').getBoundingClientRect();
                  const c = document.querySelector('.admin-content').getBoundingClientRect();
                  return {navRight: n.right, navBottom: n.bottom, contentLeft: c.left, contentTop: c.top,
                          scrollWidth: document.documentElement.scrollWidth, width: window.innerWidth};
                })()""");
        if (size.phone()) {
            assertTrue(r.path("navBottom").asDouble() <= r.path("contentTop").asDouble(), "phone: navigation above the page " + r);
        } else {
            assertTrue(r.path("navRight").asDouble() <= r.path("contentLeft").asDouble(), "laptop: navigation left of the page " + r);
        }
        assertTrue(r.path("scrollWidth").asInt() <= r.path("width").asInt(), size.label() + ": wider than the screen " + r);
    }
}
