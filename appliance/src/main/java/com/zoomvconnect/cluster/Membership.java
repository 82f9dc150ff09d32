package com.zoomvconnect.cluster;

import com.zoomvconnect.store.Database;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's row in the shared database: registered at start, a heartbeat with its load every
 * {@code cluster.heartbeat}, removed (with its leases) on a clean stop. A node that stops
 * heartbeating — frozen, cut off from the database — is dead to the others once its last
 * heartbeat is older than {@code cluster.node-timeout}, measured on the database's clock. A node
 * whose process dies is dead at once: its {@link NodeLock} goes with its database session.
 *
 * <p>Threading: one scheduler thread writes the heartbeats and runs the hooks after each;
 * {@link #nodes} may be called from any thread.
 */
public final class Membership implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Membership.class);
    /** The version this node runs, as the jar's manifest says (as {@code zvc-admin status} shows it). */
    private static final String VERSION = java.util.Objects.requireNonNullElse(
            Membership.class.getPackage().getImplementationVersion(), "development");

    private final Database db;
    private final ClusterConfig config;
    private final String url;
    private final String keyCheck;
    private final String tlsSha256;
    private final Supplier<NodeLoad> load;
    private final List<Runnable> afterHeartbeat = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService scheduler;
    private final LongAdder failedHeartbeats = new LongAdder();
    private volatile boolean halted;
    private volatile boolean paused;
    private boolean failing;
    private long lastPacketsOut = -1;
    private long lastBeatNanos;
    private NodeLock lock;
    private boolean lockLost;

    private Membership(Database db, ClusterConfig config, String url, String keyCheck, String tlsSha256, Supplier<NodeLoad> load) {
        this.db = db;
        this.tlsSha256 = tlsSha256;
        this.config = config;
        this.url = url;
        this.keyCheck = keyCheck;
        this.load = load;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "zvc-cluster-heartbeat");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Registers this node and starts its heartbeats.
     *
     * @param url      the https:// base URL clients reach this node at
     * @param tokenKey the key that signs tokens and join grants: every node must have the same one
     * @throws IllegalStateException when another live node uses this node id at another URL, or signs with another key
     */
    public static Membership start(Database db, ClusterConfig config, String url, byte[] tokenKey, Supplier<NodeLoad> load) {
        return start(db, config, url, tokenKey, null, load);
    }

    /**
     * As {@link #start(Database, ClusterConfig, String, byte[], Supplier)}, recording the SHA-256 (hex) of
     * the certificate this node serves, which the others trust when they forward a request here.
     */
    public static Membership start(Database db, ClusterConfig config, String url, byte[] tokenKey, String tlsSha256,
                                   Supplier<NodeLoad> load) {
        var m = new Membership(db, config, url, keyCheck(tokenKey), tlsSha256, load);
        try {
            m.lock = takeLock(db, config);
            m.register();
        } catch (RuntimeException e) {
            m.stopScheduler();
            if (m.lock != null) {
                m.lock.close();
            }
            throw e;
        }
        long every = config.heartbeat().toMillis();
        m.scheduler.scheduleWithFixedDelay(m::beat, every, every, TimeUnit.MILLISECONDS);
        LOG.info("Cluster node {} at {} registered (heartbeat every {} ms, dead after {} ms)", config.nodeId(), url, every,
                config.nodeTimeout().toMillis());
        return m;
    }

    private static NodeLock takeLock(Database db, ClusterConfig config) {
        NodeLock taken;
        try {
            taken = NodeLock.take(db.config(), config.nodeId());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot take this node's lock in PostgreSQL: " + e.getMessage(), e);
        }
        if (taken == null) {
            String where = db.jdbi().withHandle(h -> h.createQuery("SELECT url FROM cluster_node WHERE node_id = :n")
                    .bind("n", config.nodeId()).mapTo(String.class).findOne()).orElse("an unknown URL");
            throw new IllegalStateException("cluster.node-id '" + config.nodeId() + "' is already used by the live node at " + where
                    + " (another process holds its lock); give each node its own cluster.node-id");
        }
        return taken;
    }

    /** Runs {@code hook} on the heartbeat thread after every heartbeat (lease clean-up, old messages). */
    public void afterHeartbeat(Runnable hook) {
        afterHeartbeat.add(hook);
    }

    public String nodeId() {
        return config.nodeId();
    }

    public String url() {
        return url;
    }

    /** Every node the database knows, live or dead, by node id. */
    public List<ClusterNode> nodes() {
        return db.jdbi().withHandle(h -> nodes(h, config.nodeTimeout().toMillis()));
    }

    /** Heartbeats that could not be written (the database was unreachable). */
    public long failedHeartbeats() {
        return failedHeartbeats.sum();
    }

    /**
     * Stops heartbeating without leaving the cluster, as a frozen process would (it keeps its lock):
     * the others see this node die after the timeout and take its meetings over (tests of failure).
     */
    public void halt() {
        halted = true;
        stopScheduler();
    }

    /**
     * Skips heartbeats until {@link #resume()}, as a node cut off from the database would (it keeps its
     * lock here): the others count it dead after the timeout and may place its meetings elsewhere;
     * once it beats again it hands those over (tests of fencing).
     */
    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
    }

    /** A clean stop: the heartbeats end and this node's row and leases are removed at once. */
    @Override
    public void close() {
        stopScheduler();
        if (halted) {
            lock.close();
            return;
        }
        halted = true;
        try {
            db.jdbi().useTransaction(h -> {
                h.createUpdate("DELETE FROM meeting_lease WHERE node_id = :n").bind("n", nodeId()).execute();
                h.createUpdate("DELETE FROM cluster_node WHERE node_id = :n").bind("n", nodeId()).execute();
            });
        } catch (RuntimeException e) {
            LOG.warn("Could not leave the cluster cleanly ({}); the others will count node {} dead after {}", e.getMessage(),
                    nodeId(), config.nodeTimeout());
        } finally {
            lock.close();
        }
    }

    private void stopScheduler() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void register() {
        long timeout = config.nodeTimeout().toMillis();
        db.jdbi().useHandle(h -> {
            for (ClusterNode n : nodes(h, timeout)) {
                if (!n.alive()) {
                    continue;
                }
                if (n.nodeId().equals(nodeId()) && !n.url().equals(url)) {
                    throw new IllegalStateException("cluster.node-id '" + nodeId() + "' is already used by the live node at "
                            + n.url() + "; give each node its own cluster.node-id");
                }
                String theirs = h.createQuery("SELECT key_check FROM cluster_node WHERE node_id = :n").bind("n", n.nodeId())
                        .mapTo(String.class).one();
                if (!theirs.equals(keyCheck)) {
                    throw new IllegalStateException("This node's secrets/token.key differs from node '" + n.nodeId()
                            + "''s: every node must sign tokens with the same key; copy secrets/token.key (and turn.key) "
                            + "from one node's data directory to the others before starting them");
                }
            }
            h.createUpdate("""
                    INSERT INTO cluster_node (node_id, url, key_check, capacity, participants, meetings, media_rooms,
                                              packets_out_per_s, started_at, heartbeat_at, lock_pid, tls_sha256, version)
                    VALUES (:n, :url, :key, :cap, 0, 0, 0, 0, now(), now(), :pid, :tls, :version)
                    ON CONFLICT (node_id) DO UPDATE SET url = EXCLUDED.url, key_check = EXCLUDED.key_check,
                        capacity = EXCLUDED.capacity, participants = 0, meetings = 0, media_rooms = 0,
                        packets_out_per_s = 0, started_at = now(), heartbeat_at = now(), lock_pid = EXCLUDED.lock_pid,
                        tls_sha256 = EXCLUDED.tls_sha256, version = EXCLUDED.version""")
                    .bind("n", nodeId()).bind("url", url).bind("key", keyCheck).bind("cap", config.capacity())
                    .bind("pid", lock.pid()).bind("tls", tlsSha256).bind("version", VERSION).execute();
        });
        lastBeatNanos = System.nanoTime();
    }

    /** One heartbeat: this node's load and the time; never throws (a thrown task would stop the schedule). */
    private void beat() {
        if (halted || paused) {
            return;
        }
        try {
            NodeLoad l = load.get();
            long now = System.nanoTime();
            long rate = lastPacketsOut < 0 ? 0 : Math.max(0, (l.packetsOutTotal() - lastPacketsOut) * 1_000_000_000L
                    / Math.max(1, now - lastBeatNanos));
            lastPacketsOut = l.packetsOutTotal();
            lastBeatNanos = now;
            holdLock();
            int updated = db.jdbi().withHandle(h -> h.createUpdate("""
                    UPDATE cluster_node SET participants = :p, meetings = :m, media_rooms = :r, packets_out_per_s = :pps,
                        heartbeat_at = now(), lock_pid = :pid WHERE node_id = :n""")
                    .bind("pid", lock.pid()).bind("p", l.participants()).bind("m", l.meetings()).bind("r", l.mediaRooms()).bind("pps", rate)
                    .bind("n", nodeId()).execute());
            if (updated == 0) {
                LOG.warn("Cluster node {} was missing from cluster_node; registering it again", nodeId());
                register();
            }
            if (failing) {
                failing = false;
                LOG.info("Cluster heartbeats of node {} are written again", nodeId());
            }
            for (Runnable hook : afterHeartbeat) {
                hook.run();
            }
        } catch (RuntimeException e) {
            failedHeartbeats.increment();
            if (!failing) {
                failing = true;
                LOG.warn("Cluster heartbeat of node {} failed: {} (the others count this node dead after {} without one)",
                        nodeId(), e.getMessage(), config.nodeTimeout());
            }
        }
    }

    /** Takes this node's lock again if its session was lost; a lock another process took means two nodes share an id. */
    private void holdLock() {
        boolean held;
        try {
            held = lock.ensureHeld();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot take this node's lock again: " + e.getMessage(), e);
        }
        if (!held && !lockLost) {
            LOG.error("Cluster node {}: another process holds this node's lock (the same cluster.node-id twice?); "
                    + "the others count this node dead", nodeId());
        } else if (held && lockLost) {
            LOG.info("Cluster node {} holds its lock again", nodeId());
        }
        lockLost = !held;
    }

    static List<ClusterNode> nodes(Handle h, long timeoutMillis) {
        return h.createQuery("""
                        SELECT n.node_id, n.url, n.capacity, n.participants, n.meetings, n.media_rooms, n.packets_out_per_s,
                               (SELECT COUNT(*) FROM meeting_lease l WHERE l.node_id = n.node_id) AS leases,
                               n.started_at, n.heartbeat_at, n.version,
                               CAST(EXTRACT(EPOCH FROM (now() - n.heartbeat_at)) * 1000 AS BIGINT) AS heartbeat_age_ms, """
                        + aliveSql("n") + " AS alive FROM cluster_node n ORDER BY n.node_id")
                .bind("timeoutMs", timeoutMillis)
                .map((rs, ctx) -> new ClusterNode(rs.getString("node_id"), rs.getString("url"), rs.getInt("capacity"),
                        rs.getInt("participants"), rs.getInt("meetings"), rs.getInt("media_rooms"),
                        rs.getLong("packets_out_per_s"), rs.getInt("leases"),
                        rs.getObject("started_at", OffsetDateTime.class).toInstant(),
                        rs.getObject("heartbeat_at", OffsetDateTime.class).toInstant(), rs.getBoolean("alive"),
                        rs.getString("version"), Math.max(0, rs.getLong("heartbeat_age_ms"))))
                .list();
    }

    /**
     * SQL that is true when node row {@code alias} heartbeated within {@code :timeoutMs} (the database's
     * clock) and its process still holds its lock.
     */
    static String aliveSql(String alias) {
        return "(" + alias + ".heartbeat_at > now() - CAST(:timeoutMs AS DOUBLE PRECISION) * INTERVAL '1 millisecond' AND "
                + NodeLock.heldSql(alias) + ")";
    }

    /** A fingerprint of the token key that tells keys apart and reveals nothing of them. */
    static String keyCheck(byte[] tokenKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(tokenKey, "HmacSHA256"));
            byte[] d = mac.doFinal("zoomvconnect cluster key check".getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
