package com.zoomvconnect.cluster;

import com.zoomvconnect.error.AppException;
import com.zoomvconnect.error.ErrorCode;
import com.zoomvconnect.meeting.MeetingPlacement;
import com.zoomvconnect.store.Database;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Places each live meeting on one node by a lease row in {@code meeting_lease}. A lease holds while
 * its node heartbeats (the heartbeat renews all of a node's leases at once); a join for a meeting
 * whose holder is dead takes the lease over for the least loaded live node.
 *
 * <p>Race-free without a lock of our own: {@code INSERT ... ON CONFLICT DO UPDATE ... WHERE holder
 * dead} makes PostgreSQL lock the meeting's row, so of several nodes claiming at once exactly one
 * writes and the others read its choice (READ COMMITTED re-reads the row after the lock, PostgreSQL
 * docs "INSERT", ON CONFLICT). Least loaded: the lowest (participants + meetings placed) / capacity,
 * a placed meeting counting as one participant until its people arrive, so placements between two
 * heartbeats spread too. Threading: any thread.
 */
public final class Placement implements MeetingPlacement {
    private final Database db;
    private final String nodeId;
    private final long timeoutMillis;
    private final int cascadeThreshold;

    public Placement(Database db, ClusterConfig config) {
        this.db = db;
        this.nodeId = config.nodeId();
        this.timeoutMillis = config.nodeTimeout().toMillis();
        this.cascadeThreshold = config.cascadeThreshold();
    }

    /**
     * {@inheritDoc} The origin's participants are those of its last heartbeat (all its meetings:
     * a node's share is its capacity, whoever fills it). The edge is the live node other than the
     * origin with the lowest participants / capacity, as {@link #place} weighs them.
     */
    @Override
    public Optional<HostingNode> edgeFor(String meetingId, HostingNode origin) {
        if (cascadeThreshold <= 0) {
            return Optional.empty();
        }
        return db.jdbi().withHandle(h -> {
            boolean busy = h.createQuery("SELECT participants FROM cluster_node WHERE node_id = :o")
                    .bind("o", origin.nodeId()).mapTo(Integer.class).findOne().orElse(0) >= cascadeThreshold;
            if (!busy) {
                return Optional.<HostingNode>empty();
            }
            return h.createQuery("SELECT n.node_id, n.url, n.tls_sha256 FROM cluster_node n WHERE n.node_id <> :o AND "
                            + Membership.aliveSql("n") + " ORDER BY n.participants * 1.0 / GREATEST(n.capacity, 1), n.node_id LIMIT 1")
                    .bind("o", origin.nodeId()).bind("timeoutMs", timeoutMillis)
                    .map((rs, ctx) -> new HostingNode(rs.getString("node_id"), rs.getString("url"),
                            rs.getString("node_id").equals(nodeId), rs.getString("tls_sha256")))
                    .findOne();
        });
    }

    @Override
    public Optional<HostingNode> place(String meetingId) {
        // A holder found alive may leave cleanly between the claim and the read of its URL: claim again.
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<HostingNode> placed = db.jdbi().withHandle(h -> claim(h, meetingId));
            if (placed.isPresent()) {
                return placed;
            }
        }
        throw new AppException(ErrorCode.CLUSTER_UNAVAILABLE, "No node of the cluster can host this meeting now; try again");
    }

    @Override
    public Optional<HostingNode> hostOf(String meetingId) {
        return db.jdbi().withHandle(h -> liveHolder(h, meetingId));
    }

    @Override
    public Optional<String> thisNode() {
        return Optional.of(nodeId);
    }

    @Override
    public List<HostingNode> otherNodes() {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT n.node_id, n.url, n.tls_sha256 FROM cluster_node n WHERE n.node_id <> :self AND "
                        + Membership.aliveSql("n") + " ORDER BY n.node_id")
                .bind("self", nodeId).bind("timeoutMs", timeoutMillis)
                .map((rs, ctx) -> new HostingNode(rs.getString("node_id"), rs.getString("url"), false, rs.getString("tls_sha256")))
                .list());
    }

    /** A meeting placed on a node: its lease, with the meeting's title and code (status views). */
    public record Lease(String meetingId, String title, String code, String nodeId, java.time.Instant placedAt) {
    }

    /** Every lease, oldest first: which node hosts which meeting. */
    public List<Lease> leases() {
        return db.jdbi().withHandle(h -> h.createQuery("""
                        SELECT l.meeting_id, m.title, m.code, l.node_id, l.placed_at FROM meeting_lease l
                        LEFT JOIN meetings m ON m.id = l.meeting_id ORDER BY l.placed_at, l.meeting_id""")
                .map((rs, ctx) -> new Lease(rs.getString("meeting_id"), rs.getString("title"), rs.getString("code"),
                        rs.getString("node_id"), rs.getObject("placed_at", java.time.OffsetDateTime.class).toInstant()))
                .list());
    }

    /** The node holding the meeting's lease, alive or not, without placing it. */
    public Optional<String> holder(String meetingId) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT node_id FROM meeting_lease WHERE meeting_id = :m")
                .bind("m", meetingId).mapTo(String.class).findOne());
    }

    /**
     * Gives up this node's leases of meetings no longer live here, once they are older than {@code grace}
     * (a meeting placed a moment ago has no one in it yet: its people are still on their way).
     */
    public int releaseIdle(Collection<String> liveHere, Duration grace) {
        return db.jdbi().withHandle(h -> {
            java.sql.Array live = varchars(h, liveHere);
            return h.createUpdate("""
                            DELETE FROM meeting_lease WHERE node_id = :n
                              AND placed_at < now() - CAST(:graceMs AS DOUBLE PRECISION) * INTERVAL '1 millisecond'
                              AND NOT (meeting_id = ANY(:live))""")
                    .bind("n", nodeId).bind("graceMs", grace.toMillis()).bindBySqlType("live", live, java.sql.Types.ARRAY).execute();
        });
    }

    /**
     * Fencing (docs/cluster.md): of the meetings live on this node, claims for it those whose lease is
     * missing or held by a dead node (a live meeting here must not be placed elsewhere by the next
     * join), and returns those another live node holds, with that node's id: this node was counted dead
     * meanwhile (cut off from the database, or frozen past {@code cluster.node-timeout}) and a join
     * placed the meeting there, so two copies of it run until this node hands its copy over.
     */
    public Map<String, String> heldElsewhere(Collection<String> liveHere) {
        if (liveHere.isEmpty()) {
            return Map.of();
        }
        return db.jdbi().withHandle(h -> {
            java.sql.Array live = varchars(h, liveHere);
            h.createUpdate("""
                            INSERT INTO meeting_lease (meeting_id, node_id, placed_at) SELECT m, :n, now() FROM unnest(:live) AS m
                            ON CONFLICT (meeting_id) DO UPDATE SET node_id = EXCLUDED.node_id, placed_at = now()
                            WHERE NOT EXISTS (SELECT 1 FROM cluster_node c WHERE c.node_id = meeting_lease.node_id
                                              AND """ + Membership.aliveSql("c") + ")")
                    .bind("n", nodeId).bind("timeoutMs", timeoutMillis).bindBySqlType("live", live, java.sql.Types.ARRAY).execute();
            var held = new java.util.TreeMap<String, String>();
            h.createQuery("""
                            SELECT l.meeting_id, l.node_id FROM meeting_lease l JOIN cluster_node n ON n.node_id = l.node_id
                            WHERE l.meeting_id = ANY(:live) AND l.node_id <> :n AND """ + Membership.aliveSql("n"))
                    .bind("n", nodeId).bind("timeoutMs", timeoutMillis).bindBySqlType("live", live, java.sql.Types.ARRAY)
                    .map((rs, ctx) -> Map.entry(rs.getString("meeting_id"), rs.getString("node_id")))
                    .forEach(e -> held.put(e.getKey(), e.getValue()));
            return held;
        });
    }

    private static java.sql.Array varchars(Handle h, Collection<String> values) {
        try {
            return h.getConnection().createArrayOf("varchar", values.toArray());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot pass the live meetings to PostgreSQL", e);
        }
    }

    private Optional<HostingNode> claim(Handle h, String meetingId) {
        String candidate = h.createQuery("""
                        SELECT n.node_id FROM cluster_node n WHERE """ + Membership.aliveSql("n") + """
                        ORDER BY (n.participants + (SELECT COUNT(*) FROM meeting_lease l WHERE l.node_id = n.node_id)) * 1.0
                                 / GREATEST(n.capacity, 1), n.node_id
                        LIMIT 1""")
                .bind("timeoutMs", timeoutMillis).mapTo(String.class).findOne()
                .orElseThrow(() -> new AppException(ErrorCode.CLUSTER_UNAVAILABLE,
                        "No node of the cluster is alive to host this meeting; try again"));
        h.createUpdate("""
                        INSERT INTO meeting_lease (meeting_id, node_id, placed_at) VALUES (:m, :n, now())
                        ON CONFLICT (meeting_id) DO UPDATE SET node_id = EXCLUDED.node_id, placed_at = now()
                        WHERE NOT EXISTS (SELECT 1 FROM cluster_node c WHERE c.node_id = meeting_lease.node_id
                                          AND """ + Membership.aliveSql("c") + ")")
                .bind("m", meetingId).bind("n", candidate).bind("timeoutMs", timeoutMillis).execute();
        // A statement of its own: READ COMMITTED reads the lease as the winner of a concurrent claim committed it.
        return liveHolder(h, meetingId);
    }

    private Optional<HostingNode> liveHolder(Handle h, String meetingId) {
        return h.createQuery("""
                        SELECT l.node_id, n.url, n.tls_sha256 FROM meeting_lease l JOIN cluster_node n ON n.node_id = l.node_id
                        WHERE l.meeting_id = :m AND """ + Membership.aliveSql("n"))
                .bind("m", meetingId).bind("timeoutMs", timeoutMillis)
                .map((rs, ctx) -> new HostingNode(rs.getString("node_id"), rs.getString("url"),
                        rs.getString("node_id").equals(nodeId), rs.getString("tls_sha256")))
                .findOne();
    }
}
