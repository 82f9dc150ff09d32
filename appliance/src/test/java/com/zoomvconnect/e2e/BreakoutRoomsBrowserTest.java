package com.zoomvconnect.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.BrowserTest;
import com.zoomvconnect.testing.TestAppliance;
import com.zoomvconnect.testing.browser.Browsers;
import com.zoomvconnect.testing.browser.CdpPage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 14's end-to-end check, server and web client together: a signed-in host and four guests
 * in real Chromium; the host plans two rooms and opens and closes them from the breakout panel.
 * getStats() on the subscribe connection proves who decodes whom, and that nothing of the other
 * room's tracks arrives; a move is a re-route on the same peer connections (no new DTLS); a
 * dropped connection comes back into its breakout. Saves the user guide's two screenshots
 * (target/browser-artifacts/breakout-panel.png, breakout-participant.png; copied to docs/images).
 */
class BreakoutRoomsBrowserTest implements BrowserTest {
    private static final Duration T = Duration.ofSeconds(30);

    /**
     * Counters of the subscribe connection's inbound-rtp streams, by owner (the participant whose
     * track the client maps the stream's mid to), as growth since the last {@code __mark()}. A
     * reconnect's new connection counts from zero.
     */
    private static final String FLOW = """
            (() => {
              window.__counters = async () => {
                const media = window.zvc.room.media;
                const out = { media, streams: {} };
                if (!media?.subscriber) return out;
                (await media.subscriber.getStats()).forEach((s) => {
                  if (s.type !== 'inbound-rtp') return;
                  out.streams[s.id] = { owner: media.downTracks.get(s.mid)?.participantId ?? 'unknown',
                    packets: s.packetsReceived ?? 0, frames: s.framesDecoded ?? 0, samples: s.totalSamplesReceived ?? 0 };
                });
                return out;
              };
              window.__mark = async () => { window.__base = await window.__counters(); return true; };
              window.__growth = async () => {
                const now = await window.__counters();
                const base = window.__base?.media === now.media ? window.__base.streams : {};
                const out = {};
                for (const [id, s] of Object.entries(now.streams)) {
                  const b = base[id] ?? { packets: 0, frames: 0, samples: 0 };
                  const g = out[s.owner] ??= { packets: 0, frames: 0, samples: 0 };
                  g.packets += s.packets - b.packets;
                  g.frames += s.frames - b.frames;
                  g.samples += s.samples - b.samples;
                }
                return out;
              };
              // Video frames decoded and audio samples received from each of ids since the mark.
              window.__hears = async (ids, frames) => {
                const g = await window.__growth();
                return ids.every((id) => (g[id]?.frames ?? 0) >= frames && (g[id]?.samples ?? 0) > 0);
              };
              // Polls every 25 ms until a video frame from one of ids is decoded; records when, and when
              // roomChanged and the next subscribeOffer arrived.
              window.__watchSwitch = (ids) => {
                window.__switchedAt = null;
                window.__roomChangedAt = null;
                window.__offerAt = null;
                const signal = window.zvc.room.signal;
                signal.addEventListener('roomChanged', () => { window.__roomChangedAt ??= Date.now(); }, { once: true });
                signal.addEventListener('subscribeOffer', () => { window.__offerAt ??= Date.now(); }, { once: true });
                (async () => {
                  const end = Date.now() + 15000;
                  while (Date.now() < end) {
                    const g = await window.__growth();
                    if (ids.some((id) => (g[id]?.frames ?? 0) > 0)) { window.__switchedAt = Date.now(); return; }
                    await new Promise((r) => setTimeout(r, 25));
                  }
                })().catch((e) => { window.__switchError = String(e); });
                return true;
              };
              return true;
            })()""";

    /** What a page receives, for failure messages. */
    private static final String RECEIVING = """
            (async () => {
              const media = window.zvc.room.media;
              const streams = [];
              (await media.subscriber.getStats()).forEach((s) => { if (s.type === 'inbound-rtp') streams.push({ mid: s.mid,
                kind: s.kind, ssrc: s.ssrc, packets: s.packetsReceived, frames: s.framesDecoded, samples: s.totalSamplesReceived }); });
              return { self: window.zvc.room.self.id, roomId: window.zvc.room.store.state.roomId, growth: await window.__growth(),
                switchError: window.__switchError ?? null, downTracks: [...media.downTracks.entries()], streams,
                transceivers: media.subscriber.getTransceivers().map((t) => [t.mid, t.currentDirection]) };
            })()""";

    @Test
    void twoRoomsDecodeOnlyThemselvesAMoveIsAReRouteAndCloseBringsEveryoneBack() throws Exception {
        try (Appliance appliance = TestAppliance.startH2(); Browsers browsers = new Browsers("breakout-rooms").prelaunch(5)) {
            long start = System.nanoTime();
            String base = "https://localhost:" + appliance.httpsPort();
            var api = new ApiClient(appliance.httpsPort());
            api.post("/api/v1/auth/register", null, Map.of("email", "host@example.com", "password", "host password",
                    "displayName", "Hana Host"));
            var login = api.post("/api/v1/auth/login", null, Map.of("email", "host@example.com", "password", "host password"));
            String token = login.json().path("accessToken").asText();
            JsonNode meeting = api.post("/api/v1/meetings", token, Map.of("title", "Breakouts", "allowGuests", true)).json();
            String code = meeting.path("code").asText();

            CdpPage host = browsers.open(base + "/");
            host.evaluate("localStorage.setItem('zvc.session', JSON.stringify(" + login.body() + ")), true");
            host.navigate(base + "/j/" + code + "?autojoin=1&res=360", T);
            Map<String, CdpPage> guests = new LinkedHashMap<>();
            for (String name : List.of("Ann", "Bob", "Cid", "Dee")) {
                guests.put(name, browsers.open(base + "/j/" + code + "?name=" + name + "&autojoin=1&res=360"));
            }
            List<CdpPage> everyone = new ArrayList<>(List.of(host));
            everyone.addAll(guests.values());
            Map<String, String> ids = new LinkedHashMap<>();
            for (CdpPage p : everyone) {
                // Five pages joining at once on a shared 2-core machine: the last may need a minute.
                p.waitFor("window.zvc?.room?.state === 'joined'", Duration.ofSeconds(90));
                p.evaluate(FLOW);
            }
            ids.put("Host", host.evaluate("window.zvc.room.self.id").asText());
            guests.forEach((name, p) -> ids.put(name, p.evaluate("window.zvc.room.self.id").asText()));
            host.waitFor("window.zvc.room.store.state.participants.size === 4", T);
            CdpPage ann = guests.get("Ann");
            CdpPage bob = guests.get("Bob");
            CdpPage cid = guests.get("Cid");
            CdpPage dee = guests.get("Dee");

            phase(start, "joined");
            // The host plans two rooms (no grace: closing returns everyone at once) and assigns 2 + 2.
            host.evaluate("document.querySelector('#breakout-toggle').click(), true");
            host.waitFor("!!document.querySelector('#breakout-panel')?.getClientRects().length", T);
            host.evaluate("""
                    (() => {
                      const grace = document.querySelector('#breakout-grace');
                      grace.value = '0';
                      grace.dispatchEvent(new Event('input'));
                      document.querySelector('#breakout-save').click();
                      return true;
                    })()""");
            host.waitFor("document.querySelectorAll('select.breakout-assign[data-participant-id]').length === 4", T);
            Map<String, String> plan = Map.of("Ann", "b1", "Bob", "b1", "Cid", "b2", "Dee", "b2");
            plan.forEach((name, room) -> assign(host, ids.get(name), room));
            // The server has the plan (not only the menus showing what the test chose).
            String mid = meeting.path("id").asText();
            awaitPlan(api, mid, token, plan, ids);

            // Opened from the panel's button: each guest lands in their room.
            host.evaluate("document.querySelector('#breakout-open').click(), true");
            plan.forEach((name, room) -> inRoom(guests.get(name), room, api, mid, token));
            ann.waitFor("document.querySelector('#breakout-indicator')?.textContent === 'In Room 1'", T);

            phase(start, "rooms open");
            // Within each room the two decode each other; nobody gets a packet from anyone else.
            Map<CdpPage, Set<String>> rooms = Map.of(ann, Set.of(ids.get("Bob")), bob, Set.of(ids.get("Ann")),
                    cid, Set.of(ids.get("Dee")), dee, Set.of(ids.get("Cid")), host, Set.of());
            assertHearsOnly(rooms);

            screenshot(host, "breakout-panel.png");
            screenshot(ann, "breakout-participant.png");

            phase(start, "rooms decode");
            // Bob moves to room 2 (from the panel's menu): the same peer connections, no DTLS handshake,
            // and he decodes room 2 soon.
            long handshakes = appliance.sfu().counters().snapshot().get("dtls_handshakes");
            bob.evaluate("window.__pcs = [window.zvc.room.media.subscriber, window.zvc.room.media.publisher],"
                    + " window.__pcs.forEach((pc) => { pc.__tag = 'before the move'; }), true");
            bob.evaluate("window.__mark()");
            bob.evaluate("window.__watchSwitch(" + jsArray(ids.get("Cid"), ids.get("Dee")) + ")");
            long sent = System.currentTimeMillis();
            assign(host, ids.get("Bob"), "b2");
            try {
                // Generous: the 1 s of the issue is a benchmark's threshold; a shared CI machine only logs it.
                bob.waitFor("window.__switchedAt !== null", Duration.ofSeconds(20));
            } catch (AssertionError e) {
                throw new AssertionError("no frame from room 2 after the move: " + bob.evaluate(RECEIVING), e);
            }
            JsonNode at = bob.evaluate("({ changed: window.__roomChangedAt, offer: window.__offerAt, frame: window.__switchedAt })");
            long changed = at.path("changed").asLong();
            // From Bob's roomChanged (the server moves him right after sending it) to the first frame decoded
            // from room 2; the host's click to roomChanged is the host page's and the test driver's latency.
            System.out.println("breakout move: subscribeOffer " + (at.path("offer").asLong() - changed) + " ms and first frame from"
                    + " the new room " + (at.path("frame").asLong() - changed) + " ms after roomChanged (host click to roomChanged "
                    + (changed - sent) + " ms)");
            inRoom(bob, "b2", api, mid, token);
            assertEquals(true, bob.evaluate("window.zvc.room.media.subscriber === window.__pcs[0] && window.zvc.room.media.publisher === window.__pcs[1]"
                    + " && window.__pcs.every((pc) => pc.__tag === 'before the move' && pc.connectionState === 'connected')").asBoolean(),
                    "the move kept Bob's peer connections");
            assertEquals(handshakes, appliance.sfu().counters().snapshot().get("dtls_handshakes"), "no new DTLS handshake");
            for (CdpPage p : List.of(bob, cid, dee)) {
                p.evaluate("window.__mark()");
            }
            hears(bob, T, ids.get("Cid"), ids.get("Dee"));
            hears(cid, T, ids.get("Bob"), ids.get("Dee"));
            hears(dee, T, ids.get("Bob"), ids.get("Cid"));
            assertHearsOnly(Map.of(ann, Set.of(), bob, Set.of(ids.get("Cid"), ids.get("Dee")),
                    cid, Set.of(ids.get("Bob"), ids.get("Dee")), dee, Set.of(ids.get("Bob"), ids.get("Cid"))));

            phase(start, "moved");
            // Dee's signaling socket drops: she comes back, as herself, into room 2.
            dee.evaluate("window.__old = window.zvc.room, window.__old.signal.ws.close(4000, 'network blip'), true");
            dee.waitFor("window.zvc.room !== window.__old && window.zvc.room.state === 'joined'", T);
            assertEquals(ids.get("Dee"), dee.evaluate("window.zvc.room.self.id").asText());
            inRoom(dee, "b2", api, mid, token);
            JsonNode view = api.get("/api/v1/meetings/" + meeting.path("id").asText() + "/breakouts", token).json();
            assertEquals(true, present(view, "b2").contains(ids.get("Dee")), "the server has Dee in room 2: " + view);
            for (CdpPage p : List.of(bob, cid, dee)) {
                p.evaluate("window.__mark()");
            }
            hears(dee, T, ids.get("Bob"), ids.get("Cid"));
            hears(cid, T, ids.get("Dee"));

            phase(start, "reconnected");
            // Close all (the panel's button): everyone is back in the main room, where all decode all.
            host.evaluate("document.querySelector('#breakout-close').click(), true");
            for (CdpPage p : guests.values()) {
                inRoom(p, "main", api, mid, token);
            }
            for (CdpPage p : everyone) {
                p.evaluate("window.__mark()");
            }
            for (CdpPage p : everyone) {
                String self = p.evaluate("window.zvc.room.self.id").asText();
                List<String> others = ids.values().stream().filter(id -> !id.equals(self)).toList();
                hears(p, Duration.ofSeconds(45), others.toArray(String[]::new));
            }
            view = api.get("/api/v1/meetings/" + meeting.path("id").asText() + "/breakouts", token).json();
            assertEquals(false, view.path("open").asBoolean(true), view.toString());
            phase(start, "closed, all decode all");
        }
    }

    /** Waits until {@code page} decodes video and audio from each of {@code ids} since its mark; on failure says what it gets. */
    private static void hears(CdpPage page, Duration timeout, String... ids) {
        try {
            page.waitFor("window.__hears(" + jsArray(ids) + ", 5)", timeout);
        } catch (AssertionError e) {
            throw new AssertionError("no media from " + List.of(ids) + ": " + page.evaluate(RECEIVING), e);
        }
    }

    /** Waits until {@code page} is in {@code roomId}; on failure says where the page and the server think it is. */
    private static void inRoom(CdpPage page, String roomId, ApiClient api, String meetingId, String token) {
        try {
            page.waitFor("window.zvc.room.store.state.roomId === '" + roomId + "'", T);
        } catch (AssertionError e) {
            throw new AssertionError("not in " + roomId + ": page " + page.evaluate("({ self: window.zvc.room.self?.id, state: window.zvc.room.state,"
                    + " connection: window.zvc.room.store.state.connection, roomId: window.zvc.room.store.state.roomId,"
                    + " breakouts: window.zvc.room.store.state.breakouts })") + "; server " + api.get("/api/v1/meetings/" + meetingId + "/breakouts", token).json(), e);
        }
    }

    private static void phase(long start, String what) {
        System.out.println("breakout e2e: " + what + " at " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    /** Chooses {@code roomId} in the host's panel menu for participant {@code id}. */
    private static void assign(CdpPage host, String id, String roomId) {
        host.waitFor("!!document.querySelector('" + select(id) + "')", T);
        host.evaluate("(() => { const s = document.querySelector('" + select(id) + "'); s.value = '" + roomId + "';"
                + " s.dispatchEvent(new Event('change')); return true; })()");
    }

    private static String select(String participantId) {
        return "select.breakout-assign[data-participant-id=\"" + participantId + "\"]";
    }

    /**
     * Each page decodes video and audio from each of its allowed participants, and over a two-second
     * window no inbound-rtp stream of anyone else (or of no known owner) grows.
     */
    private static void assertHearsOnly(Map<CdpPage, Set<String>> allowed) throws InterruptedException {
        allowed.forEach((page, ids) -> {
            page.evaluate("window.__mark()");
            if (!ids.isEmpty()) {
                hears(page, Duration.ofSeconds(45), ids.toArray(String[]::new));
            }
        });
        allowed.keySet().forEach(page -> page.evaluate("window.__mark()"));
        Thread.sleep(2000); // a measurement window, not a wait for something to happen
        List<String> leaks = new ArrayList<>();
        allowed.forEach((page, ids) -> {
            JsonNode growth = page.evaluate("window.__growth()");
            String self = page.evaluate("window.zvc.room.self.id").asText();
            growth.fieldNames().forEachRemaining(owner -> {
                if (growth.path(owner).path("packets").asLong() > 0 && !ids.contains(owner)) {
                    leaks.add(self + " received " + growth.path(owner) + " from " + owner);
                }
            });
        });
        assertTrue(leaks.isEmpty(), String.join("\n", leaks));
    }

    /** Waits until the server's breakout plan sends each of {@code plan}'s people to their room. */
    private static void awaitPlan(ApiClient api, String meetingId, String token, Map<String, String> plan, Map<String, String> ids)
            throws InterruptedException {
        long deadline = System.nanoTime() + T.toNanos();
        while (true) {
            JsonNode view = api.get("/api/v1/meetings/" + meetingId + "/breakouts", token).json();
            if (plan.entrySet().stream().allMatch(e -> assigned(view, e.getValue()).contains(ids.get(e.getKey())))) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "the server never had the plan: " + view);
            Thread.sleep(100);
        }
    }

    /** Who the plan sends to {@code roomId}. */
    private static Set<String> assigned(JsonNode view, String roomId) {
        Set<String> out = new HashSet<>();
        for (JsonNode r : view.path("rooms")) {
            if (r.path("id").asText().equals(roomId)) {
                r.path("participants").forEach(p -> out.add(p.isTextual() ? p.asText() : p.path("id").asText()));
            }
        }
        return out;
    }

    private static Set<String> present(JsonNode view, String roomId) {
        Set<String> out = new HashSet<>();
        for (JsonNode r : view.path("rooms")) {
            if (r.path("id").asText().equals(roomId)) {
                r.path("present").forEach(p -> out.add(p.isTextual() ? p.asText() : p.path("id").asText()));
            }
        }
        return out;
    }

    private static void screenshot(CdpPage page, String name) throws Exception {
        page.setViewport(1280, 800, false);
        page.evaluate("new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))");
        page.screenshot(Browsers.artifacts().resolve(name));
    }

    private static String jsArray(String... values) {
        return List.of(values).stream().map(v -> "'" + v + "'").toList().toString();
    }
}
