package com.zoomvconnect.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.store.DatabaseConfig;
import com.zoomvconnect.testing.BrowserTest;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.HaproxyFront;
import com.zoomvconnect.testing.NodeProcess;
import com.zoomvconnect.testing.Ports;
import com.zoomvconnect.testing.PostgresServer;
import com.zoomvconnect.testing.browser.Browsers;
import com.zoomvconnect.testing.browser.CdpPage;
import com.zoomvconnect.testing.browser.Decoding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * docs/cluster.md's HAProxy configuration, run by Debian's haproxy in front of two appliance
 * processes (each a JVM of its own, {@link NodeProcess}) on one PostgreSQL, with the document's
 * names mapped to loopback: REST through the shared name reaches both nodes; two Chromiums open
 * the meeting through the shared name, signal through HAProxy (by SNI) with the node hosting it and
 * decode each other; then SIGKILL of that node: both pages rejoin by themselves (the web client's
 * automatic rejoin) on the other node, through the same front, and decode each other again. The
 * time from the kill to both decoding again is printed and written down in docs/cluster.md.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HaproxyFrontTest implements BrowserTest {
    private final List<NodeProcess> nodes = new ArrayList<>();
    @RegisterExtension
    final AfterTestExecutionCallback nodeLogs = NodeProcess.logsOnFailure(nodes);
    private HaproxyFront front;
    private Browsers browsers;
    private CdpPage ann;
    private CdpPage bob;
    private String hostToken;
    private int hosting;

    @BeforeAll
    void start() throws Exception {
        DatabaseConfig db = PostgresServer.shared().newDatabase();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path dir = Files.createTempDirectory("zvc-haproxy-");
        int https = Ports.free();
        int http = Ports.free();
        // Each node's advertised URL is its own name on the front (docs/cluster.md "Set-up"), which its JVM resolves to loopback.
        var jvm = new ArrayList<>(NodeProcess.TEST_JVM_OPTIONS);
        jvm.add("-Djdk.net.hosts.file=" + HaproxyFront.hostsFile(dir, 2));
        for (int i = 1; i <= 2; i++) {
            nodes.add(NodeProcess.start("node" + i, db, key,
                    Map.of("advertised-url", "https://" + HaproxyFront.nodeName(i) + ":" + https), jvm));
        }
        for (NodeProcess n : nodes) {
            n.awaitReady(Duration.ofSeconds(240));
        }
        front = HaproxyFront.start(dir, https, http, nodes.stream().map(NodeProcess::httpsPort).toList())
                .awaitAllUp(Duration.ofSeconds(30));
        var r = shared().post("/api/v1/auth/register", null, Map.of("email", "host@example.com", "password", "password1",
                "displayName", "Host"));
        assertEquals(201, r.status(), r.body());
        hostToken = r.json().path("accessToken").asText(); // the first account: an administrator
    }

    @AfterAll
    void stop() throws Exception {
        if (browsers != null) {
            browsers.close();
        }
        if (front != null) {
            System.out.println(front.log());
            front.close();
        }
        nodes.forEach(NodeProcess::close);
    }

    /** A new connection to the front naming the shared name, as a browser's page does. */
    private ApiClient shared() {
        return ApiClient.withServerName(front.httpsPort(), HaproxyFront.SHARED_NAME);
    }

    private long sessions(String server) throws Exception {
        var s = front.servers().get(server);
        assertTrue(s != null, server + " in " + front.servers());
        return s.sessions();
    }

    private String signalUrl(int node) {
        return "wss://" + HaproxyFront.nodeName(node) + ":" + front.httpsPort() + "/signal";
    }

    @Test
    @Order(1)
    void restThroughTheSharedNameReachesEveryNodeAndEachNodesNameReachesThatNode() throws Exception {
        long any1 = sessions("zvc_any/node1");
        long any2 = sessions("zvc_any/node2");
        for (int i = 0; i < 6; i++) {
            var list = shared().get("/api/v1/meetings", hostToken); // the same token on every node
            assertEquals(200, list.status(), list.body());
        }
        assertTrue(sessions("zvc_any/node1") > any1 && sessions("zvc_any/node2") > any2, "both nodes answered: " + front.servers());

        for (int i = 1; i <= 2; i++) {
            long before = sessions("zvc_node" + i + "/node" + i);
            var ready = ApiClient.withServerName(front.httpsPort(), HaproxyFront.nodeName(i)).get("/health/ready", null);
            assertEquals(200, ready.status(), ready.body());
            assertEquals(before + 1, sessions("zvc_node" + i + "/node" + i), HaproxyFront.nodeName(i) + " reached node" + i);
        }
    }

    @Test
    @Order(2)
    void plainHttpIsSentToHttps() throws Exception {
        var r = ApiClient.plainHttp(front.httpPort()).get("/j/abc-defg-hij", null);
        assertEquals(301, r.status(), r.body());
        assertTrue(r.header("Location").startsWith("https://") && r.header("Location").endsWith("/j/abc-defg-hij"),
                r.header("Location"));
    }

    @Test
    @Order(3)
    void twoBrowsersJoinThroughTheSharedNameSignalWithTheHostingNodeAndDecodeEachOther() throws Exception {
        var created = shared().post("/api/v1/meetings", hostToken, Map.of("title", "Behind HAProxy", "allowGuests", true));
        assertEquals(201, created.status(), created.body());
        String id = created.json().path("id").asText();
        String code = created.json().path("code").asText();
        browsers = new Browsers("haproxy-front").prelaunch(2, HaproxyFront.RESOLVER_RULES);
        String page = "https://" + HaproxyFront.SHARED_NAME + ":" + front.httpsPort() + "/j/" + code + "?autojoin=1&res=180&name=";
        ann = browsers.open(page + "Ann");
        bob = browsers.open(page + "Bob");
        for (CdpPage p : List.of(ann, bob)) {
            p.waitFor("window.zvc?.room?.state === 'joined'", Duration.ofSeconds(90));
        }
        String url = ann.evaluate("window.zvc.room.signal.url").asText();
        hosting = url.equals(signalUrl(1)) ? 1 : 2;
        assertEquals(signalUrl(hosting), url, "Ann signals with a node by its name on the front");
        assertEquals(url, bob.evaluate("window.zvc.room.signal.url").asText(), "Bob with the same node");
        Decoding.await(ann, "Bob", Duration.ofSeconds(60));
        Decoding.await(bob, "Ann", Duration.ofSeconds(60));
        assertEquals(2, nodes.get(hosting - 1).status().path("participants").asInt(), "both pages on node" + hosting);
        assertEquals(0, nodes.get(2 - hosting).status().path("participants").asInt());

        // The dashboard's live list, asked through the shared name, gathers both nodes: the nodes reach each other by their names on the front.
        var live = shared().get("/api/v1/admin/meetings/live", hostToken);
        assertEquals(200, live.status(), live.body());
        assertEquals(0, live.json().path("unreachableNodes").size(), live.body());
        JsonNode listed = null;
        for (JsonNode m : live.json().path("items")) {
            if (m.path("id").asText().equals(id)) {
                listed = m;
            }
        }
        assertTrue(listed != null && listed.path("participants").size() == 2, live.body());
    }

    @Test
    @Order(4)
    void afterSigkillOfTheHostingNodeBothBrowsersRejoinByThemselvesAndDecodeEachOtherAgain() throws Exception {
        assertTrue(ann != null && hosting > 0, "the browsers of the test before are in the meeting");
        int other = 3 - hosting;
        String moved = signalUrl(other);
        long killed = System.nanoTime();
        System.out.printf("SIGKILL of node%d at %s%n", hosting, Instant.now());
        nodes.get(hosting - 1).kill();
        var annBack = CompletableFuture.supplyAsync(() -> backAndDecoding(ann, "Bob", moved, killed));
        var bobBack = CompletableFuture.supplyAsync(() -> backAndDecoding(bob, "Ann", moved, killed));
        long[] a = annBack.get(90, TimeUnit.SECONDS);
        long[] b = bobBack.get(90, TimeUnit.SECONDS);
        long millis = Math.max(a[1], b[1]);
        System.out.printf("browser failover through HAProxy: SIGKILL of node%d -> Ann joined node%d after %d ms, decoding after %d ms;"
                        + " Bob joined after %d ms, decoding after %d ms; both decoding each other after %d ms (load %s)%n",
                hosting, other, a[0], a[1], b[0], b[1], millis, Files.readString(Path.of("/proc/loadavg")).trim());
        assertEquals(2, nodes.get(other - 1).status().path("participants").asInt(), "both pages on node" + other);
        assertNotEquals(signalUrl(hosting), ann.evaluate("window.zvc.room.signal.url").asText());
        assertTrue(millis <= 15_000, "both decoding each other again within 15 s of the kill: " + millis + " ms");
    }

    /**
     * Waits until {@code page} is in the room on {@code url} and decodes {@code from} there; returns
     * the milliseconds from {@code since} to each.
     */
    private static long[] backAndDecoding(CdpPage page, String from, String url, long since) {
        page.waitFor("window.zvc?.room?.state === 'joined' && window.zvc.room.signal.url === '" + url + "'", Duration.ofSeconds(60));
        long joined = (System.nanoTime() - since) / 1_000_000;
        Decoding.await(page, from, Duration.ofSeconds(30));
        return new long[] {joined, (System.nanoTime() - since) / 1_000_000};
    }
}
