package com.zoomvconnect.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.loadgen.SyntheticPublisher;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.BrowserTest;
import com.zoomvconnect.testing.TestAppliance;
import com.zoomvconnect.testing.browser.Browsers;
import com.zoomvconnect.testing.browser.CdpPage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The meeting room at the screen sizes people have, in every layout: alone (also with the
 * participants panel open), a grid, speaker view and a screen share. The page never scrolls, every toolbar button is on screen and
 * nothing covers it, and the tiles fit the stage without overlapping (cameras 16:9, but for the
 * speaker on an upright phone, who fills the width). One screenshot per size
 * and layout goes to target/browser-artifacts/layout-&lt;layout&gt;-&lt;size&gt;.png.
 */
class LayoutViewportTest implements BrowserTest {
    private static final Duration T = Duration.ofSeconds(30);

    /** A screen size in CSS pixels; {@code phone} emulates a mobile viewport with touch. */
    record Viewport(int width, int height, boolean phone) {
        String label() {
            return width + "x" + height;
        }
    }

    private static final List<Viewport> VIEWPORTS = List.of(new Viewport(1280, 800, false), new Viewport(1366, 768, false),
            new Viewport(1536, 864, false), new Viewport(1920, 1080, false), new Viewport(2560, 1440, false),
            new Viewport(390, 844, true));

    /**
     * What is wrong with the room as drawn: page overflow, toolbar buttons off screen or covered
     * (the element hit at the button's centre is not the button), tiles outside the stage,
     * overlapping, of no size or not 16:9 (cameras), or a different number of tiles than expected.
     */
    private static final String PROBLEMS = """
            ((expectedTiles) => {
              const problems = [];
              const de = document.documentElement;
              if (de.scrollHeight > innerHeight) problems.push(`the page is ${de.scrollHeight - innerHeight}px taller than the viewport`);
              if (de.scrollWidth > innerWidth) problems.push(`the page is ${de.scrollWidth - innerWidth}px wider than the viewport`);
              const describe = (e) => e ? e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + String(e.className).split(' ').join('.') : '') : 'nothing';
              const buttons = [...document.querySelectorAll('[role=toolbar] button')].filter((b) => b.getClientRects().length > 0);
              if (buttons.length < 8) problems.push(`only ${buttons.length} toolbar buttons are shown`);
              for (const b of buttons) {
                const r = b.getBoundingClientRect();
                const name = b.id || b.getAttribute('aria-label') || b.textContent;
                if (r.left < 0 || r.top < 0 || r.right > innerWidth || r.bottom > innerHeight) {
                  problems.push(`${name} is outside the viewport (${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}x${Math.round(r.height)})`);
                  continue;
                }
                const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
                if (!b.contains(hit)) problems.push(`${name} is covered by ${describe(hit)}`);
              }
              const stage = document.querySelector('#grid').getBoundingClientRect();
              const tiles = [...document.querySelectorAll('#grid .tile')].filter((t) => t.getClientRects().length > 0);
              if (tiles.length !== expectedTiles) problems.push(`${tiles.length} tiles shown, expected ${expectedTiles}`);
              // On a phone held upright the speaker's camera fills the width, cropped (ui/layout.js phoneLayout).
              const cropped = (r) => stage.height > stage.width && r.width >= stage.width - 2;
              const rects = tiles.map((t) => [t.dataset.participantId ?? 'screen', t.getBoundingClientRect(), t.classList.contains('screen') || cropped(t.getBoundingClientRect())]);
              for (const [id, r, screen] of rects) {
                if (r.width < 40 || r.height < 20) problems.push(`tile ${id} is ${r.width}x${r.height}`);
                if (r.left < stage.left - 1 || r.top < stage.top - 1 || r.right > stage.right + 1 || r.bottom > stage.bottom + 1) {
                  problems.push(`tile ${id} leaves the stage`);
                }
                if (!screen && Math.abs(r.width / r.height - 16 / 9) > 0.05) problems.push(`tile ${id} is not 16:9 (${r.width}x${r.height})`);
              }
              for (let i = 0; i < rects.length; i++) {
                for (let j = i + 1; j < rects.length; j++) {
                  const a = rects[i][1], b = rects[j][1];
                  const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
                  const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
                  if (w > 1 && h > 1) problems.push(`tiles ${rects[i][0]} and ${rects[j][0]} overlap`);
                }
              }
              return problems;
            })(%d)""";

    @Test
    void everyControlStaysReachableAtEveryScreenSizeInEveryLayout() throws Exception {
        try (Appliance appliance = TestAppliance.startH2(); Browsers browsers = new Browsers("layout")) {
            String base = "https://localhost:" + appliance.httpsPort();
            var api = new ApiClient(appliance.httpsPort());
            api.post("/api/v1/auth/register", null, Map.of("email", "host@example.com", "password", "host password",
                    "displayName", "Hana Host"));
            var login = api.post("/api/v1/auth/login", null, Map.of("email", "host@example.com", "password", "host password"));
            String code = api.post("/api/v1/meetings", login.json().path("accessToken").asText(),
                    Map.of("title", "Layout", "allowGuests", true)).json().path("code").asText();

            // The host, signed in, waits alone: Participants must be reachable (to admit anyone from a waiting room).
            CdpPage host = browsers.open(base + "/");
            host.evaluate("localStorage.setItem('zvc.session', JSON.stringify(" + login.body() + ")), true");
            host.navigate(base + "/j/" + code + "?autojoin=1&res=360", T);
            host.waitFor("window.zvc?.room?.state === 'joined'", T);
            List<String> failures = new ArrayList<>();
            checkEverySize(host, "alone", 1, failures);
            host.evaluate("document.querySelector('#people').click(), true");
            host.waitFor("!!document.querySelector('.people')?.getClientRects().length", T);
            checkEverySize(host, "alone-participants", 1, failures);
            host.evaluate("document.querySelector('#people').click(), true");

            // Two more join, a browser and a synthetic client: a grid of three.
            CdpPage sam = browsers.open(base + "/j/" + code + "?name=Sam&autojoin=1&res=360");
            sam.waitFor("window.zvc?.room?.state === 'joined'", T);
            try (SyntheticPublisher pia = SyntheticPublisher.start(base, code, "Pia", 150_000, 15)) {
                host.waitFor("""
                        (async () => (await window.zvc.room.snapshot()).remote
                          .some(r => r.kind === 'video' && r.source === 'camera' && r.framesDecoded > 5))()""", Duration.ofSeconds(45));
                checkEverySize(host, "grid", 3, failures);

                host.evaluate("document.querySelector('#layout').click(), true");
                assertEquals("true", host.evaluate("document.querySelector('#layout').getAttribute('aria-pressed')").asText());
                checkEverySize(host, "speaker", 3, failures);
                host.evaluate("document.querySelector('#layout').click(), true");

                sam.evaluate("document.querySelector('#share').click(), true");
                host.waitFor("""
                        (async () => (await window.zvc.room.snapshot()).remote
                          .some(r => r.source === 'screen' && r.framesDecoded > 5))()""", Duration.ofSeconds(45));
                checkEverySize(host, "share", 4, failures);
            }
            assertTrue(failures.isEmpty(), String.join("\n", failures));
        }
    }

    /** Checks the host's room at every size (polling while the layout settles) and saves a screenshot of each. */
    private static void checkEverySize(CdpPage page, String layout, int tiles, List<String> failures) throws Exception {
        for (Viewport v : VIEWPORTS) {
            page.setViewport(v.width(), v.height(), v.phone());
            JsonNode problems = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            do {
                // On a phone the controls fold away after a few seconds untouched; a tap (phone.show) brings them back.
                page.evaluate("window.zvc.room.phone.show(), new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))");
                problems = page.evaluate(PROBLEMS.formatted(tiles));
            } while (!problems.isEmpty() && System.nanoTime() < deadline && pause());
            page.screenshot(Browsers.artifacts().resolve("layout-" + layout + "-" + v.label() + ".png"));
            problems.forEach(p -> failures.add(layout + " at " + v.label() + ": " + p.asText()));
        }
    }

    private static boolean pause() throws InterruptedException {
        Thread.sleep(250);
        return true;
    }
}
