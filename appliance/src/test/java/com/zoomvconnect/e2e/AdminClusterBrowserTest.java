package com.zoomvconnect.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.store.DatabaseConfig;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.BrowserTest;
import com.zoomvconnect.testing.PostgresServer;
import com.zoomvconnect.testing.SignalSocket;
import com.zoomvconnect.testing.TestAppliance;
import com.zoomvconnect.testing.browser.Axe;
import com.zoomvconnect.testing.browser.Browsers;
import com.zoomvconnect.testing.browser.CdpPage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's Cluster page in real Chromium against two cluster nodes on one real PostgreSQL:
 * served by node A, it lists both nodes alive with their version and load, and a meeting placed on
 * node B with its participant (a signaling client joined there); at 1280×800, 1920×1080 and 390×844
 * nothing is wider than the screen and axe-core finds no serious violation. Then node B stops
 * heartbeating (as if frozen or cut off) and the page shows it dead, with the age of its last
 * heartbeat. While its tab is hidden the page asks nothing, and refreshes once shown again.
 * Screenshots go to target/browser-artifacts/admin-cluster-*.png (docs/images/admin-cluster.png and
 * admin-cluster-dead.png are copies of the 1280×800 ones).
 */
class AdminClusterBrowserTest implements BrowserTest {
    private static final Duration T = Duration.ofSeconds(30);
    private static final Duration BEAT = Duration.ofMillis(500);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private record Size(String label, int width, int height, boolean phone) {
    }

    private static final Size[] SIZES = {new Size("1280x800", 1280, 800, false), new Size("1920x1080", 1920, 1080, false),
            new Size("390x844", 390, 844, true)};

    @Test
    void theDashboardListsBothNodesAMeetingOnTheOtherAndShowsANodeThatStopsAsDead() throws Exception {
        DatabaseConfig db = PostgresServer.shared().newDatabase();
        Appliance a = TestAppliance.startClusterNode(db, "node-a", BEAT, TIMEOUT, null);
        try (a; Appliance b = TestAppliance.startClusterNode(db, "node-b", BEAT, TIMEOUT, a);
             Browsers browsers = new Browsers("admin-cluster")) {
            var api = new ApiClient(a.httpsPort());
            var login = api.post("/api/v1/auth/register", null, Map.of("email", "ada@example.com", "password", "ada password",
                    "displayName", "Ada Admin")); // the first account is an administrator
            assertEquals(201, login.status(), login.body());
            String admin = login.json().path("accessToken").asText();

            // Meetings until one is placed on node B (placement picks the least loaded node); a guest joins each on its node.
            List<SignalSocket> guests = new ArrayList<>();
            String onB = null;
            for (int i = 1; i <= 6 && onB == null; i++) {
                String title = "Standup " + i;
                String id = api.post("/api/v1/meetings", admin, Map.of("title", title, "allowGuests", true)).json().path("id").asText();
                JsonNode grant = api.post("/api/v1/meetings/" + id + "/join", null, Map.of("displayName", "Guest " + i)).json();
                Appliance host = grant.path("node").asText().equals("node-b") ? b : a;
                SignalSocket guest = SignalSocket.join(host.httpsPort(), grant.path("token").asText());
                guest.next("welcome");
                guests.add(guest);
                if (host == b) {
                    onB = title;
                }
            }
            assertTrue(onB != null, "no meeting was placed on node-b");
            // Node B's heartbeat carries its participant: wait for it, so the page shows settled figures.
            for (int i = 0; i < 100 && !nodeRow(api, admin, "node-b").path("participants").asText().equals("1"); i++) {
                Thread.sleep(100);
            }

            CdpPage page = browsers.open("https://localhost:" + a.httpsPort() + "/");
            page.evaluate("localStorage.setItem('zvc.session', JSON.stringify(" + login.body() + ")), true");
            List<String> violations = new ArrayList<>();
            String nodeB = "document.querySelector('#cluster-nodes li[data-node=\"node-b\"]')";
            String bothAlive = "document.querySelectorAll('#cluster-nodes li.cluster-node').length === 2"
                    + " && [...document.querySelectorAll('#cluster-nodes .badge.node-alive')].length === 2"
                    + " && " + nodeB + "?.querySelector('.cluster-meeting')?.textContent.includes('" + onB + "')"
                    + " && " + nodeB + ".querySelector('.cluster-meeting .count').textContent === '1 participant'"
                    + " && " + nodeB + ".querySelector('.node-participants dd').textContent.startsWith('1 of ')";
            for (Size size : SIZES) {
                page.setViewport(size.width(), size.height(), size.phone());
                page.navigate("https://localhost:" + a.httpsPort() + "/admin/cluster", T);
                page.waitFor(bothAlive, T);
                assertTrue(page.evaluate("document.querySelector('#cluster-summary').textContent.startsWith('2 of 2 nodes alive')"
                        + " && document.querySelector('#cluster-summary').textContent.includes('node node-a')").asBoolean());
                assertTrue(page.evaluate(nodeB + ".querySelector('.node-url dd').textContent === 'https://127.0.0.1:" + b.httpsPort() + "'"
                        + " && !!" + nodeB + ".querySelector('.node-version dd').textContent"
                        + " && /^\\d+ s ago$/.test(" + nodeB + ".querySelector('.node-heartbeat dd').textContent)"
                        + " && document.querySelector('#cluster-nodes li[data-node=\"node-a\"] h2').textContent.includes('this node')").asBoolean(),
                        "node B's address, version and heartbeat age, node A marked as this node");
                assertFits(page, size);
                page.screenshot(Browsers.artifacts().resolve("admin-cluster-" + size.label() + ".png"));
                Axe.seriousViolations(page).forEach(v -> violations.add(size.label() + ": " + v));
            }
            assertTrue(violations.isEmpty(), "axe-core, serious or critical:\n" + String.join("\n", violations));
            page.setViewport(1280, 800, false);
            page.waitFor(bothAlive, T);
            // The Cluster page is reached from the navigation by keyboard: a link, in tab order, named "Cluster".
            assertTrue(page.evaluate("(() => { const l = [...document.querySelectorAll('.admin-nav a')].find(a => a.textContent === 'Cluster');"
                    + " return !!l && l.tabIndex === 0 && l.getAttribute('aria-current') === 'page'; })()").asBoolean());

            // A hidden tab asks nothing (over two poll intervals); shown again, it refreshes at once.
            page.evaluate("""
                    (() => {
                      window.zvcClusterCalls = 0;
                      const f = window.fetch;
                      window.fetch = (url, init) => { if (String(url).endsWith('/admin/cluster')) window.zvcClusterCalls++; return f(url, init); };
                      Object.defineProperty(document, 'hidden', {configurable: true, get: () => window.zvcHidden === true});
                      window.zvcHidden = true;
                      return true;
                    })()""");
            Thread.sleep(500); // a request already on its way when the tab was hidden
            int before = page.evaluate("window.zvcClusterCalls").asInt();
            Thread.sleep(11_000);
            assertEquals(before, page.evaluate("window.zvcClusterCalls").asInt(), "no polling while the tab is hidden");
            page.evaluate("window.zvcHidden = false, document.dispatchEvent(new Event('visibilitychange')), true");
            page.waitFor("window.zvcClusterCalls > " + before, Duration.ofSeconds(3));

            // Node B stops heartbeating: within the node timeout (5 s) plus a poll (5 s) the page shows it dead.
            long stopped = System.nanoTime();
            b.cluster().orElseThrow().membership().halt();
            page.waitFor(nodeB + "?.querySelector('.badge.node-dead') && " + nodeB + ".classList.contains('dead')", T);
            long shownMillis = (System.nanoTime() - stopped) / 1_000_000;
            page.waitFor("document.querySelector('#cluster-summary').textContent.startsWith('1 of 2 nodes alive')", T);
            int age = page.evaluate("parseInt(" + nodeB + ".querySelector('.node-heartbeat dd').textContent)").asInt();
            assertTrue(age >= TIMEOUT.toSeconds(), "a dead node's last heartbeat is at least the timeout old: " + age + " s");
            // Its meeting is still placed on it until someone joins again, and nobody can ask it for the participants.
            page.waitFor(nodeB + ".querySelector('.cluster-meeting .count').textContent.includes('participants unknown')", T);
            page.screenshot(Browsers.artifacts().resolve("admin-cluster-dead-1280x800.png"));
            System.out.printf("node-b shown dead %d ms after its heartbeats stopped (node timeout %d ms, page polls every 5 s)%n",
                    shownMillis, TIMEOUT.toMillis());
            assertTrue(nodeRow(api, admin, "node-a").path("alive").asBoolean());
            guests.forEach(SignalSocket::close);
        }
    }

    /** A node's row in {@code /admin/cluster}. */
    private static JsonNode nodeRow(ApiClient api, String token, String node) {
        for (JsonNode n : api.get("/api/v1/admin/cluster", token).json().path("nodes")) {
            if (n.path("node").asText().equals(node)) {
                return n;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /** Nothing wider than the screen (no sideways scrolling), on a phone too. */
    private static void assertFits(CdpPage page, Size size) {
        JsonNode r = page.evaluate("""
                (() => {
                  const c = document.querySelector('.admin-content').getBoundingClientRect();
                  const cards = [...document.querySelectorAll('#cluster-nodes li.cluster-node')].map(n => n.getBoundingClientRect().right);
                  return {contentRight: c.right, cardRight: Math.max(...cards), scrollWidth: document.documentElement.scrollWidth,
                          width: window.innerWidth};
                })()""");
        assertTrue(r.path("scrollWidth").asInt() <= r.path("width").asInt() && r.path("width").asInt() <= size.width()
                && r.path("cardRight").asDouble() <= r.path("contentRight").asDouble(), size.label() + ": wider than the screen " + r);
    }
}
