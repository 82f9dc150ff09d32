package com.zoomvconnect.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.loadgen.SyntheticPublisher;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The meeting client walked at four screen sizes (the room also on a phone held sideways), in the
 * dark theme: lobby → alone → three people → speaker view →
 * screen share → chat → a participant's "…" menu. In every state and size every toolbar control
 * is on screen and nothing covers it (elementFromPoint at its centre is the control or inside
 * it), each remote tile takes at least a stated share of the stage, and axe-core finds no serious
 * or critical WCAG violation. Screenshots: target/browser-artifacts/client-&lt;state&gt;-&lt;size&gt;.png.
 * Also: the meeting joined and left with the keyboard alone, and the phone's controls hiding and
 * coming back on a tap; the lobby's devices disclosure and the in-call device settings, both with
 * the background effects, axe-clean at a desk and on a phone. One appliance, two Chromium
 * browsers and a synthetic participant.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MeetingClientBrowserTest implements BrowserTest {
    private static final Duration T = Duration.ofSeconds(30);
    /** Joining and the first frames: generous, the machine may be busy with other browsers. */
    private static final Duration JOIN = Duration.ofSeconds(90);

    record Size(int width, int height, boolean phone) {
        String label() {
            return width + "x" + height;
        }
    }

    private static final List<Size> SIZES = List.of(new Size(1280, 800, false), new Size(1366, 768, false),
            new Size(1920, 1080, false), new Size(390, 844, true));
    /** The room also on a phone held sideways (the lobby scrolls there, as a form may). */
    private static final List<Size> ROOM_SIZES = List.of(new Size(1280, 800, false), new Size(1366, 768, false),
            new Size(1920, 1080, false), new Size(390, 844, true), new Size(844, 390, true));

    /**
     * The least share of the stage's area a remote tile gets: {@code every} for each remote tile,
     * {@code main} for the largest (the speaker or the screen).
     */
    record Share(double every, double main) {
    }

    /** Problems with the controls: {@code selector}'s visible elements off screen or covered. */
    private static final String CONTROLS = """
            ((selector) => {
              const problems = [];
              const describe = (e) => e ? e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className?.baseVal === undefined && e.className ? '.' + String(e.className).split(' ').join('.') : '') : 'nothing';
              const shown = [...document.querySelectorAll(selector)].filter((b) => b.getClientRects().length > 0);
              if (!shown.length) problems.push(`no ${selector} is shown`);
              for (const b of shown) {
                const r = b.getBoundingClientRect();
                const name = b.id || b.getAttribute('aria-label') || b.textContent;
                if (r.left < 0 || r.top < 0 || r.right > innerWidth || r.bottom > innerHeight) {
                  problems.push(`${name} is outside the viewport`);
                  continue;
                }
                const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
                if (!b.contains(hit)) problems.push(`${name} is covered by ${describe(hit)}`);
              }
              const de = document.documentElement;
              if (de.scrollHeight > innerHeight || de.scrollWidth > innerWidth) problems.push('the page scrolls');
              return problems;
            })(%s)""";

    /** Each shown remote tile's share of the stage's area (screens included), smallest first, and the largest. */
    private static final String SHARES = """
            (() => {
              const stage = document.querySelector('#grid').getBoundingClientRect();
              const area = stage.width * stage.height;
              const shares = [...document.querySelectorAll('#grid .tile:not(.self)')].filter((t) => t.getClientRects().length > 0)
                .map((t) => { const r = t.getBoundingClientRect(); return (r.width * r.height) / area; }).sort((a, b) => a - b);
              return { every: shares[0] ?? 0, main: shares.at(-1) ?? 0, count: shares.length };
            })()""";

    private Appliance appliance;
    private Browsers browsers;
    private String base;
    private ApiClient api;
    private String hostSession;
    private String hostToken;

    @BeforeAll
    void start() {
        appliance = TestAppliance.startH2();
        browsers = new Browsers("client");
        base = "https://localhost:" + appliance.httpsPort();
        api = new ApiClient(appliance.httpsPort());
        api.post("/api/v1/auth/register", null, Map.of("email", "host@example.com", "password", "host password", "displayName", "Hana Host"));
        var login = api.post("/api/v1/auth/login", null, Map.of("email", "host@example.com", "password", "host password"));
        hostSession = login.body();
        hostToken = login.json().path("accessToken").asText();
    }

    @AfterAll
    void stop() throws Exception {
        browsers.close();
        appliance.close();
    }

    private String newMeeting(String title, Map<String, Object> extra) {
        var body = new java.util.HashMap<String, Object>(Map.of("title", title, "allowGuests", true));
        body.putAll(extra);
        return api.post("/api/v1/meetings", hostToken, body).json().path("code").asText();
    }

    @Test
    void everyStateOfAMeetingKeepsItsControlsReachableItsTilesLargeAndPassesAxe() throws Exception {
        String code = newMeeting("Weekly team sync", Map.of());
        List<String> failures = new ArrayList<>();
        List<String> measured = new ArrayList<>();

        CdpPage host = browsers.open(base + "/");
        host.setColorScheme("dark"); // the dark theme here; FormsBrowserTest walks the light one
        host.evaluate("localStorage.setItem('zvc.session', JSON.stringify(" + hostSession + ")), true");
        host.navigate(base + "/j/" + code + "?res=360", T);
        host.waitFor("!!document.querySelector('#join') && document.querySelector('.preview-box video')?.readyState >= 2", JOIN);
        for (Size s : SIZES) {
            host.setViewport(s.width(), s.height(), s.phone());
            settle(host);
            host.evaluate(CONTROLS.formatted("'#join-muted, #camera-off, #lobby-mic-menu, #lobby-cam-menu, #join'"))
                    .forEach(p -> failures.add("lobby at " + s.label() + ": " + p.asText()));
            // A phone's layout viewport grows with content wider than the screen: hold it to the screen.
            if (host.evaluate("innerWidth").asInt() > s.width()) {
                failures.add("lobby at " + s.label() + ": laid out " + host.evaluate("innerWidth").asInt() + " px wide");
            }
            Axe.assertNoSeriousViolations(host, "the lobby at " + s.label());
            host.screenshot(Browsers.artifacts().resolve("client-lobby-" + s.label() + ".png"));
        }
        // The devices disclosure with the background effects and noise suppression (issue 23), dark theme.
        host.evaluate("document.querySelector('#device-toggle').click(), true");
        host.waitFor("!document.querySelector('#device-pickers').hidden && !document.querySelector('#lobby-background').disabled", JOIN);
        for (Size s : List.of(SIZES.get(0), SIZES.get(3))) {
            host.setViewport(s.width(), s.height(), s.phone());
            host.evaluate("document.querySelector('#lobby-background').scrollIntoView({ block: 'center' }), true");
            settle(host);
            Axe.assertNoSeriousViolations(host, "the lobby's devices and effects at " + s.label());
            host.screenshot(Browsers.artifacts().resolve("client-lobby-effects-" + s.label() + ".png"));
        }
        host.setViewport(1280, 800, false);
        host.evaluate("document.querySelector('#device-toggle').click(), true");
        host.evaluate("document.querySelector('#join').click(), true");
        host.waitFor("window.zvc?.room?.state === 'joined'", JOIN);
        assertEquals("Weekly team sync", host.evaluate("document.querySelector('#meeting-title').textContent").asText());
        assertEquals("Open", host.evaluate("document.querySelector('#security').textContent").asText(), "no lock, passcode or waiting room");
        checkEverySize(host, "alone", null, failures, measured);
        // The in-call device settings with the background effects, dark theme.
        host.evaluate("document.querySelector('#settings-toggle').click(), true");
        host.waitFor("!document.querySelector('#settings-panel').hidden && !document.querySelector('#set-background').disabled", T);
        for (Size s : List.of(SIZES.get(0), SIZES.get(3))) {
            host.setViewport(s.width(), s.height(), s.phone());
            settle(host);
            Axe.assertNoSeriousViolations(host, "the device settings and effects at " + s.label());
            host.screenshot(Browsers.artifacts().resolve("client-settings-effects-" + s.label() + ".png"));
        }
        host.setViewport(1280, 800, false);
        host.evaluate("document.querySelector('#settings-close').click(), true");
        host.evaluate("document.querySelector('#shortcuts').click(), true");
        host.waitFor("!!document.querySelector('dialog.shortcuts[open]')", T);
        Axe.assertNoSeriousViolations(host, "the shortcuts dialog");
        host.screenshot(Browsers.artifacts().resolve("client-shortcuts-1280x800.png"));
        host.evaluate("document.querySelector('#shortcuts-close').click(), true");

        CdpPage sam = browsers.open(base + "/j/" + code + "?name=Sam&autojoin=1&res=360");
        sam.waitFor("window.zvc?.room?.state === 'joined'", JOIN);
        // The header counts from the meeting's start (the server's), not from one's own join: Sam, who came
        // a good while after the host, sees about the host's time.
        String seconds = "document.querySelector('#elapsed').textContent.split(':').reduce((a, b) => a * 60 + Number(b), 0)";
        long hostElapsed = host.evaluate(seconds).asLong();
        long samElapsed = sam.evaluate(seconds).asLong();
        assertTrue(hostElapsed >= 5 && Math.abs(hostElapsed - samElapsed) <= 3, "host " + hostElapsed + " s, Sam " + samElapsed + " s");
        try (SyntheticPublisher pia = SyntheticPublisher.start(base, code, "Pia", 150_000, 15)) {
            host.waitFor("""
                    (async () => (await window.zvc.room.snapshot()).remote
                      .some(r => r.kind === 'video' && r.source === 'camera' && r.framesDecoded > 5))()""", JOIN);
            host.waitFor("document.querySelector('#participant-count').getAttribute('aria-label') === '3 participants'", T);
            // Three alike at a desk: each a fifth of the stage (about a quarter measured); a phone shows one large.
            checkEverySize(host, "three", new Share[] {new Share(0.15, 0.15), new Share(0.02, 0.2)}, failures, measured);

            host.evaluate("document.querySelector('#layout').click(), true");
            host.waitFor("document.querySelector('#layout').getAttribute('aria-pressed') === 'true'", T);
            checkEverySize(host, "speaker", new Share[] {new Share(0.02, 0.45), new Share(0.02, 0.2)}, failures, measured);
            host.evaluate("document.querySelector('#layout').click(), true");

            sam.evaluate("document.querySelector('#share').click(), true");
            host.waitFor("""
                    (async () => (await window.zvc.room.snapshot()).remote
                      .some(r => r.source === 'screen' && r.framesDecoded > 5))()""", JOIN);
            checkEverySize(host, "share", new Share[] {new Share(0.02, 0.45), new Share(0.02, 0.2)}, failures, measured);

            host.evaluate("document.querySelector('#chat-toggle').click(), true");
            sam.evaluate("""
                    (() => { const i = document.querySelector('.chat-form input'); i.value = 'hello from Sam';
                             document.querySelector('.chat-form').requestSubmit(); return true; })()""");
            host.waitFor("document.querySelector('.chat-list').textContent.includes('hello from Sam')", T);
            checkEverySize(host, "chat", new Share[] {new Share(0.02, 0.3), null}, failures, measured);
            host.evaluate("document.querySelector('#chat-close').click(), true");

            host.evaluate("document.querySelector('#people').click(), true");
            String samRow = "li[data-participant-id] button.row-menu[aria-label=\"Actions for Sam\"]";
            host.waitFor("!!document.querySelector('" + samRow + "')", T);
            host.evaluate("[...document.querySelectorAll('.host-controls label')].find(l => l.textContent.includes('Lock meeting')).querySelector('input').click(), true");
            host.waitFor("document.querySelector('#security').textContent === 'Locked'", T);
            // Held sideways too: the menu slides up over its button rather than cover the toolbar.
            for (Size s : ROOM_SIZES) {
                host.setViewport(s.width(), s.height(), s.phone());
                settle(host);
                host.evaluate("document.querySelector('" + samRow + "').click(), true");
                host.waitFor("document.querySelector('" + samRow + "').getAttribute('aria-expanded') === 'true'", T);
                host.evaluate(CONTROLS.formatted("'[role=toolbar] button'"))
                        .forEach(p -> failures.add("participant menu at " + s.label() + ": " + p.asText()));
                host.evaluate(CONTROLS.formatted("'[role=menu]:not([hidden]) [role=menuitem]'"))
                        .forEach(p -> failures.add("participant menu items at " + s.label() + ": " + p.asText()));
                // Beside the panel at a desk the shared screen stays large (as beside the chat); on a phone the
                // participants sheet covers the stage, as a full-screen sheet does.
                if (!s.phone()) {
                    JsonNode got = host.evaluate(SHARES);
                    measured.add("people %s %.3f/%.3f".formatted(s.label(), got.path("every").asDouble(), got.path("main").asDouble()));
                    if (got.path("every").asDouble() < 0.02 || got.path("main").asDouble() < 0.3) {
                        failures.add("participant menu at %s: remote tiles take %.3f (smallest) and %.3f (largest) of the stage, under 0.02 and 0.30"
                                .formatted(s.label(), got.path("every").asDouble(), got.path("main").asDouble()));
                    }
                }
                Axe.assertNoSeriousViolations(host, "the participant menu at " + s.label());
                host.screenshot(Browsers.artifacts().resolve("client-participant-menu-" + s.label() + ".png"));
                host.evaluate("document.querySelector('" + samRow + "').click(), true");
            }
            host.evaluate("document.querySelector('#people-close').click(), true");

            // On a phone the header and controls fold away untouched and come back on a tap (which pins nothing).
            host.setViewport(390, 844, true);
            host.evaluate("document.activeElement?.blur(), true");
            host.waitFor("document.querySelector('.room').classList.contains('controls-hidden')", T);
            assertFalse(host.evaluate("!!document.querySelector('#mic').getClientRects().length").asBoolean());
            host.tap(195, 300);
            // (Checked at once: on a busy machine the next look may come after they folded away again.)
            host.waitFor("!document.querySelector('.room').classList.contains('controls-hidden')"
                    + " && document.querySelector('#mic').getClientRects().length > 0", T);
            assertEquals("null", host.evaluate("String(window.zvc.room.tiles.pinned)").asText(), "the tap only showed the controls");
        }
        // Both leave, so the browsers idle for the next test.
        host.navigate("about:blank", T);
        sam.navigate("about:blank", T);
        System.out.println("Remote tiles' share of the stage (smallest, largest): " + String.join("; ", measured));
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    /** The room at every size: controls reachable, tiles' shares (desk, phone) as stated, axe clean, a screenshot. */
    private void checkEverySize(CdpPage page, String state, Share[] shares, List<String> failures, List<String> measured) throws Exception {
        for (Size s : ROOM_SIZES) {
            page.setViewport(s.width(), s.height(), s.phone());
            Share want = shares == null ? null : shares[s.phone() ? 1 : 0];
            JsonNode problems;
            JsonNode got;
            long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
            do {
                settle(page);
                problems = page.evaluate(CONTROLS.formatted("'[role=toolbar] button'"));
                got = page.evaluate(SHARES);
            } while ((!problems.isEmpty() || (want != null && (got.path("every").asDouble() < want.every() || got.path("main").asDouble() < want.main())))
                    && System.nanoTime() < deadline);
            problems.forEach(p -> failures.add(state + " at " + s.label() + ": " + p.asText()));
            if (want != null) {
                measured.add("%s %s %.3f/%.3f".formatted(state, s.label(), got.path("every").asDouble(), got.path("main").asDouble()));
                if (got.path("every").asDouble() < want.every() || got.path("main").asDouble() < want.main()) {
                    failures.add("%s at %s: remote tiles take %.3f (smallest) and %.3f (largest) of the stage, under %.2f and %.2f"
                            .formatted(state, s.label(), got.path("every").asDouble(), got.path("main").asDouble(), want.every(), want.main()));
                }
            }
            Axe.assertNoSeriousViolations(page, state + " at " + s.label());
            page.screenshot(Browsers.artifacts().resolve("client-" + state + "-" + s.label() + ".png"));
        }
    }

    /** Two frames after the controls were shown (a tap on a phone): the layout has settled. */
    private static void settle(CdpPage page) throws InterruptedException {
        page.evaluate("window.zvc?.room?.phone?.show(), new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))");
        Thread.sleep(150);
    }

    @Test
    void aGuestJoinsAndLeavesWithTheKeyboardAlone() {
        // A meeting with a waiting room first: the waiting screen names the meeting, shows your camera and lets you leave.
        String waiting = newMeeting("Board meeting", Map.of("waitingRoom", true));
        CdpPage page = browsers.open(base + "/j/" + waiting + "?res=360&name=Kim");
        page.waitFor("!!document.querySelector('#join') && !!document.querySelector('#lobby-cam-menu')", T);
        tabTo(page, "join");
        page.pressKey("Enter", false);
        page.waitFor("window.zvc?.room?.state === 'waiting' && document.querySelector('#waiting-title')?.textContent === 'Board meeting'"
                + " && document.querySelector('#waiting-card video')?.readyState >= 2", JOIN);
        tabTo(page, "waiting-leave");
        page.pressKey("Enter", false);
        page.waitFor("document.body.textContent.includes('You left the meeting.')", T);

        String code = newMeeting("Keyboard only", Map.of());
        page.navigate(base + "/j/" + code + "?res=360", T);
        page.waitFor("!!document.querySelector('#join') && !!document.querySelector('#lobby-cam-menu')", JOIN);
        page.evaluate("localStorage.removeItem('zvc.displayName'), document.querySelector('#f-displayName').value = '', true");
        tabTo(page, "f-displayName");
        for (char c : "Kim".toCharArray()) {
            page.pressKey(String.valueOf(c), Character.isUpperCase(c));
        }
        assertEquals("Kim", page.evaluate("document.querySelector('#f-displayName').value").asText());
        tabTo(page, "join");
        page.pressKey("Enter", false);
        page.waitFor("window.zvc?.room?.state === 'joined'", JOIN);

        // The single-key shortcut mutes; ? lists the shortcuts, Escape closes the list.
        page.evaluate("document.activeElement?.blur(), true");
        page.pressKey("m", false);
        page.waitFor("document.querySelector('#mic').getAttribute('aria-pressed') === 'true'", T);
        page.pressKey("?", true);
        page.waitFor("!!document.querySelector('dialog.shortcuts[open]')", T);
        page.pressKey("Escape", false);
        page.waitFor("!document.querySelector('dialog.shortcuts')", T);
        // C opens the chat with the focus in its message field, where an m is a letter, not a shortcut.
        page.pressKey("c", false);
        page.waitFor("document.activeElement === document.querySelector('.chat-form input')", T);
        page.pressKey("m", false);
        assertEquals("m", page.evaluate("document.querySelector('.chat-form input').value").asText());
        assertEquals("true", page.evaluate("document.querySelector('#mic').getAttribute('aria-pressed')").asText(), "still muted");

        // More opens with Enter, the arrow keys move through it, Escape closes it and gives the focus back.
        tabTo(page, "more");
        page.pressKey("Enter", false);
        page.waitFor("document.querySelector('#more').getAttribute('aria-expanded') === 'true'"
                + " && document.activeElement?.getAttribute('role') === 'menuitem'", T);
        String first = page.evaluate("document.activeElement.textContent").asText();
        page.pressKey("ArrowDown", false);
        assertFalse(first.equals(page.evaluate("document.activeElement.textContent").asText()), "ArrowDown moves to the next item");
        page.pressKey("Escape", false);
        page.waitFor("document.querySelector('#more').getAttribute('aria-expanded') === 'false' && document.activeElement?.id === 'more'", T);

        tabTo(page, "leave");
        page.pressKey("Enter", false);
        page.waitFor("document.body.textContent.includes('You left the meeting.')", T);

        // The lobby remembers the name on this browser.
        page.navigate(base + "/j/" + code, T);
        page.waitFor("document.querySelector('#f-displayName')?.value === 'Kim'", T);
    }

    /** Presses Tab until the element with {@code id} has the focus (at most 60 times). */
    private static void tabTo(CdpPage page, String id) {
        for (int i = 0; i < 60; i++) {
            if (id.equals(page.evaluate("document.activeElement?.id ?? ''").asText())) {
                return;
            }
            page.pressKey("Tab", false);
        }
        throw new AssertionError("Tab never reached #" + id + "; the focus is on "
                + page.evaluate("document.activeElement?.outerHTML.slice(0, 120)").asText());
    }
}
