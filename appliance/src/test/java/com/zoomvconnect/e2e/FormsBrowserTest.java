package com.zoomvconnect.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.testing.ApiClient;
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
class FormsBrowserTest {
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

    @BeforeAll
    void start() {
        appliance = TestAppliance.startH2();
        base = "https://localhost:" + appliance.httpsPort();
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
}
