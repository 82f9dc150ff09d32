package com.zoomvconnect.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.meeting.MeetingPlacement.HostingNode;
import com.zoomvconnect.store.Database;
import com.zoomvconnect.testing.PostgresServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Leases of meetings on nodes, on a real PostgreSQL with three registered nodes claiming at once. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlacementTest {
    private static final byte[] KEY = new byte[32];
    private Database db;
    private final List<Membership> members = new ArrayList<>();
    private final Map<String, Placement> placements = new TreeMap<>();

    @BeforeAll
    void open() {
        db = Database.open(PostgresServer.shared().newDatabase());
    }

    @AfterAll
    void close() {
        db.close();
    }

    @BeforeEach
    void threeNodes() {
        for (String id : List.of("a", "b", "c")) {
            var config = ClusterConfig.postgres(id, Duration.ofMillis(500), Duration.ofSeconds(30));
            members.add(Membership.start(db, config, "https://" + id + ".example:8443", KEY, () -> NodeLoad.IDLE));
            placements.put(id, new Placement(db, config));
        }
    }

    @AfterEach
    void leave() {
        members.forEach(Membership::close);
        members.clear();
        db.jdbi().useHandle(h -> h.execute("DELETE FROM meeting_lease"));
    }

    @Test
    void concurrentClaimsOfAMeetingAllGetTheSameNode() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            for (int round = 0; round < 10; round++) {
                String meeting = "m-" + round;
                var go = new CountDownLatch(1);
                var results = new ArrayList<Future<HostingNode>>();
                for (int i = 0; i < 12; i++) {
                    Placement p = placements.get(List.of("a", "b", "c").get(i % 3));
                    results.add(pool.submit(() -> {
                        go.await();
                        return p.place(meeting).orElseThrow();
                    }));
                }
                go.countDown();
                Set<String> holders = new java.util.HashSet<>();
                for (var f : results) {
                    holders.add(f.get().nodeId());
                }
                assertEquals(1, holders.size(), "one holder for " + meeting + ": " + holders);
                assertEquals(holders.iterator().next(), placements.get("a").holder(meeting).orElseThrow());
            }
            int leases = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM meeting_lease").mapTo(Integer.class).one());
            assertEquals(10, leases);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void meetingsGoToTheLeastLoadedNodeAndStayThere() {
        var placed = new ArrayList<String>();
        for (int i = 0; i < 6; i++) {
            placed.add(placements.get("a").place("spread-" + i).orElseThrow().nodeId());
        }
        Map<String, Long> perNode = placed.stream().collect(Collectors.groupingBy(n -> n, TreeMap::new, Collectors.counting()));
        assertEquals(Map.of("a", 2L, "b", 2L, "c", 2L), perNode, placed.toString());
        // Sticky: asked again, from any node, the holder does not change.
        for (int i = 0; i < 6; i++) {
            assertEquals(placed.get(i), placements.get("c").place("spread-" + i).orElseThrow().nodeId());
        }
        HostingNode h = placements.get("b").place("spread-0").orElseThrow();
        assertEquals("https://" + h.nodeId() + ".example:8443", h.url());
        assertEquals(h.nodeId().equals("b"), h.local());
    }

    @Test
    void aDeadHoldersMeetingsMoveToALiveNodeOnce() throws Exception {
        HostingNode first = placements.get("a").place("failover").orElseThrow();
        Membership dead = members.stream().filter(m -> m.nodeId().equals(first.nodeId())).findFirst().orElseThrow();
        dead.halt();
        // Its last heartbeat an hour ago, as the database sees it: dead (the timeout is 30 s).
        db.jdbi().useHandle(h -> h.createUpdate("UPDATE cluster_node SET heartbeat_at = now() - INTERVAL '1 hour' WHERE node_id = :n")
                .bind("n", first.nodeId()).execute());
        assertTrue(dead.nodes().stream().noneMatch(n -> n.nodeId().equals(first.nodeId()) && n.alive()));

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            var go = new CountDownLatch(1);
            var results = new ArrayList<Future<String>>();
            for (int i = 0; i < 8; i++) {
                Placement p = placements.values().stream().toList().get(i % 3);
                results.add(pool.submit(() -> {
                    go.await();
                    return p.place("failover").orElseThrow().nodeId();
                }));
            }
            go.countDown();
            Set<String> holders = new java.util.HashSet<>();
            for (var f : results) {
                holders.add(f.get());
            }
            assertEquals(1, holders.size(), holders.toString());
            assertNotEquals(first.nodeId(), holders.iterator().next());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void leasesOfMeetingsNoLongerLiveAreGivenUpAfterTheGrace() {
        String holder = placements.get("a").place("idle").orElseThrow().nodeId();
        Placement own = placements.get(holder);
        assertEquals(0, own.releaseIdle(List.of(), Duration.ofMinutes(2)), "a meeting placed a moment ago is kept");
        assertEquals(0, own.releaseIdle(List.of("idle"), Duration.ZERO), "a meeting live here is kept");
        assertEquals(1, own.releaseIdle(List.of("other"), Duration.ZERO));
        assertTrue(own.holder("idle").isEmpty());
    }

    @Test
    void aCleanStopGivesUpTheNodesLeasesAtOnce() {
        String holder = placements.get("a").place("clean").orElseThrow().nodeId();
        members.stream().filter(m -> m.nodeId().equals(holder)).findFirst().orElseThrow().close();
        assertTrue(placements.get("a").holder("clean").isEmpty());
        assertNotEquals(holder, placements.get("a").place("clean").orElseThrow().nodeId());
    }

    @Test
    void aBusyOriginsAttendeesGoToTheLeastLoadedOtherNode() throws Exception {
        members.forEach(Membership::close);
        members.clear();
        Map<String, java.util.concurrent.atomic.AtomicInteger> people = new TreeMap<>();
        Map<String, Placement> cascading = new TreeMap<>();
        for (String id : List.of("a", "b", "c")) {
            people.put(id, new java.util.concurrent.atomic.AtomicInteger());
            var config = new ClusterConfig(true, id, "", ClusterConfig.Backend.POSTGRES, Duration.ofMillis(200),
                    Duration.ofSeconds(30), 500, "", 2);
            members.add(Membership.start(db, config, "https://" + id + ".example:8443", KEY,
                    () -> new NodeLoad(people.get(id).get(), 1, 1, 0)));
            cascading.put(id, new Placement(db, config));
        }
        HostingNode origin = new HostingNode("a", "https://a.example:8443", false, null);
        assertTrue(cascading.get("c").edgeFor("m", origin).isEmpty(), "below the threshold the origin takes everyone");
        people.get("a").set(2);
        assertEquals("b", awaitEdge(cascading.get("c"), origin), "the least loaded other node, by name among equals");
        people.get("b").set(1);
        assertEquals("c", awaitEdge(cascading.get("a"), origin));
        assertTrue(placements.get("a").edgeFor("m", origin).isEmpty(), "without cluster.cascade.threshold: never");
    }

    /** The edge once the heartbeats (every 200 ms) carry the loads set; waits until it changes from the last one asked. */
    private String lastEdge = "";

    private String awaitEdge(Placement p, HostingNode origin) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            var e = p.edgeFor("m", origin);
            if (e.isPresent() && !e.get().nodeId().equals(lastEdge)) {
                lastEdge = e.get().nodeId();
                return lastEdge;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no new edge within 10 s");
    }
}
