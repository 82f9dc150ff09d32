package com.zoomvconnect.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.store.Database;
import com.zoomvconnect.testing.PostgresServer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Nodes in the shared PostgreSQL: heartbeats carry the load; a node that stops heartbeating is dead after the timeout. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MembershipTest {
    private static final Duration BEAT = Duration.ofMillis(200);
    private Database db;

    @BeforeAll
    void open() {
        db = Database.open(PostgresServer.shared().newDatabase());
    }

    @AfterAll
    void close() {
        db.close();
    }

    private static ClusterConfig node(String id, Duration timeout) {
        return ClusterConfig.postgres(id, BEAT, timeout);
    }

    @Test
    void heartbeatsCarryTheLoadAndAHaltedNodeDiesAfterTheTimeout() throws Exception {
        var load = new AtomicReference<>(new NodeLoad(0, 0, 0, 0));
        try (var a = Membership.start(db, node("load-a", Duration.ofSeconds(1)), "https://a:1", new byte[32], load::get)) {
            load.set(new NodeLoad(7, 2, 3, 1000));
            ClusterNode seen = poll(a, "load-a", n -> n.participants() == 7);
            assertEquals(2, seen.meetings());
            assertEquals(3, seen.mediaRooms());
            assertTrue(seen.alive());
            a.halt();
            ClusterNode dead = poll(a, "load-a", n -> !n.alive());
            assertFalse(dead.alive());
        }
        // A halted node does not leave: its row stays, dead, for the others to see.
        db.jdbi().useHandle(h -> assertEquals(1, h.createQuery("SELECT COUNT(*) FROM cluster_node WHERE node_id = 'load-a'")
                .mapTo(Integer.class).one()));
    }

    @Test
    void aNodeIdInUseAtAnotherUrlOrAnotherTokenKeyIsRefused() {
        try (var a = Membership.start(db, node("refuse-a", Duration.ofSeconds(30)), "https://a:1", new byte[32], () -> NodeLoad.IDLE)) {
            var sameId = assertThrows(IllegalStateException.class, () -> Membership.start(db, node("refuse-a", Duration.ofSeconds(30)),
                    "https://elsewhere:1", new byte[32], () -> NodeLoad.IDLE));
            assertTrue(sameId.getMessage().contains("cluster.node-id 'refuse-a' is already used"), sameId.getMessage());
            byte[] otherKey = new byte[32];
            otherKey[0] = 1;
            var key = assertThrows(IllegalStateException.class, () -> Membership.start(db, node("refuse-b", Duration.ofSeconds(30)),
                    "https://b:1", otherKey, () -> NodeLoad.IDLE));
            assertTrue(key.getMessage().contains("secrets/token.key differs"), key.getMessage());
            assertEquals(1, a.nodes().stream().filter(n -> n.nodeId().startsWith("refuse-")).count());
        }
    }

    @Test
    void aNodeWhoseDatabaseSessionEndsIsDeadAtOnceAndTakesItsLockBackWhileItRuns() throws Exception {
        Duration longTimeout = Duration.ofSeconds(60); // a death seen within the poll's 20 s comes from the lock, not the timeout
        try (var a = Membership.start(db, node("lock-a", longTimeout), "https://a:1", new byte[32], () -> NodeLoad.IDLE);
             var b = Membership.start(db, node("lock-b", longTimeout), "https://b:1", new byte[32], () -> NodeLoad.IDLE)) {
            assertTrue(poll(b, "lock-a", ClusterNode::alive).alive());
            // A live node whose session was cut takes its lock again at its next heartbeat.
            terminateLockSession("lock-a");
            poll(b, "lock-a", ClusterNode::alive);
            // A node that is gone for good (no heartbeat to take the lock back), as a killed process: dead at once.
            b.halt();
            terminateLockSession("lock-b");
            assertFalse(poll(a, "lock-b", n -> !n.alive()).alive());
        }
    }

    /** Ends the database session holding {@code node}'s lock, as PostgreSQL does when the node's process dies. */
    private void terminateLockSession(String node) {
        db.jdbi().useHandle(h -> assertTrue(h.createQuery("""
                        SELECT pg_terminate_backend(lock_pid) FROM cluster_node WHERE node_id = :n""")
                .bind("n", node).mapTo(Boolean.class).one()));
    }

    private static ClusterNode poll(Membership m, String id, java.util.function.Predicate<ClusterNode> until) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            var n = m.nodes().stream().filter(x -> x.nodeId().equals(id)).findFirst();
            if (n.isPresent() && until.test(n.get())) {
                return n.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("node " + id + " did not reach the state within 20 s: " + m.nodes());
    }
}
