package com.zoomvconnect.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.BrowserTest;
import com.zoomvconnect.testing.TestAppliance;
import com.zoomvconnect.testing.browser.Axe;
import com.zoomvconnect.testing.browser.Browsers;
import com.zoomvconnect.testing.browser.CdpPage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The forms a new user meets first (sign in, register, schedule, the lobby) in one headless
 * Chromium: every field has a name a screen reader can say, a browser in UTC schedules in UTC,
 * and the host's own lobby does not ask for the meeting's passcode.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FormsBrowserTest implements BrowserTest {
    private static final Duration T = Duration.ofSeconds(30);
    /** Accessibility roles Chromium gives form fields (input, select, textarea; a date field's parts are spinbuttons). */
    private static final Set<String> FIELD_ROLES = Set.of("textbox", "searchbox", "combobox", "listbox", "checkbox", "radio",
            "spinbutton", "slider", "switch", "Date", "DateTime", "InputTime");
    /** Visible form fields no label, aria-label or aria-labelledby names, and ids used twice. */
    private static final String UNNAMED = """
            (() => {
              const out = [];
              const fields = [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
                .filter((e) => e.getClientRects().length > 0);
              for (const e of fields) {
                const byIds = (e.getAttribute('aria-labelledby') ?? '').split(/\\s+/).map((id) => document.getElementById(id)?.textContent ?? '');
                const name = [e.getAttribute('aria-label') ?? '', ...byIds, ...[...(e.labels ?? [])].map((l) => l.textContent)].join('').trim();
                if (!name) out.push(`${e.tagName.toLowerCase()} ${e.id ? '#' + e.id : e.name} in ${e.form?.getAttribute('aria-label') ?? 'the page'} has no name`);
              }
              const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
              for (const id of new Set(ids.filter((id, i) => ids.indexOf(id) !== i))) out.push(`id ${id} is used twice`);
              return { fields: fields.length, problems: out };
            })()""";

    private Appliance appliance;
    private Browsers browsers;
    private CdpPage page;
    private String base;
    /** The administrator's login response (the first account registered is the administrator). */
    private String adminSession;

    @BeforeAll
    void start() {
        appliance = TestAppliance.startH2();
        base = "https://localhost:" + appliance.httpsPort();
        ApiClient api = new ApiClient(appliance.httpsPort());
        assertEquals(201, api.post("/api/v1/auth/register", null,
                Map.of("email", "root@example.com", "password", "root password", "displayName", "Root")).status());
        adminSession = api.post("/api/v1/auth/login", null, Map.of("email", "root@example.com", "password", "root password")).body();
        browsers = new Browsers("forms");
        page = browsers.open(base + "/");
    }

    @AfterAll
    void stop() throws Exception {
        browsers.close();
        appliance.close();
    }

    /** Opens {@code path} signed out, or signed in with {@code session} (the login response, as the sign-in page stores it). */
    private void open(String path, String session) {
        page.navigate(base + "/", T);
        page.evaluate(session == null ? "localStorage.clear(), true" : "localStorage.setItem('zvc.session', JSON.stringify(" + session + ")), true");
        page.navigate(base + path, T);
    }

    /** Every visible form field has an accessible name, checked in the DOM and in Chromium's accessibility tree. */
    private void assertEveryFieldIsNamed(String where) {
        JsonNode dom = page.evaluate(UNNAMED);
        List<String> problems = new ArrayList<>();
        dom.path("problems").forEach(p -> problems.add(p.asText()));
        int named = 0;
        Set<String> roles = new java.util.TreeSet<>();
        for (JsonNode n : page.accessibilityTree()) {
            roles.add(n.path("role").path("value").asText());
            if (n.path("ignored").asBoolean() || !FIELD_ROLES.contains(n.path("role").path("value").asText())) {
                continue;
            }
            if (n.path("name").path("value").asText().isBlank()) {
                problems.add("a " + n.path("role").path("value").asText() + " without a name in the accessibility tree");
            } else {
                named++;
            }
        }
        assertTrue(problems.isEmpty(), where + ": " + String.join("; ", problems));
        assertTrue(dom.path("fields").asInt() >= 2 && named >= dom.path("fields").asInt(), where + ": " + named
                + " named fields in the accessibility tree for " + dom.path("fields").asInt() + " in the page; roles: " + roles);
        Axe.assertNoSeriousViolations(page, where);
    }

    private static String js(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private void type(String selector, String value) {
        page.evaluate("(() => { const i = document.querySelector(" + js(selector) + "); i.value = " + js(value)
                + "; i.dispatchEvent(new Event('input', {bubbles: true})); return true; })()");
    }

    @Test
    void everyFieldOfSignInRegisterHomeAndScheduleHasAnAccessibleName() {
        open("/", null);
        page.waitFor("!!document.querySelector('form[aria-label=\"Create an account\"]')", T);
        assertEveryFieldIsNamed("sign in and register");
        type("#register-displayName", "Nina");
        type("#register-email", "nina@example.com");
        type("#register-password", "nina's password");
        page.evaluate("document.querySelector('form[aria-label=\"Create an account\"] button[type=submit]').click(), true");
        page.waitFor("!!document.querySelector('#schedule')", T);
        assertEveryFieldIsNamed("home and schedule");
    }

    @Test
    void aBrowserInUtcSchedulesInUtc() {
        ApiClient api = new ApiClient(appliance.httpsPort());
        api.post("/api/v1/auth/register", null, Map.of("email", "utc@example.com", "password", "utc password", "displayName", "Uma"));
        String session = api.post("/api/v1/auth/login", null, Map.of("email", "utc@example.com", "password", "utc password")).body();
        page.setTimeZone("UTC");
        open("/", session);
        page.waitFor("!!document.querySelector('#f-tz option')", T);
        assertEquals("UTC", page.evaluate("document.querySelector('#f-tz').value").asText(), "preselected");
        assertEquals("UTC", page.evaluate("document.querySelector('#f-tz option').value").asText(), "listed first");
        type("#schedule #f-title", "Standup in UTC");
        page.evaluate("document.querySelector('#schedule button[type=submit]').click(), true");
        page.waitFor("[...document.querySelectorAll('#upcoming .meeting')].some(m => m.textContent.includes('Standup in UTC')"
                + " && m.textContent.includes('(UTC)'))", T);
    }

    @Test
    void theHostsOwnLobbyDoesNotAskForThePasscodeAndGuestsAreAsked() {
        ApiClient api = new ApiClient(appliance.httpsPort());
        api.post("/api/v1/auth/register", null, Map.of("email", "owner@example.com", "password", "owner password", "displayName", "Olga"));
        var login = api.post("/api/v1/auth/login", null, Map.of("email", "owner@example.com", "password", "owner password"));
        String code = api.post("/api/v1/meetings", login.json().path("accessToken").asText(),
                Map.of("title", "Locked", "passcode", "open sesame", "allowGuests", true)).json().path("code").asText();

        open("/j/" + code, null);
        page.waitFor("!!document.querySelector('#join')", T);
        assertTrue(page.evaluate("!!document.querySelector('#f-passcode')").asBoolean(), "a guest is asked for the passcode");
        page.evaluate("document.querySelector('#device-toggle').click(), true"); // the camera, microphone and speaker pickers too
        assertEveryFieldIsNamed("a guest's lobby");

        open("/j/" + code, login.body());
        page.waitFor("!!document.querySelector('#join')", T);
        assertFalse(page.evaluate("!!document.querySelector('#f-passcode')").asBoolean(), "the host is not asked");
        page.evaluate("document.querySelector('#device-toggle').click(), true");
        assertEveryFieldIsNamed("the host's lobby");
        page.evaluate("document.querySelector('#join').click(), true");
        page.waitFor("window.zvc?.room?.state === 'joined'", T);
        page.evaluate("document.querySelector('#leave').click(), true");
    }

    /**
     * A browser set to German (--lang=de) in the system's light theme sees sign-in, home, the edit
     * form of a scheduled meeting, the lobby, the meeting, a guest's waiting screen, the recordings page, the admin dashboard and the connection
     * test in German, axe-clean, and the server's refusals (a wrong password over REST, a signaling
     * error in the meeting) by their codes in German; the top bar's pickers switch to English and
     * to the dark theme. Screenshots: forms-de-*.png.
     */
    @Test
    void aGermanBrowserSeesTheClientInGermanAndMayChooseEnglishOrDark() throws Exception {
        CdpPage de = browsers.open(base + "/", "--lang=de", "--accept-lang=de");
        de.setColorScheme("light");
        de.evaluate("localStorage.clear(), true");
        de.navigate(base + "/", T);
        de.waitFor("document.documentElement.lang === 'de' && !!document.querySelector('form[aria-label=\"Konto anlegen\"]')", T);
        assertEquals("Anmelden", de.evaluate("document.querySelector('#signin-email').form.querySelector('h1').textContent").asText());
        assertEquals("rgb(255, 255, 255)", de.evaluate("getComputedStyle(document.querySelector('.card')).backgroundColor").asText(),
                "the light theme follows the system");
        Axe.assertNoSeriousViolations(de, "the German sign-in page, light");
        de.screenshot(Browsers.artifacts().resolve("forms-de-sign-in.png"));

        String fill = "(() => { const f = (s, v) => { const i = document.querySelector(s); i.value = v; }; %s; return true; })()";
        // The server's refusal (invalid_credentials, in English on the wire) shown by its code, in German.
        de.evaluate(fill.formatted("f('#signin-email', 'dora@example.com'); f('#signin-password', 'not the password')"));
        de.evaluate("document.querySelector('#signin-email').form.querySelector('button[type=submit]').click(), true");
        de.waitFor("document.querySelector('#signin-email').form.querySelector('.error')?.textContent === 'E-Mail-Adresse oder Passwort ist falsch.'", T);
        de.evaluate(fill.formatted("f('#register-displayName', 'Dora'); f('#register-email', 'dora@example.com'); f('#register-password', 'doras password')"));
        de.evaluate("document.querySelector('form[aria-label=\"Konto anlegen\"] button[type=submit]').click(), true");
        de.waitFor("document.querySelector('#schedule h1')?.textContent === 'Meeting planen'", T);
        assertEquals("Neues Meeting", de.evaluate("document.querySelector('#new-meeting').textContent").asText());
        de.evaluate(fill.formatted("f('#f-title', 'Planung')"));
        de.evaluate("document.querySelector('#schedule button[type=submit]').click(), true");
        de.waitFor("[...document.querySelectorAll('#upcoming .meeting h3')].some(h => h.textContent === 'Planung')", T);

        // Editing the scheduled meeting: its values in the form, saved with PATCH.
        de.evaluate("document.querySelector('#upcoming .meeting button.edit-meeting').click(), true");
        de.waitFor("document.querySelector('#schedule')?.getAttribute('aria-label') === 'Meeting bearbeiten'"
                + " && document.querySelector('#f-title').value === 'Planung'", T);
        Axe.assertNoSeriousViolations(de, "the German edit form, light");
        de.screenshot(Browsers.artifacts().resolve("forms-de-edit.png"));
        de.emulatePhone(390, 844);
        de.evaluate("document.querySelector('#f-coHosts').scrollIntoView({ block: 'center' }), true");
        de.screenshot(Browsers.artifacts().resolve("forms-de-edit-invitees-phone.png"));
        de.setViewport(1280, 800, false);
        de.evaluate(fill.formatted("f('#f-title', 'Planung (verschoben)'); f('#f-duration', '30'); document.querySelector('#schedule [name=waitingRoom]').checked = true;"
                + " f('#f-coHosts', 'root@example.com'); f('#f-invitees', 'niemand@example.com')"));
        de.evaluate("document.querySelector('#schedule button[type=submit]').click(), true");
        de.waitFor("document.querySelector('#schedule .error')?.textContent.startsWith('Kein Konto hat die Adresse niemand@example.com.')", T);
        de.evaluate(fill.formatted("f('#f-invitees', '')"));
        de.evaluate("document.querySelector('#schedule button[type=submit]').click(), true");
        de.waitFor("document.querySelector('#schedule')?.getAttribute('aria-label') === 'Meeting planen'"
                + " && [...document.querySelectorAll('#upcoming .meeting h3')].some(h => h.textContent === 'Planung (verschoben)')", T);
        de.evaluate("document.querySelector('#upcoming .meeting button.edit-meeting').click(), true");
        de.waitFor("document.querySelector('#f-coHosts')?.value === 'root@example.com' && document.querySelector('#f-invitees').value === ''", T);
        de.evaluate("document.querySelector('#edit-cancel').click(), true");
        JsonNode edited = de.evaluate("""
                (async () => { const s = JSON.parse(localStorage.getItem('zvc.session'));
                  const r = await fetch('/api/v1/meetings?limit=5', { headers: { authorization: 'Bearer ' + s.accessToken } });
                  return (await r.json()).items[0]; })()""");
        assertEquals("Planung (verschoben)", edited.path("title").asText());
        assertEquals(30, edited.path("durationMinutes").asInt());
        assertTrue(edited.path("waitingRoom").asBoolean(), "the option changed too");
        JsonNode invited = edited.path("invitees");
        assertTrue(invited.size() == 1 && invited.path(0).path("email").asText().equals("root@example.com")
                && invited.path(0).path("role").asText().equals("cohost") && !invited.path(0).path("userId").asText().isBlank(),
                "the co-host invited by address, bound to the account: " + invited);

        // The lobby and the meeting (the host skips the waiting room).
        de.evaluate("document.querySelector('#upcoming .meeting button.primary').click(), true");
        de.waitFor("document.querySelector('#join')?.textContent === 'Meeting beitreten'", T);
        de.evaluate("document.querySelector('#device-toggle').click(), true"); // the background effects too
        assertEquals("Hintergrund|Leicht unscharf|Hintergrundgeräusche unterdrücken", de.evaluate("""
                [document.querySelector('label[for=lobby-background]').textContent,
                 document.querySelector('#lobby-background option[value=blur-light]').textContent,
                 document.querySelector('label[for=lobby-noise]').textContent.trim()].join('|')""").asText());
        Axe.assertNoSeriousViolations(de, "the German lobby, light");
        de.evaluate("document.querySelector('#join').click(), true");
        de.waitFor("window.zvc?.room?.state === 'joined'", Duration.ofSeconds(90));
        assertEquals("Stumm|Video aus|Teilnehmende|Verlassen|Warteraum|1 Teilnehmer", de.evaluate("""
                [document.querySelector('#mic .label').textContent, document.querySelector('#cam .label').textContent,
                 document.querySelector('#people .label').textContent, document.querySelector('#leave .label').textContent,
                 document.querySelector('#security').textContent,
                 document.querySelector('#participant-count').getAttribute('aria-label')].join('|')""").asText());
        Axe.assertNoSeriousViolations(de, "the German meeting, light");
        de.evaluate("document.querySelector('#settings-toggle').click(), true");
        de.waitFor("!document.querySelector('#settings-panel').hidden && [...document.querySelectorAll('#settings-panel h3')].some(h => h.textContent === 'Effekte')"
                + " && !document.querySelector('#set-background').disabled", T);
        Axe.assertNoSeriousViolations(de, "the German device settings with the effects, light");
        de.evaluate("document.querySelector('#settings-close').click(), true");
        // A signaling refusal (breakouts_closed: closing rooms that are not open) as a German toast.
        de.evaluate("window.zvc.room.signal.send({ type: 'breakoutsClose' }), true");
        de.waitFor("document.querySelector('#toast')?.textContent.includes('Die Gruppenräume sind nicht geöffnet.')", T);
        de.evaluate("(() => { const t = document.querySelector('#toast'); t.style.transition = 'none'; t.classList.remove('show'); return true; })()"); // "Saved" from the home page, not part of the picture
        de.screenshot(Browsers.artifacts().resolve("forms-de-meeting.png"));
        // A guest's waiting screen (the meeting has a waiting room), in German, and its Leave.
        String code = de.evaluate("location.pathname.split('/').pop()").asText();
        CdpPage guest = browsers.open(base + "/j/" + code + "?name=Gast&autojoin=1&res=360", "--lang=de", "--accept-lang=de");
        guest.waitFor("window.zvc?.room?.state === 'waiting' && document.querySelector('#waiting-card h1')?.textContent === 'Warten auf den Gastgeber'"
                + " && document.querySelector('#waiting-title')?.textContent === 'Planung (verschoben)'"
                + " && document.querySelector('#waiting-leave').textContent === 'Verlassen'", Duration.ofSeconds(90));
        Axe.assertNoSeriousViolations(guest, "the German waiting screen, light");
        guest.evaluate("document.querySelector('#waiting-leave').click(), true");
        guest.waitFor("document.body.textContent.includes('Sie haben das Meeting verlassen.')", T);
        guest.navigate("about:blank", T);
        de.evaluate("document.querySelector('#leave').click(), true");
        de.waitFor("document.body.textContent.includes('Sie haben das Meeting verlassen.')", T);
        de.navigate(base + "/recordings", T);
        de.waitFor("document.querySelector('#rec-title')?.textContent === 'Aufzeichnungen'"
                + " && document.querySelector('#rec-title ~ p')?.textContent.startsWith('Noch keine Aufzeichnungen.')", T);
        Axe.assertNoSeriousViolations(de, "the German recordings page, light");

        // The admin dashboard (an administrator signed in, in the same browser) and the connection test.
        de.evaluate("localStorage.setItem('zvc.session', JSON.stringify(" + adminSession + ")), true");
        de.navigate(base + "/admin", T);
        de.waitFor("document.querySelector('#admin-title')?.textContent === 'Übersicht'"
                + " && document.querySelector('.admin-nav [aria-current=page]')?.textContent === 'Übersicht'"
                + " && document.querySelector('#overview-status')?.textContent.startsWith('Aktualisiert')", T);
        Axe.assertNoSeriousViolations(de, "the German admin overview, light");
        de.screenshot(Browsers.artifacts().resolve("forms-de-admin.png"));
        de.navigate(base + "/admin/settings", T);
        de.waitFor("document.querySelector('#registration-title')?.textContent === 'Wer sich registrieren darf'"
                + " && document.querySelector('#sso-test').textContent === 'Verbindung testen'", T);
        Axe.assertNoSeriousViolations(de, "the German admin settings, light");
        de.navigate(base + "/admin/users", T);
        de.waitFor("document.querySelector('#users [data-email=\"root@example.com\"] .state')?.textContent === 'Aktiv'"
                + " && / Konten$/.test(document.querySelector('#admin-title + input + p').textContent)", T);
        de.emulatePhone(390, 844);
        de.screenshot(Browsers.artifacts().resolve("forms-de-admin-users-phone.png"));
        de.navigate(base + "/selftest", T); // not waiting for its verdict: the UDP check alone may take 8 s here
        de.waitFor("document.querySelector('h1')?.textContent === 'Verbindungstest'"
                + " && document.querySelector('#selftest-https strong')?.textContent === 'Sichere Verbindung zum Server'"
                + " && document.querySelector('#selftest-https .muted')?.textContent.startsWith('HTTPS zu ')", T);
        Axe.assertNoSeriousViolations(de, "the German connection test, light");
        de.screenshot(Browsers.artifacts().resolve("forms-de-selftest-phone.png"));
        de.setViewport(1280, 800, false);

        // The user's own choices win over the browser's language and the system's theme.
        de.navigate(base + "/", T);
        de.waitFor("!!document.querySelector('#pick-theme')", T);
        de.evaluate("(() => { const s = document.querySelector('#pick-theme'); s.value = 'dark'; s.dispatchEvent(new Event('change')); return true; })()");
        assertEquals("rgb(26, 29, 36)", de.evaluate("getComputedStyle(document.querySelector('.card')).backgroundColor").asText());
        Axe.assertNoSeriousViolations(de, "the German home page, dark by choice");
        de.evaluate("(() => { const s = document.querySelector('#pick-language'); s.value = 'en'; s.dispatchEvent(new Event('change')); return true; })()");
        de.waitFor("document.documentElement.lang === 'en' && document.querySelector('#new-meeting')?.textContent === 'New meeting'"
                + " && document.documentElement.dataset.theme === 'dark'", T);
        de.evaluate("localStorage.clear(), true");
    }
}
