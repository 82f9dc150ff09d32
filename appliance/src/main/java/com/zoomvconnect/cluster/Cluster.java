package com.zoomvconnect.cluster;

import com.zoomvconnect.bus.EventBus;
import com.zoomvconnect.store.Database;
import java.time.Duration;
import java.util.Collection;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This appliance as one node of a cluster: the bus across nodes and the placement of meetings
 * exist from the start (the domain services are built on them); membership begins once the node
 * listens, so it is never named to clients before it can answer them.
 */
public final class Cluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Cluster.class);
    private final Database db;
    private final ClusterConfig config;
    private final ClusterEventBus bus;
    private final Placement placement;
    private volatile Membership membership;

    private Cluster(Database db, ClusterConfig config, ClusterEventBus bus) {
        this.db = db;
        this.config = config;
        this.bus = bus;
        this.placement = new Placement(db, config);
    }

    /**
     * Opens the bus across nodes on the configured backend (its LISTEN or SUBSCRIBE is in place on return).
     *
     * @throws IllegalStateException when the backend cannot be reached
     */
    public static Cluster open(Database db, ClusterConfig config, BooleanSupplier insideTransaction) {
        ClusterEvents events = ClusterEvents.standard();
        ClusterEventBus bus = switch (config.backend()) {
            case POSTGRES -> PostgresEventBus.start(db, config.nodeId(), events, insideTransaction);
            case REDIS -> RedisEventBus.start(config.redisUri(), config.nodeId(), events, insideTransaction);
        };
        return new Cluster(db, config, bus);
    }

    /**
     * Registers this node and starts its heartbeats.
     *
     * @param url        the https:// base URL clients reach this node at
     * @param tokenKey   the key signing tokens and join grants (the same on every node, checked here)
     * @param tlsSha256  the SHA-256 (hex) of the certificate this node serves (the others trust it when they forward here)
     * @param load       this node's load, read at every heartbeat
     * @param liveHere   ids of the meetings live on this node now; leases of others are given up
     * @param leaseGrace how long a lease of a meeting no one has entered yet is kept (a join grant's lifetime)
     * @param handOver   closes this node's copy of a meeting that another node hosts now, sending its people there
     *                   (fencing, after each heartbeat: see {@link Placement#heldElsewhere})
     */
    public void join(String url, byte[] tokenKey, String tlsSha256, Supplier<NodeLoad> load,
                     Supplier<Collection<String>> liveHere, Duration leaseGrace, Consumer<String> handOver) {
        Membership m = Membership.start(db, config, url, tokenKey, tlsSha256, load);
        m.afterHeartbeat(() -> placement.releaseIdle(liveHere.get(), leaseGrace));
        m.afterHeartbeat(() -> placement.heldElsewhere(liveHere.get()).forEach((meeting, holder) -> {
            LOG.warn("Meeting {} is hosted by node {} now (this node was counted dead meanwhile): its rooms here close and "
                    + "their participants rejoin there", meeting, holder);
            handOver.accept(meeting);
        }));
        m.afterHeartbeat(bus::housekeeping);
        membership = m;
    }

    public EventBus bus() {
        return bus;
    }

    /** The bus's counters (sent, received, failures; spilled on PostgreSQL). */
    public java.util.Map<String, Long> busCounters() {
        return bus.counters();
    }

    /** Whether the bus's listening link is up now (while it is not, events from other nodes are missed). */
    public boolean busListening() {
        return bus.listening();
    }

    public Placement placement() {
        return placement;
    }

    /** This node's membership; null before {@link #join}. */
    public Membership membership() {
        return membership;
    }

    public ClusterConfig config() {
        return config;
    }

    /** Leaves the cluster: heartbeats stop, this node's row and leases are removed (the first step of a clean stop). */
    public void leave() {
        Membership m = membership;
        if (m != null) {
            m.close();
        }
    }

    /** Leaves the cluster if still in it, then stops the bus. */
    @Override
    public void close() {
        try {
            leave();
        } finally {
            bus.close();
        }
    }
}
