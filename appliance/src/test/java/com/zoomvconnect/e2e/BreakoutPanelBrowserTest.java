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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The web client's breakout rooms, rendered from the store: a real meeting (a signed-in host and
 * a guest, in Chromium) whose pages are fed breakouts, roomChanged, breakoutsBroadcast and
 * breakoutsHelpRequested messages through the client's own handler path (the signaling
 * socket's events), as docs/signaling.md describes them. What the pages would send is recorded
 * instead of sent; drags are real DragEvents. This tests the panel, the bar and the indicator,
 * not the server: the server's side has its own tests. Screenshots go to target/browser-artifacts/breakouts-*.png.
 */
class BreakoutPanelBrowserTest implements BrowserTest {
    private static final Duration T = Duration.ofSeconds(30);

    /**
     * Records the breakout messages the page sends (and sends the rest), and lets the test
     * deliver a server message as the socket would.
     */
    private static final String HARNESS = """
            (() => {
              const signal = window.zvc.room.signal;
              window.sent = [];
              const send = signal.send.bind(signal);
              signal.send = (m) => { if (String(m.type).startsWith('breakouts')) window.sent.push(m); else send(m); };
              window.deliver = (m) => { signal.dispatchEvent(new CustomEvent(m.type, { detail: m })); return true; };
              window.lastSent = () => window.sent[window.sent.length - 1] ?? null;
              return true;
            })()""";

    /**
     * Drags element {@code from} onto element {@code to} with real DragEvents sharing one
     * DataTransfer, as Chromium dispatches them: whether dragover was accepted and highlighted the
     * target, whether the highlight is gone after the drop, and what the drop sent.
     */
    private static final String DRAG = """
            ((from, to) => {
              const item = document.querySelector(from), target = document.querySelector(to);
              const dt = new DataTransfer(), before = window.sent.length;
              item.dispatchEvent(new DragEvent('dragstart', {bubbles: true, cancelable: true, dataTransfer: dt}));
              const over = new DragEvent('dragover', {bubbles: true, cancelable: true, dataTransfer: dt});
              target.dispatchEvent(over);
              const highlighted = target.classList.contains('drop-target');
              target.dispatchEvent(new DragEvent('drop', {bubbles: true, cancelable: true, dataTransfer: dt}));
              const after = target.classList.contains('drop-target');
              item.dispatchEvent(new DragEvent('dragend', {bubbles: true, dataTransfer: dt}));
              return {draggable: item.draggable, described: item.getAttribute('aria-describedby'), accepted: over.defaultPrevented,
                highlighted, after, sent: window.sent.slice(before)};
            })(%s, %s)""";

    /** What is wrong with how element {@code selector} is drawn: not shown, or outside the viewport, or the page scrolls sideways. */
    private static final String PLACEMENT = """
            ((selector) => {
              const problems = [];
              const e = document.querySelector(selector);
              if (!e || !e.getClientRects().length) return [selector + ' is not shown'];
              const r = e.getBoundingClientRect();
              if (r.left < -1 || r.right > innerWidth + 1) problems.push(`${selector} is outside the viewport (${Math.round(r.left)}..${Math.round(r.right)} of ${innerWidth})`);
              if (document.documentElement.scrollWidth > innerWidth) problems.push('the page scrolls sideways');
              if (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'hidden') problems.push(`${selector} is cut short`);
              return problems;
            })(%s)""";

    @Test
    void panelBarAndIndicatorRenderWhatTheServerSays() throws Exception {
        try (Appliance appliance = TestAppliance.startH2(); Browsers browsers = new Browsers("breakouts")) {
            String base = "https://localhost:" + appliance.httpsPort();
            var api = new ApiClient(appliance.httpsPort());
            api.post("/api/v1/auth/register", null, Map.of("email", "host@example.com", "password", "host password",
                    "displayName", "Hana Host"));
            var login = api.post("/api/v1/auth/login", null, Map.of("email", "host@example.com", "password", "host password"));
            String code = api.post("/api/v1/meetings", login.json().path("accessToken").asText(),
                    Map.of("title", "Breakouts", "allowGuests", true)).json().path("code").asText();

            CdpPage host = browsers.open(base + "/");
            host.evaluate("localStorage.setItem('zvc.session', JSON.stringify(" + login.body() + ")), true");
            host.navigate(base + "/j/" + code + "?autojoin=1&res=360", T);
            host.waitFor("window.zvc?.room?.state === 'joined'", T);
            CdpPage sam = browsers.open(base + "/j/" + code + "?name=Sam&autojoin=1&res=360");
            sam.waitFor("window.zvc?.room?.state === 'joined'", T);
            host.waitFor("[...window.zvc.room.store.state.participants.values()].some((p) => p.displayName === 'Sam')", T);
            String hostId = host.evaluate("window.zvc.room.self.id").asText();
            String samId = sam.evaluate("window.zvc.room.self.id").asText();
            host.evaluate(HARNESS);
            sam.evaluate(HARNESS);

            // Only hosts and co-hosts have the panel.
            assertEquals(false, sam.evaluate("!!document.querySelector('#breakout-toggle').getClientRects().length").asBoolean());
            host.evaluate("document.querySelector('#breakout-toggle').click(), true");
            host.waitFor("!!document.querySelector('#breakout-panel')?.getClientRects().length", T);

            // Plan three rooms, rename the first, set a timer: one breakoutsConfigure.
            host.evaluate("""
                    (() => {
                      const count = document.querySelector('#breakout-count');
                      count.value = '3';
                      count.dispatchEvent(new Event('change'));
                      const first = document.querySelector('.breakout-name');
                      first.value = 'Red';
                      first.dispatchEvent(new Event('input'));
                      const minutes = document.querySelector('#breakout-duration');
                      minutes.value = '10';
                      minutes.dispatchEvent(new Event('input'));
                      document.querySelector('#breakout-allow-choose').click();
                      document.querySelector('#breakout-save').click();
                      return true;
                    })()""");
            JsonNode configure = host.evaluate("window.lastSent()");
            assertEquals("breakoutsConfigure", configure.path("type").asText(), configure.toString());
            assertEquals(List.of("Red", "Room 2", "Room 3"), configure.path("rooms").findValuesAsText("name"));
            assertEquals(600, configure.path("durationSeconds").asInt());
            assertTrue(configure.path("allowChoose").asBoolean());
            assertEquals(60, configure.path("graceSeconds").asInt());

            // The server's plan: the rooms and one menu per participant.
            host.evaluate("window.deliver(" + breakouts(false, false, "[]", "[]", "['" + hostId + "','" + samId + "']", "null") + ")");
            host.waitFor("document.querySelectorAll('#breakout-panel .breakout-room[data-room-id]').length === 2", T);
            assertEquals("Red", host.evaluate("document.querySelector('.breakout-room[data-room-id=b1] h4').firstChild.textContent").asText());
            String assign = "document.querySelector('select.breakout-assign[data-participant-id=\"" + samId + "\"]')";
            assertEquals("main", host.evaluate(assign + ".value").asText());
            assertEquals("[\"main\",\"b1\",\"b2\"]", host.evaluate("JSON.stringify([..." + assign + ".options].map((o) => o.value))").asText());
            assertEquals(false, host.evaluate("!!document.querySelector('select.breakout-assign[data-participant-id=\"" + hostId + "\"]')")
                    .asBoolean(), "the host does not assign themself");
            host.evaluate("(() => { const s = " + assign + "; s.value = 'b2'; s.dispatchEvent(new Event('change')); return true; })()");
            assertEquals(Map.of("type", "breakoutsAssign", "participantId", samId, "roomId", "b2"), sent(host));
            // Or drag the participant onto a room: the same message. Only a dragged participant is accepted.
            assertDropped(host, ".breakout-assignments li[data-participant-id=\"" + samId + "\"]", ".breakout-room[data-room-id=b1]", samId, "b1");
            assertEquals(false, host.evaluate("document.querySelector('#breakout-drag-hint').hidden").asBoolean());
            assertEquals(false, host.evaluate("""
                    (() => {
                      const dt = new DataTransfer();
                      dt.setData('text/plain', 'not a participant');
                      const over = new DragEvent('dragover', {bubbles: true, cancelable: true, dataTransfer: dt});
                      document.querySelector('.breakout-room[data-room-id=b2]').dispatchEvent(over);
                      return over.defaultPrevented;
                    })()""").asBoolean(), "a room accepts only a dragged participant");
            host.evaluate("document.querySelector('#breakout-auto').click(), true");
            assertEquals("breakoutsAutoAssign", sent(host).get("type"));
            assertEquals(true, shown(host, "#breakout-open"));
            assertEquals(false, shown(host, "#breakout-close"));
            host.evaluate("document.querySelector('#breakout-open').click(), true");
            assertEquals("breakoutsOpen", sent(host).get("type"));

            // Open, with a timer: the countdown for everyone, Close, Join per room, Broadcast.
            String open = breakouts(true, true, "[]", "['" + samId + "']", "['" + hostId + "']", "Date.now() + 125000");
            host.evaluate("window.deliver(" + open + ")");
            host.waitFor("/Breakout rooms end in 2:0\\d/.test(document.querySelector('#breakout-panel .breakout-countdown').textContent)", T);
            host.waitFor("/Breakout rooms end in 2:0\\d/.test(document.querySelector('#breakout-countdown').textContent)", T);
            assertEquals(false, shown(host, "#breakout-open"));
            assertEquals(true, shown(host, "#breakout-close"));
            assertEquals("b2", host.evaluate(assign + ".value").asText());
            assertEquals("Sam", host.evaluate("document.querySelector('.breakout-room[data-room-id=b2] .breakout-people').textContent").asText());
            // Drag Sam from Blue to Red, or to the main room; dropping Sam on Blue, where Sam is, sends nothing.
            String samInBlue = ".breakout-room[data-room-id=b2] .breakout-people li";
            assertDropped(host, samInBlue, ".breakout-room[data-room-id=b1]", samId, "b1");
            assertDropped(host, samInBlue, ".breakout-room[data-room-id=main]", samId, "main");
            JsonNode same = drag(host, samInBlue, ".breakout-room[data-room-id=b2]");
            assertEquals(0, same.path("sent").size(), same.toString());
            assertEquals(false, same.path("after").asBoolean(), same.toString());
            assertEquals(false, host.evaluate("document.querySelector('.breakout-room[data-room-id=main] .breakout-people li').draggable").asBoolean(),
                    "the host does not drag themself");
            host.evaluate("document.querySelector('.breakout-room[data-room-id=b2] .breakout-join').click(), true");
            assertEquals(Map.of("type", "breakoutsJoin", "roomId", "b2"), sent(host));
            host.evaluate("""
                    (() => {
                      document.querySelector('#breakout-broadcast').value = 'Five minutes left';
                      document.querySelector('#breakout-broadcast-send').click();
                      return true;
                    })()""");
            assertEquals(Map.of("type", "breakoutsBroadcast", "text", "Five minutes left"), sent(host));

            // A help request: the toolbar says so, the panel offers to join that room.
            host.evaluate("window.deliver({type: 'breakoutsHelpRequested', participantId: '" + samId
                    + "', displayName: 'Sam', roomId: 'b2', roomName: 'Blue'})");
            host.waitFor("document.querySelector('#breakout-toggle').textContent.includes('asking for help')", T);
            host.evaluate("document.querySelector('.breakout-help-requests button.primary').click(), true");
            assertEquals(Map.of("type", "breakoutsJoin", "roomId", "b2"), sent(host));

            // The host arrives in Blue: that answers the request; the panel marks where the host is.
            String samView = host.evaluate("JSON.stringify(window.zvc.room.store.state.participants.get('" + samId + "'))").asText();
            host.evaluate("window.deliver({type: 'roomChanged', roomId: 'b2', roomName: 'Blue', participants: [" + samView + "],"
                    + " policy: window.zvc.room.store.state.policy, chatHistory: [], raisedHands: [], recording: {active: false}})");
            host.waitFor("document.querySelector('#breakout-indicator')?.textContent === 'In Blue'", T);
            assertEquals("Breakout rooms", host.evaluate("document.querySelector('#breakout-toggle').textContent").asText());
            assertEquals(true, host.evaluate("document.querySelector('.breakout-room[data-room-id=b2]').getAttribute('aria-current') === 'true'"
                    + " && !document.querySelector('.breakout-room[data-room-id=b2] .breakout-join')").asBoolean());
            assertEquals(true, shown(host, "#grid .tile[data-participant-id=\"" + samId + "\"]"));

            // Closing: the grace countdown.
            host.evaluate("window.deliver(" + open.replace("closingAt: null", "closingAt: Date.now() + 45000") + ")");
            host.waitFor("/Returning to the main room in 0:4\\d/.test(document.querySelector('#breakout-countdown').textContent)", T);
            assertEquals(false, shown(host, "#breakout-close"));

            List<String> failures = new ArrayList<>();
            checkSizes(host, "host", List.of("#breakout-panel", "#breakout-countdown", "#breakout-indicator"), failures);

            // The participant: a room picker while they may choose.
            sam.evaluate("window.deliver(" + open + ")");
            sam.waitFor("document.querySelectorAll('.breakout-pick[data-room-id]').length === 2", T);
            sam.evaluate("document.querySelector('.breakout-pick[data-room-id=b1]').click(), true");
            assertEquals(Map.of("type", "breakoutsJoin", "roomId", "b1"), sent(sam));

            // Moved into Red: the indicator, Ask for help, Return; the host's tile goes.
            String hostView = sam.evaluate("JSON.stringify(window.zvc.room.store.state.participants.get('" + hostId + "'))").asText();
            sam.waitFor("!!document.querySelector('#grid .tile[data-participant-id=\"" + hostId + "\"]')", T);
            sam.evaluate("window.deliver({type: 'chat', message: {from: '" + hostId + "', fromName: 'Hana Host', text: 'said in main'}})");
            sam.evaluate("window.deliver({type: 'roomChanged', roomId: 'b1', roomName: 'Red', participants: [],"
                    + " policy: window.zvc.room.store.state.policy, raisedHands: [], recording: {active: false},"
                    + " chatHistory: [{from: 'someone', fromName: 'Rita', text: 'said in Red'}]})");
            sam.waitFor("document.querySelector('#breakout-indicator')?.textContent === 'In Red'", T);
            assertEquals("Rita said in Red", sam.evaluate("document.querySelector('.chat-list').textContent").asText(),
                    "the chat is the new room's");
            assertEquals(false, sam.evaluate("!!document.querySelector('#grid .tile[data-participant-id=\"" + hostId + "\"]')").asBoolean());
            assertEquals(true, shown(sam, "#breakout-indicator"));
            sam.evaluate("document.querySelector('#breakout-help').click(), true");
            assertEquals(Map.of("type", "breakoutsHelp"), sent(sam));
            sam.evaluate("document.querySelector('#breakout-return').click(), true");
            assertEquals(Map.of("type", "breakoutsReturn"), sent(sam));
            sam.evaluate("window.deliver({type: 'breakoutsBroadcast', from: 'Hana Host', text: 'Five minutes left'})");
            sam.waitFor("document.querySelector('#breakout-message').textContent === 'Message from Hana Host: Five minutes left'", T);
            checkSizes(sam, "participant", List.of("#breakout-indicator", "#breakout-return", "#breakout-help", "#breakout-message"), failures);

            // Back in the main room: the host's tile again, no indicator.
            sam.evaluate("window.deliver({type: 'roomChanged', roomId: 'main', roomName: 'Main room', participants: [" + hostView + "],"
                    + " policy: window.zvc.room.store.state.policy, chatHistory: [], raisedHands: [], recording: {active: false}})");
            sam.waitFor("!!document.querySelector('#grid .tile[data-participant-id=\"" + hostId + "\"]')", T);
            assertEquals(false, shown(sam, "#breakout-indicator"));
            assertEquals(false, shown(sam, "#breakout-return"));
            assertTrue(failures.isEmpty(), String.join("\n", failures));
        }
    }

    /** A breakouts message with rooms Red (b1) and Blue (b2); arguments are JavaScript expressions. */
    private static String breakouts(boolean open, boolean allowChoose, String red, String blue, String unassigned, String endsAt) {
        return "{type: 'breakouts', open: " + open + ", allowChoose: " + allowChoose + ", rooms: [{id: 'b1', name: 'Red', participants: "
                + red + "}, {id: 'b2', name: 'Blue', participants: " + blue + "}], unassigned: " + unassigned + ", endsAt: " + endsAt
                + ", closingAt: null}";
    }

    private static JsonNode drag(CdpPage page, String from, String to) {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        try {
            return page.evaluate(DRAG.formatted(json.writeValueAsString(from), json.writeValueAsString(to)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Dragging {@code from} onto {@code to} is accepted, highlights it until the drop, and sends one breakoutsAssign. */
    private static void assertDropped(CdpPage page, String from, String to, String participantId, String roomId) {
        JsonNode r = drag(page, from, to);
        assertTrue(r.path("draggable").asBoolean(), r.toString());
        assertEquals("breakout-drag-hint", r.path("described").asText(), r.toString());
        assertTrue(r.path("accepted").asBoolean(), "dragover accepted: " + r);
        assertTrue(r.path("highlighted").asBoolean(), "highlighted on dragover: " + r);
        assertEquals(false, r.path("after").asBoolean(), "no highlight after the drop: " + r);
        assertEquals(1, r.path("sent").size(), r.toString());
        assertEquals(Map.of("type", "breakoutsAssign", "participantId", participantId, "roomId", roomId),
                new com.fasterxml.jackson.databind.ObjectMapper().convertValue(r.path("sent").get(0), Map.class));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> sent(CdpPage page) {
        return new com.fasterxml.jackson.databind.ObjectMapper().convertValue(page.evaluate("window.lastSent()"), Map.class);
    }

    private static boolean shown(CdpPage page, String selector) {
        return page.evaluate("!!document.querySelector('" + selector + "')?.getClientRects().length").asBoolean();
    }

    /** At a laptop's and a phone's size: each element is shown inside the viewport; a screenshot of each. */
    private static void checkSizes(CdpPage page, String who, List<String> selectors, List<String> failures) throws Exception {
        for (int[] v : new int[][] {{1280, 800, 0}, {390, 844, 1}}) {
            page.setViewport(v[0], v[1], v[2] == 1);
            page.evaluate("new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))");
            for (String s : selectors) {
                page.evaluate("document.querySelector('" + s + "')?.scrollIntoView({block: 'nearest'}), true");
                page.evaluate(PLACEMENT.formatted("'" + s + "'")).forEach(p -> failures.add(who + " at " + v[0] + "x" + v[1] + ": " + p.asText()));
            }
            page.screenshot(Browsers.artifacts().resolve("breakouts-" + who + "-" + v[0] + "x" + v[1] + ".png"));
        }
    }
}
