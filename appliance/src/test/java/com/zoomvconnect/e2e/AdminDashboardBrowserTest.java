package com.zoomvconnect.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.store.RecordingDao;
import com.zoomvconnect.store.RecordingRecord;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.BrowserTest;
import com.zoomvconnect.testing.SignalSocket;
import com.zoomvconnect.testing.TestAppliance;
import com.zoomvconnect.testing.browser.Axe;
import com.zoomvconnect.testing.browser.Browsers;
import com.zoomvconnect.testing.browser.CdpPage;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The admin dashboard in real Chromium, on a laptop (1280×800) and a phone (390×844): an admin sees
 * a live meeting with its participant and ends it, sees on the Cluster page that the appliance runs
 * alone (this node with that meeting), creates a user and disables them (who then cannot
 * sign in), each after confirming in the dialog; changes the registration policy; uploads a logo and
 * changes the primary colour (a fresh browser's sign-in page shows them); filters the audit log and
 * exports it as CSV; a non-admin sees no Admin link and only "Administrators only" at /admin.
 * axe-core finds no serious or critical violation on any dashboard page at either size.
 * Screenshots go to target/browser-artifacts/admin-*.png.
 */
class AdminDashboardBrowserTest implements BrowserTest {
    private static final Duration T = Duration.ofSeconds(30);

    private record Size(String label, int width, int height, boolean phone) {
    }

    private static final Size[] SIZES = {new Size("1280x800", 1280, 800, false), new Size("390x844", 390, 844, true)};

    /** Files the page offers for download (the CSV export), kept so the test can read them. */
    private static final String KEEP_DOWNLOADS = "window.zvcDownloads = []; const zvcUrl = URL.createObjectURL;"
            + " URL.createObjectURL = (b) => { window.zvcDownloads.push(b); return zvcUrl(b); };";
    /** A 1×1 PNG. */
    private static final String PNG_BASE64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

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
            // A finished recording of it, as the recorder leaves one (the files do not matter to this page).
            String recording = UUID.randomUUID().toString();
            Instant t = Instant.now();
            appliance.database().jdbi().useTransaction(h -> new RecordingDao().insert(h, new RecordingRecord(recording, meeting, "ready",
                    t.minusSeconds(300), t.minusSeconds(60), 240, 5L << 20, null, t.minusSeconds(300))));
            JsonNode grant = api.post("/api/v1/meetings/" + meeting + "/join", bob, Map.of()).json();
            SignalSocket bobSocket = SignalSocket.join(appliance.httpsPort(), grant.path("token").asText()); // closed by the end
            bobSocket.next("welcome");

            CdpPage page = browsers.open(base + "/");
            page.addScriptOnNewDocument(KEEP_DOWNLOADS);
            List<String> violations = new ArrayList<>();
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
                axe(page, "overview at " + size.label(), violations);

                clickNav(page, "Live meetings");
                page.waitFor("[...document.querySelectorAll('#live-meetings tr')].some(r => r.textContent.includes('Weekly sync')"
                        + " && r.textContent.includes('Bob Host'))", T);
                assertNavigationFits(page, size);
                page.screenshot(Browsers.artifacts().resolve("admin-meetings-" + size.label() + ".png"));
                axe(page, "live meetings at " + size.label(), violations);

                clickNav(page, "Cluster");
                page.waitFor("document.querySelector('#cluster-summary')?.dataset.clustered === 'false'"
                        + " && document.querySelector('#cluster-summary').textContent.includes('runs alone')"
                        + " && document.querySelectorAll('#cluster-nodes li.cluster-node').length === 1"
                        + " && document.querySelector('#cluster-nodes .cluster-meeting')?.textContent.includes('Weekly sync')"
                        + " && document.querySelector('#cluster-nodes .node-url dd').textContent === location.origin", T);
                assertNavigationFits(page, size);
                page.screenshot(Browsers.artifacts().resolve("admin-cluster-single-" + size.label() + ".png"));
                axe(page, "cluster (single site) at " + size.label(), violations);

                clickNav(page, "Meetings and recordings");
                page.waitFor("document.querySelector('#past-status')?.textContent === 'No ended meeting matches.'"
                        + " && document.querySelector('#recordings .size')?.textContent === '5.0 MiB'", T);
                assertNavigationFits(page, size);
                page.screenshot(Browsers.artifacts().resolve("admin-past-" + size.label() + ".png"));
                axe(page, "meetings and recordings at " + size.label(), violations);

                clickNav(page, "Users");
                page.waitFor("!!document.querySelector('#users tr[data-email=\"bob@example.com\"]')", T);
                assertNavigationFits(page, size);
                page.screenshot(Browsers.artifacts().resolve("admin-users-" + size.label() + ".png"));
                axe(page, "users at " + size.label(), violations);

                clickNav(page, "Settings");
                page.waitFor("!!document.querySelector('#sso-form') && !!document.querySelector('#recording-limits')"
                        + " && !!document.querySelector('#meeting-defaults-form') && !!document.querySelector('#tls-days-left')", T);
                assertNavigationFits(page, size);
                page.screenshot(Browsers.artifacts().resolve("admin-settings-" + size.label() + ".png"));
                axe(page, "settings at " + size.label(), violations);

                clickNav(page, "Branding");
                page.waitFor("document.querySelector('#contrast-check')?.textContent.includes(':1')", T);
                assertNavigationFits(page, size);
                page.screenshot(Browsers.artifacts().resolve("admin-branding-" + size.label() + ".png"));
                axe(page, "branding at " + size.label(), violations);

                clickNav(page, "Audit log");
                page.waitFor("!!document.querySelector('#audit-status')?.textContent", T);
                assertNavigationFits(page, size);
                page.screenshot(Browsers.artifacts().resolve("admin-audit-" + size.label() + ".png"));
                axe(page, "audit log at " + size.label(), violations);
            }

            assertTrue(violations.isEmpty(), "axe-core, serious or critical:\n" + String.join("\n", violations));

            // End the meeting (asked to confirm first); Bob's socket is told and closed.
            page.setViewport(1280, 800, false);
            clickNav(page, "Live meetings");
            page.waitFor("!!document.querySelector('#live-meetings button[aria-label=\"End Weekly sync\"]')", T);
            page.evaluate("document.querySelector('#live-meetings button[aria-label=\"End Weekly sync\"]').click(), true");
            confirmDialog(page, "End “Weekly sync” for everyone in it?");
            page.waitFor("document.querySelector('#live-status').textContent.includes('No meeting is live')", T);
            bobSocket.next("meetingEnded");
            bobSocket.closed.get(30, TimeUnit.SECONDS);
            assertEquals(0, api.get("/api/v1/admin/meetings/live", admin).json().path("items").size());

            // The ended meeting is found by its host, with Bob as its one attendee; its recording is deleted (after confirming).
            clickNav(page, "Meetings and recordings");
            page.waitFor("!!document.querySelector('#past-filters')", T);
            page.evaluate("(() => { document.querySelector('#past-host').value = 'bob@'; "
                    + "document.querySelector('#past-filters').requestSubmit(); return true; })()");
            page.waitFor("[...document.querySelectorAll('#past-meetings tr')].some(r => r.textContent.includes('Weekly sync')"
                    + " && r.querySelector('.attendance').textContent === '1')"
                    + " && !!document.querySelector('#storage-used')?.textContent", T); // measured on disk: this row has no files
            page.screenshot(Browsers.artifacts().resolve("admin-past-search-1280x800.png"));
            page.evaluate("document.querySelector('#recordings button.danger').click(), true");
            confirmDialog(page, "Delete the recording of Weekly sync");
            page.waitFor("document.querySelector('#recordings-status').textContent === 'No recordings.'", T);
            assertEquals(404, api.get("/api/v1/recordings/" + recording, admin).status());

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
            confirmDialog(page, "Disable dave@example.com?");
            page.waitFor("document.querySelector('" + dave + " .state')?.textContent === 'Disabled'", T);
            page.screenshot(Browsers.artifacts().resolve("admin-users-disabled-1280x800.png"));
            int refused = api.post("/api/v1/auth/login", null, Map.of("email", "dave@example.com", "password", "dave password")).status();
            assertTrue(refused == 401 || refused == 403, "a disabled user cannot sign in: " + refused);

            // Registration: open to anyone.
            clickNav(page, "Settings");
            page.waitFor("!!document.querySelector('#registration-form')", T);
            page.evaluate("""
                    (() => {
                      const p = document.querySelector('#registration-policy');
                      p.value = 'open';
                      p.dispatchEvent(new Event('change'));
                      document.querySelector('#registration-form').requestSubmit();
                      return true;
                    })()""");
            page.waitFor("document.querySelector('#registration-source').textContent.includes('Set here')", T);
            assertEquals("open", api.get("/api/v1/admin/settings", admin).json().path("registrationPolicy").asText());

            // Default meeting options: recording turned off for new meetings, and the retention shortened.
            page.evaluate("""
                    (() => {
                      document.querySelector('#default-recordingAllowed').checked = false;
                      document.querySelector('#default-muteOnEntry').checked = true;
                      document.querySelector('#meeting-defaults-form').requestSubmit();
                      document.querySelector('#recording-retention').value = '30';
                      document.querySelector('#recording-form').requestSubmit();
                      return true;
                    })()""");
            page.waitFor("document.querySelector('#recording-source').textContent.includes('Set here')", T);
            for (int i = 0; i < 100 && api.get("/api/v1/admin/meeting-defaults", admin).json().path("recordingAllowed").asBoolean(); i++) {
                Thread.sleep(200);
            }
            JsonNode defaults = api.get("/api/v1/admin/meeting-defaults", admin).json();
            assertFalse(defaults.path("recordingAllowed").asBoolean(), defaults.toString());
            assertTrue(defaults.path("muteOnEntry").asBoolean(), defaults.toString());
            assertEquals(30, api.get("/api/v1/admin/recording-limits", admin).json().path("retentionDays").asInt());
            // The certificate the page shows is the one this browser was served.
            long daysLeft = api.get("/api/v1/admin/tls", admin).json().path("daysLeft").asLong();
            assertEquals(String.valueOf(daysLeft), page.evaluate("document.querySelector('#tls-days-left').textContent").asText());
            page.evaluate("document.querySelector('#meeting-defaults-form').scrollIntoView() || true");
            page.screenshot(Browsers.artifacts().resolve("admin-settings-defaults-1280x800.png"));
            page.evaluate("document.querySelector('#tls-status').scrollIntoView() || true");
            page.screenshot(Browsers.artifacts().resolve("admin-settings-tls-1280x800.png"));
            api.patch("/api/v1/admin/meeting-defaults", admin, Map.of("recordingAllowed", true, "muteOnEntry", false));
            api.delete("/api/v1/admin/recording-limits", admin);

            // Branding: a logo and a primary colour too light for white text (warned), then a dark one, saved.
            clickNav(page, "Branding");
            page.waitFor("!!document.querySelector('#branding-form')", T);
            page.evaluate("""
                    (() => {
                      const set = (id, v) => { const i = document.querySelector(id); i.value = v; i.dispatchEvent(new Event('input')); };
                      set('#brand-name', 'Acme Meet');
                      set('#brand-message', 'Welcome to Acme.\\nSign in with your staff account.');
                      set('#brand-primary', '#ffd166');
                      const bytes = Uint8Array.from(atob('%s'), (c) => c.charCodeAt(0));
                      const files = new DataTransfer();
                      files.items.add(new File([bytes], 'acme.png', {type: 'image/png'}));
                      const logo = document.querySelector('#brand-logo');
                      logo.files = files.files;
                      logo.dispatchEvent(new Event('change'));
                      return true;
                    })()""".formatted(PNG_BASE64));
            page.waitFor("document.querySelector('#contrast-check').className === 'contrast-warn'"
                    + " && document.querySelector('#branding-preview img').src.startsWith('data:image/png')", T);
            assertTrue(page.evaluate("document.querySelector('#contrast-check').textContent.includes('below WCAG AA')").asBoolean());
            page.evaluate("(() => { const i = document.querySelector('#brand-primary'); i.value = '#0b6e4f';"
                    + " i.dispatchEvent(new Event('input')); return true; })()");
            page.waitFor("document.querySelector('#contrast-check').textContent.includes('meets WCAG AA')"
                    + " && getComputedStyle(document.querySelector('#branding-preview button.primary')).backgroundColor === 'rgb(11, 110, 79)'", T);
            page.screenshot(Browsers.artifacts().resolve("admin-branding-preview-1280x800.png"));
            page.evaluate("document.querySelector('#branding-form').requestSubmit(), true");
            page.waitFor("document.querySelector('.topbar .brand')?.textContent.includes('Acme Meet')", T);
            JsonNode branding = api.get("/api/v1/branding", null).json();
            assertEquals("#0b6e4f", branding.path("primaryColor").asText());
            assertTrue(branding.path("logo").asText().startsWith("data:image/png;base64,"), branding.toString());
            // A bad upload is refused in the page, before any request.
            page.evaluate("""
                    (() => {
                      const files = new DataTransfer();
                      files.items.add(new File(['hello'], 'notes.txt', {type: 'text/plain'}));
                      const logo = document.querySelector('#brand-logo');
                      logo.files = files.files;
                      logo.dispatchEvent(new Event('change'));
                      return true;
                    })()""");
            page.waitFor("document.querySelector('#branding-error').textContent.includes('PNG, JPEG or SVG')", T);

            // A fresh browser, signed out: the sign-in page carries the new name, logo and colour.
            CdpPage fresh = browsers.open(base + "/");
            fresh.setViewport(1280, 800, false);
            fresh.waitFor("document.querySelector('.brand')?.textContent.includes('Acme Meet')"
                    + " && !!document.querySelector('.brand img[src^=\"data:image/png\"]')"
                    + " && getComputedStyle(document.querySelector('button.primary')).backgroundColor === 'rgb(11, 110, 79)'", T);
            assertEquals("Acme Meet", fresh.evaluate("document.title").asText());
            fresh.waitFor("document.querySelector('#sign-in-message')?.textContent === 'Welcome to Acme.\\nSign in with your staff account.'", T);
            assertEquals("Welcome to Acme.\nSign in with your staff account.", branding.path("signInMessage").asText());
            Axe.assertNoSeriousViolations(fresh, "the branded sign-in page with its message");
            fresh.screenshot(Browsers.artifacts().resolve("admin-branded-sign-in-1280x800.png"));

            // Audit log: the meeting the administrator ended, found by title and action, and exported.
            clickNav(page, "Audit log");
            page.waitFor("!!document.querySelector('#audit-filters')", T);
            page.evaluate("""
                    (() => {
                      document.querySelector('#audit-meeting').value = 'weekly';
                      document.querySelector('#audit-action').value = 'end_meeting';
                      document.querySelector('#audit-filters').requestSubmit();
                      return true;
                    })()""");
            page.waitFor("document.querySelector('#audit-status').textContent.includes('of 1 entry')"
                    + " && document.querySelector('#audit tr .action')?.textContent === 'end_meeting'", T);
            page.screenshot(Browsers.artifacts().resolve("admin-audit-filtered-1280x800.png"));
            page.evaluate("document.querySelector('#audit-export').click(), true");
            page.waitFor("window.zvcDownloads.length === 1", T);
            String csv = page.evaluate("window.zvcDownloads[0].text()").asText();
            String[] lines = csv.split("\r\n");
            assertEquals(2, lines.length, csv);
            assertTrue(lines[0].startsWith("at,meetingId,meetingTitle") && lines[1].contains("Weekly sync")
                    && lines[1].contains("end_meeting"), csv);

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

    /** The confirmation dialog asks {@code question} (its message begins so); the test answers with its confirm button. */
    private static void confirmDialog(CdpPage page, String question) {
        page.waitFor("!!document.querySelector('dialog.confirm[open]')", T);
        String asked = page.evaluate("document.querySelector('#confirm-message').textContent").asText();
        assertTrue(asked.startsWith(question), "asked: " + asked);
        page.evaluate("document.querySelector('#confirm-ok').click(), true");
        page.waitFor("!document.querySelector('dialog.confirm')", T);
    }

    /** axe-core's serious and critical violations on the page as it is, noted with where it was. */
    private static void axe(CdpPage page, String where, List<String> violations) {
        Axe.seriousViolations(page).forEach(v -> violations.add(where + ": " + v));
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
                  return {navRight: n.right, navBottom: n.bottom, contentLeft: c.left, contentTop: c.top, contentRight: c.right,
                          scrollWidth: document.documentElement.scrollWidth, width: window.innerWidth};
                })()""");
        if (size.phone()) {
            assertTrue(r.path("navBottom").asDouble() <= r.path("contentTop").asDouble(), "phone: navigation above the page " + r);
        } else {
            assertTrue(r.path("navRight").asDouble() <= r.path("contentLeft").asDouble(), "laptop: navigation left of the page " + r);
        }
        assertTrue(r.path("scrollWidth").asInt() <= r.path("width").asInt(), size.label() + ": wider than the screen " + r);
        // A phone's layout viewport grows with content that does not fit, so also hold it to the screen's own width.
        assertTrue(r.path("width").asInt() <= size.width() && r.path("contentRight").asDouble() <= size.width(),
                size.label() + ": laid out wider than the screen " + r);
    }
}
