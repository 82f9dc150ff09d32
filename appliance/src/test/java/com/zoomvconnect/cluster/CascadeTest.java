package com.zoomvconnect.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.loadgen.LatencyHistogram;
import com.zoomvconnect.loadgen.SyntheticPublisher;
import com.zoomvconnect.loadgen.SyntheticSubscriber;
import com.zoomvconnect.testing.NodeProcess;
import com.zoomvconnect.testing.SuiteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
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
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A cascaded webinar on three appliance processes (docs/cluster.md, "Cascading"): with
 * {@code cluster.cascade.threshold} 2, the host publishes on the meeting's node (the origin), the
 * first attendee joins there too, and once the origin's heartbeat counts two participants the next
 * attendees are sent to the other nodes, one each, which relay the host's media from the origin over
 * a relay link. Every attendee decodes audio and video with under 1 % loss; the delay from the
 * publisher's send stamp to each attendee is printed (docs/performance.md, "Cluster"). The last
 * viewer leaving an edge closes its link; when the origin dies, an edge's viewer rejoins and decodes again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ResourceLock(SuiteOrder.CPU) // three appliance processes and PostgreSQL: never beside the soak (docs/testing.md)
class CascadeTest {
    private final List<NodeProcess> nodes = new ArrayList<>();
    @RegisterExtension
    final AfterTestExecutionCallback nodeLogs = NodeProcess.logsOnFailure(nodes);
    private final List<AutoCloseable> clients = new ArrayList<>();
    private final List<SyntheticSubscriber> viewers = new ArrayList<>();
    private final List<LatencyHistogram> delays = new ArrayList<>();
    private String hostToken;
    private String code;
    private String origin;
    private SyntheticPublisher presenter;

    @BeforeAll
    void start() throws Exception {
        nodes.addAll(NodeProcess.startCluster(3, clusterSettings()));
        var r = nodes.getFirst().api().post("/api/v1/auth/register", null, Map.of("email", "host@example.com",
                "password", "password1", "displayName", "Host"));
        assertEquals(201, r.status(), r.body());
        hostToken = r.json().path("accessToken").asText();
    }

    /** The nodes' {@code cluster.*} settings: the PostgreSQL bus here; a subclass runs the cascade on another bus. */
    Map<String, String> clusterSettings() {
        return Map.of("backend", "postgres", "cascade.threshold", "2");
    }

    @AfterAll
    void stop() {
        NodeProcess.stopAll(clients, nodes);
    }

    private NodeProcess node(String id) {
        return nodes.stream().filter(n -> n.nodeId().equals(id)).findFirst().orElseThrow(() -> new AssertionError(id));
    }

    private String nodeOf(String signalingUrl) {
        return nodes.stream().filter(n -> signalingUrl.equals("wss://127.0.0.1:" + n.httpsPort() + "/signal"))
                .map(NodeProcess::nodeId).findFirst().orElseThrow(() -> new AssertionError(signalingUrl));
    }

    /** The participants of {@code nodeId}'s last heartbeat, as every node reads them from the database. */
    private int heartbeatParticipants(String nodeId) throws Exception {
        for (JsonNode n : nodes.getFirst().status().path("cluster").path("nodes")) {
            if (n.path("node").asText().equals(nodeId)) {
                return n.path("participants").asInt();
            }
        }
        throw new AssertionError("no node " + nodeId);
    }

    /** What each viewer received and each node's SFU counted: where media stopped when a wait times out. */
    private String mediaState() {
        var out = new StringBuilder();
        for (int i = 0; i < viewers.size(); i++) {
            long[] t = viewers.get(i).totals();
            out.append(String.format("viewer%d at %s: %d streams, %d packets, %d lost, %d video frames; ", i,
                    nodeOf(viewers.get(i).signal().url()), viewers.get(i).streamCount(), t[0], t[2], t[4]));
        }
        for (NodeProcess n : nodes) {
            try {
                var m = n.metrics();
                out.append(n.nodeId()).append(": ");
                m.entrySet().stream().filter(e -> e.getKey().startsWith("zvc_sfu_") && e.getValue() != 0)
                        .sorted(Map.Entry.comparingByKey())
                        .forEach(e -> out.append(e.getKey()).append('=').append(e.getValue().longValue()).append(' '));
                out.append("; ");
            } catch (RuntimeException e) {
                out.append(n.nodeId()).append(": no metrics (").append(e.getMessage()).append("); ");
            }
        }
        return out.toString();
    }

    private SyntheticSubscriber viewer(String name) {
        var delay = new LatencyHistogram();
        var s = SyntheticSubscriber.start(nodes.getFirst().base(), code, name, delay);
        clients.add(s);
        viewers.add(s);
        delays.add(delay);
        return s;
    }

    @Test
    @Order(1)
    void attendeesOnAllThreeNodesDecodeThePresenterWithUnderOnePercentLoss() throws Exception {
        var created = nodes.getFirst().api().post("/api/v1/meetings", hostToken, Map.of("title", "Cascaded webinar",
                "allowGuests", true, "webinar", true, "waitingRoom", false));
        assertEquals(201, created.status(), created.body());
        code = created.json().path("code").asText();
        presenter = SyntheticPublisher.start(nodes.getFirst().base(), code, "Presenter", hostToken, 300_000, 15, false);
        clients.add(presenter);
        origin = nodeOf(presenter.signal().url());

        assertEquals(origin, nodeOf(viewer("viewer0").signal().url()), "below the threshold the origin takes attendees");
        ClientRejoin.await(() -> quietly(() -> heartbeatParticipants(origin) >= 2), Duration.ofSeconds(20), "the origin's heartbeat");
        String edge1 = nodeOf(viewer("viewer1").signal().url());
        assertNotEquals(origin, edge1, "at the threshold an attendee goes to another node");
        ClientRejoin.await(() -> quietly(() -> heartbeatParticipants(edge1) >= 1), Duration.ofSeconds(20), "the edge's heartbeat");
        String edge2 = nodeOf(viewer("viewer2").signal().url());
        assertEquals(3, new HashSet<>(List.of(origin, edge1, edge2)).size(), "attendees on all three nodes");

        for (SyntheticSubscriber v : viewers) {
            try {
                ClientRejoin.await(() -> v.streamCount() == 2 && v.totals()[4] > 10, Duration.ofSeconds(60),
                        "audio and video at " + v.signal().url());
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; " + mediaState(), e);
            }
        }
        // Each edge: its viewer and the relayed presenter; the origin: presenter, viewer and the two relay links.
        assertEquals(2, node(edge1).status().path("participants").asInt());
        assertEquals(2, node(edge2).status().path("participants").asInt());
        assertEquals(4, node(origin).status().path("participants").asInt());

        // The edges' rooms hold the presenter under the name and role the origin's room gives them.
        var live = node(edge1).api().get("/api/v1/admin/meetings/live", hostToken);
        assertEquals(200, live.status(), live.body());
        Map<String, String> hostNameByNode = new java.util.HashMap<>();
        for (JsonNode m : live.json().path("items")) {
            if (m.path("id").asText().equals(created.json().path("id").asText())) {
                m.path("participants").forEach(p -> {
                    if (p.path("role").asText().equals("host")) {
                        hostNameByNode.put(m.path("node").asText(), p.path("displayName").asText());
                    }
                });
            }
        }
        assertEquals(3, hostNameByNode.size(), live.body());
        assertEquals(1, new HashSet<>(hostNameByNode.values()).size(), "the presenter's name on every node: " + hostNameByNode);

        // A measured window, after the start-up.
        delays.forEach(LatencyHistogram::reset);
        long[][] before = viewers.stream().map(SyntheticSubscriber::totals).toArray(long[][]::new);
        Thread.sleep(15_000);
        String load = Files.readString(Path.of("/proc/loadavg")).trim();
        for (int i = 0; i < viewers.size(); i++) {
            long[] after = viewers.get(i).totals();
            long packets = after[0] - before[i][0];
            long lost = after[2] - before[i][2];
            double loss = 100.0 * lost / Math.max(1, packets + lost);
            LatencyHistogram d = delays.get(i);
            System.out.printf("cascade: viewer%d on %s (%s): %d packets, %d lost (%.2f %%), %d frames; delay p50 %.2f ms, "
                            + "p95 %.2f ms, p99 %.2f ms (load %s)%n", i, nodeOf(viewers.get(i).signal().url()),
                    i == 0 ? "origin" : "edge", packets, lost, loss, after[4] - before[i][4], d.percentile(50) / 1000.0,
                    d.percentile(95) / 1000.0, d.percentile(99) / 1000.0, load);
            assertTrue(packets > 200, "media kept flowing to viewer" + i + ": " + packets + " packets");
            assertTrue(loss < 1.0, "viewer" + i + " lost " + loss + " %");
        }
    }

    @Test
    @Order(2)
    void theRelayLinkClosesWithItsEdgesLastViewer() throws Exception {
        SyntheticSubscriber last = viewers.get(2);
        String edge = nodeOf(last.signal().url());
        last.close();
        ClientRejoin.await(() -> quietly(() -> node(edge).status().path("participants").asInt() == 0), Duration.ofSeconds(20),
                "the edge's room empty (viewer gone, relayed presenter gone with the link)");
        ClientRejoin.await(() -> quietly(() -> node(origin).status().path("participants").asInt() == 3), Duration.ofSeconds(20),
                "the relay link gone from the origin's room");
        // The other edge still receives.
        long frames = viewers.get(1).totals()[4];
        ClientRejoin.await(() -> viewers.get(1).totals()[4] > frames + 15, Duration.ofSeconds(10), "the other edge's viewer");
    }

    /**
     * The origin dies: the edge lets its viewer go ("origin lost"), the viewer asks a live node for a
     * fresh grant as the web client does after its resumes, the presenter rejoins as in
     * {@link ThreeNodesTest}, and the viewer decodes the presenter again wherever the meeting is now.
     */
    @Test
    @Order(3)
    void whenTheOriginDiesTheEdgesViewerRejoinsAndDecodesAgain() throws Exception {
        SyntheticSubscriber edgeViewer = viewers.get(1);
        NodeProcess live = node(nodeOf(edgeViewer.signal().url()));
        long killed = System.nanoTime();
        node(origin).kill();
        edgeViewer.signal().closed().get(20, TimeUnit.SECONDS);
        long let = (System.nanoTime() - killed) / 1_000_000;
        var rejoined = CompletableFuture.supplyAsync(() -> ClientRejoin.rejoin(presenter.signal(),
                () -> SyntheticPublisher.start(live.base(), code, "Presenter", hostToken, 300_000, 15, false)));
        SyntheticSubscriber again = SyntheticSubscriber.start(live.base(), code, "viewer1", new LatencyHistogram());
        clients.add(again);
        SyntheticPublisher back = rejoined.get(60, TimeUnit.SECONDS);
        clients.add(back);
        ClientRejoin.await(() -> again.streamCount() == 2 && again.totals()[4] > 10, Duration.ofSeconds(30),
                "the viewer decoding the presenter again");
        System.out.printf("cascade failover: origin %s killed; its edge let the viewer go after %d ms; decoding again on %s "
                        + "(presenter on %s) after %d ms (load %s)%n", origin, let, nodeOf(again.signal().url()),
                nodeOf(back.signal().url()), (System.nanoTime() - killed) / 1_000_000,
                Files.readString(Path.of("/proc/loadavg")).trim());
    }

    private interface Check {
        boolean get() throws Exception;
    }

    private static boolean quietly(Check c) {
        try {
            return c.get();
        } catch (Exception e) {
            return false;
        }
    }
}
