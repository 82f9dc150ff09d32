package com.zoomvconnect.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.admin.AdminClient;
import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.store.DatabaseConfig;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.PostgresServer;
import com.zoomvconnect.testing.SignalSocket;
import com.zoomvconnect.testing.TestAppliance;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two appliances in cluster mode on one PostgreSQL, in one JVM: REST on either, the join grant
 * naming the node that hosts the meeting, a host's and an administrator's action on one node
 * reaching a participant on the other, a node counted dead for a while handing the copy of its
 * meeting over to the node that took it (fencing), and a node that stops heartbeating losing its
 * meeting to the other after the timeout.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodesTest {
    static final Duration BEAT = Duration.ofMillis(500);
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private Appliance a;
    private Appliance b;
    private String hostToken;

    @BeforeAll
    void start() {
        DatabaseConfig db = PostgresServer.shared().newDatabase();
        a = TestAppliance.startClusterNode(db, cluster("node-a"), null);
        b = TestAppliance.startClusterNode(db, cluster("node-b"), a);
        var r = api(a).post("/api/v1/auth/register", null, Map.of("email", "host@example.com", "password", "password1",
                "displayName", "Host"));
        assertEquals(201, r.status(), r.body());
        hostToken = r.json().path("accessToken").asText();
    }

    /** A node's cluster settings: the PostgreSQL bus here; a subclass runs the same tests on another bus. */
    ClusterConfig cluster(String nodeId) {
        return ClusterConfig.postgres(nodeId, BEAT, TIMEOUT);
    }

    @AfterAll
    void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    private static ApiClient api(Appliance node) {
        return new ApiClient(node.httpsPort());
    }

    private Appliance node(String id) {
        return switch (id) {
            case "node-a" -> a;
            case "node-b" -> b;
            default -> throw new AssertionError("unknown node " + id);
        };
    }

    private Appliance other(Appliance node) {
        return node == a ? b : a;
    }

    private String newMeeting(Appliance via) {
        var r = api(via).post("/api/v1/meetings", hostToken, Map.of("title", "Spread", "allowGuests", true));
        assertEquals(201, r.status(), r.body());
        return r.json().path("id").asText();
    }

    private JsonNode guestGrant(Appliance via, String meetingId, String name) {
        var r = api(via).post("/api/v1/meetings/" + meetingId + "/join", null, Map.of("displayName", name));
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    @Test
    @Order(1)
    void bothNodesRegisterAndEitherAnswersTheApi() throws Exception {
        List<ClusterNode> nodes = a.cluster().orElseThrow().membership().nodes();
        assertEquals(List.of("node-a", "node-b"), nodes.stream().map(ClusterNode::nodeId).toList());
        assertTrue(nodes.stream().allMatch(ClusterNode::alive), nodes.toString());
        assertEquals("https://127.0.0.1:" + b.httpsPort(), nodes.get(1).url());
        JsonNode status = AdminClient.forDataDir(b.config().dataDir()).call("status", Map.of()).path("result").path("cluster");
        assertEquals("node-b", status.path("node").asText(), status.toString());
        assertEquals(2, status.path("nodes").size(), status.toString());
        assertTrue(status.path("nodes").get(0).path("alive").asBoolean(), status.toString());
        assertEquals(cluster("node-b").backend().wire(), status.path("busBackend").asText(), status.toString());
        assertTrue(status.path("busListening").asBoolean(), status.toString());
        JsonNode first = status.path("nodes").get(0);
        assertEquals("development", first.path("version").asText(), "the version each node records (no jar manifest in tests): " + first);
        assertTrue(first.path("heartbeatAgeMillis").asLong() < TIMEOUT.toMillis(), first.toString());

        // The dashboard's Cluster page reads the same through the REST API, on either node.
        JsonNode rest = api(b).get("/api/v1/admin/cluster", hostToken).json(); // the first account is an admin
        assertTrue(rest.path("clustered").asBoolean(), rest.toString());
        assertEquals("node-b", rest.path("thisNode").asText(), rest.toString());
        assertEquals(TIMEOUT.toMillis(), rest.path("nodeTimeoutMillis").asLong(), rest.toString());
        assertEquals(List.of("node-a:false", "node-b:true"), java.util.stream.StreamSupport.stream(rest.path("nodes").spliterator(), false)
                .map(n -> n.path("node").asText() + ":" + n.path("self").asBoolean()).toList(), rest.toString());
        assertTrue(rest.path("nodes").get(0).path("alive").asBoolean() && rest.path("nodes").get(0).has("capacity"), rest.toString());

        String id = newMeeting(a);
        var read = api(b).get("/api/v1/meetings/" + id, hostToken); // a token from node a, read on node b
        assertEquals(200, read.status(), read.body());
        assertEquals("Spread", read.json().path("title").asText());
    }

    @Test
    @Order(2)
    void theGrantNamesTheHostingNodeAndOnlyItAdmits() throws Exception {
        String id = newMeeting(a);
        JsonNode grant = guestGrant(b, id, "Guest");
        Appliance host = node(grant.path("node").asText());
        assertEquals("wss://127.0.0.1:" + host.httpsPort() + "/signal", grant.path("signalingUrl").asText());
        assertEquals(grant.path("node").asText(), guestGrant(a, id, "Again").path("node").asText(), "sticky, asked anywhere");

        var astray = SignalSocket.join(other(host).httpsPort(), guestGrant(a, id, "Astray").path("token").asText());
        JsonNode refusal = astray.next();
        assertEquals("wrong_node", refusal.path("code").asText(), refusal.toString());
        assertEquals(1008, astray.closed.get(30, TimeUnit.SECONDS));

        var guest = SignalSocket.join(host.httpsPort(), grant.path("token").asText());
        assertEquals("welcome", guest.next().path("type").asText());
        assertEquals(1, host.liveMeetings().participantCount());
        assertEquals(0, other(host).liveMeetings().participantCount());

        // The host ends the meeting through the other node: the event crosses to the hosting node's room.
        var end = api(other(host)).post("/api/v1/meetings/" + id + "/end", hostToken, Map.of());
        assertEquals(200, end.status(), end.body());
        assertEquals("meetingEnded", guest.next("meetingEnded").path("type").asText());
    }

    @Test
    @Order(3)
    void anAdministratorEndsAMeetingFromTheOtherNodesDashboard() throws Exception {
        String id = newMeeting(a);
        JsonNode grant = guestGrant(a, id, "Guest");
        Appliance host = node(grant.path("node").asText());
        var guest = SignalSocket.join(host.httpsPort(), grant.path("token").asText());
        assertEquals("welcome", guest.next().path("type").asText());

        var end = api(other(host)).post("/api/v1/admin/meetings/" + id + "/end", hostToken, Map.of()); // the first account is an admin
        assertEquals(200, end.status(), end.body());
        assertEquals("meetingEnded", guest.next("meetingEnded").path("type").asText());
        var notLive = api(other(host)).post("/api/v1/admin/meetings/" + newMeeting(a) + "/end", hostToken, Map.of());
        assertEquals("not_live", notLive.errorCode(), notLive.body());
    }

    @Test
    @Order(4)
    void aNodeCountedDeadHandsItsMeetingOverWhenItBeatsAgain() throws Exception {
        String id = newMeeting(a);
        JsonNode firstGrant = guestGrant(a, id, "First");
        Appliance old = node(firstGrant.path("node").asText());
        Appliance holder = other(old);
        String holderId = holder.cluster().orElseThrow().config().nodeId();
        var first = SignalSocket.join(old.httpsPort(), firstGrant.path("token").asText());
        JsonNode welcome = first.next();
        assertEquals("welcome", welcome.path("type").asText(), welcome.toString());

        // Cut off from the database (as far as the others can tell): after the timeout a join places the meeting elsewhere.
        old.cluster().orElseThrow().membership().pause();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode grant = guestGrant(holder, id, "Later");
        while (!grant.path("node").asText().equals(holderId)) {
            assertTrue(System.nanoTime() < deadline, "not re-placed within 30 s: " + grant);
            Thread.sleep(200);
            grant = guestGrant(holder, id, "Later");
        }
        var later = SignalSocket.join(holder.httpsPort(), grant.path("token").asText());
        assertEquals("welcome", later.next().path("type").asText());
        assertEquals(1, old.liveMeetings().participantCount(), "two copies of the meeting run now");
        assertEquals(1, holder.liveMeetings().participantCount());

        // Back in touch: the old node hands its copy over within a heartbeat or two; its participant is sent to rejoin, not told it ended.
        old.cluster().orElseThrow().membership().resume();
        assertEquals(1000, first.closed.get(30, TimeUnit.SECONDS));
        assertEquals("moved", first.closeReason.get());
        for (JsonNode m = first.poll(Duration.ZERO); m != null; m = first.poll(Duration.ZERO)) {
            assertTrue(!m.path("type").asText().equals("meetingEnded"), "told the meeting ended: " + m);
        }
        assertTrue(old.liveMeetings().meeting(id).isEmpty(), "the old node's copy is closed");
        assertEquals(holderId, holder.cluster().orElseThrow().placement().holder(id).orElseThrow(), "the lease stays with the new host");

        // The web client's rejoin: a resume on the old node is refused, a fresh grant names the new host, both meet there.
        var resume = new SignalSocket(old.httpsPort());
        resume.send("{\"type\":\"join\",\"resume\":\"" + welcome.path("resumeToken").asText() + "\"}");
        JsonNode refused = resume.next();
        assertEquals("error", refused.path("type").asText(), refused.toString());
        JsonNode again = guestGrant(old, id, "First");
        assertEquals(holderId, again.path("node").asText(), again.toString());
        var back = SignalSocket.join(holder.httpsPort(), again.path("token").asText());
        JsonNode welcomeBack = back.next();
        assertEquals("welcome", welcomeBack.path("type").asText(), welcomeBack.toString());
        assertEquals(List.of("Later"), java.util.stream.StreamSupport.stream(welcomeBack.path("participants").spliterator(), false)
                .map(p -> p.path("displayName").asText()).filter(n -> !n.equals("First")).toList(), welcomeBack.toString());
        assertEquals(2, holder.liveMeetings().participantCount());
        back.close();
        later.close();
    }

    @Test
    @Order(5)
    void aNodeThatStopsHeartbeatingLosesItsMeetingToTheOther() throws Exception {
        String id = newMeeting(a);
        Appliance dying = node(guestGrant(a, id, "First").path("node").asText());
        Appliance survivor = other(dying);
        dying.cluster().orElseThrow().membership().halt(); // as if killed: no goodbye, no more heartbeats

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode grant = guestGrant(survivor, id, "Later");
        while (!grant.path("node").asText().equals(survivor.cluster().orElseThrow().config().nodeId())) {
            assertTrue(System.nanoTime() < deadline, "not re-placed within 30 s: " + grant);
            Thread.sleep(200);
            grant = guestGrant(survivor, id, "Later");
        }
        var later = SignalSocket.join(survivor.httpsPort(), grant.path("token").asText());
        assertEquals("welcome", later.next().path("type").asText());
        assertEquals(survivor.cluster().orElseThrow().config().nodeId(),
                survivor.cluster().orElseThrow().placement().holder(id).orElseThrow());
        later.close();
    }
}
