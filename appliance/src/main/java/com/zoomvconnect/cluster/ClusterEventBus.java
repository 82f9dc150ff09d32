package com.zoomvconnect.cluster;

import com.zoomvconnect.bus.EventBus;
import com.zoomvconnect.bus.InMemoryEventBus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every bus across nodes does the same, whatever engine carries the envelopes: an event is
 * delivered on this node exactly as the in-memory bus does (same thread, same refusal inside a
 * transaction); an event {@link ClusterEvents} lets cross is also sent to the other nodes, and an
 * envelope received from another node is delivered here on the receiving thread. The engine's own
 * echo of this node's envelopes is dropped, so a subscriber sees each event once.
 *
 * <p>Delivery across nodes is at most once: what is sent while the engine or this node's link to it
 * is down is lost (counted). A meeting's state is in the database, which the events only announce.
 */
public abstract sealed class ClusterEventBus implements EventBus, AutoCloseable permits PostgresEventBus, RedisEventBus {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterEventBus.class);

    private final InMemoryEventBus local;
    private final String nodeId;
    private final ClusterEvents events;
    /** Envelopes handed to the engine. */
    protected final LongAdder sent = new LongAdder();
    /** Envelopes the engine would not take (it was down): the other nodes never see them. */
    protected final LongAdder sendFailures = new LongAdder();
    /** Envelopes that were not ours or could not be read. */
    protected final LongAdder unreadable = new LongAdder();
    /** Times this node's listening link to the engine broke (it reconnects). */
    protected final LongAdder listenerOutages = new LongAdder();
    private final LongAdder received = new LongAdder();

    ClusterEventBus(String nodeId, ClusterEvents events, BooleanSupplier insideTransaction) {
        this.local = new InMemoryEventBus(insideTransaction);
        this.nodeId = nodeId;
        this.events = events;
    }

    @Override
    public final void publish(Object event) {
        local.publish(event); // refuses inside a transaction before anything leaves the node
        if (events.crosses(event)) {
            send(events.encode(nodeId, event));
        }
    }

    @Override
    public final <T> AutoCloseable subscribe(Class<T> type, Consumer<? super T> handler) {
        return local.subscribe(type, handler);
    }

    /** Hands an envelope to the engine; a failure is counted and logged, never thrown at the publisher (the commit stands). */
    protected abstract void send(String envelope);

    /** Delivers an envelope another node sent (or this node's echo, which is dropped); one it cannot read is counted. */
    protected final void deliver(String envelope) {
        Optional<ClusterEvents.Received> decoded;
        try {
            decoded = envelope == null ? Optional.empty() : events.decode(envelope);
        } catch (RuntimeException e) {
            LOG.warn("Cluster bus could not read an event: {}", e.toString());
            decoded = Optional.empty();
        }
        if (decoded.isEmpty()) {
            unreadable.increment();
            return;
        }
        if (decoded.get().fromNode().equals(nodeId)) {
            return; // delivered here when it was published
        }
        received.increment();
        local.publish(decoded.get().event());
    }

    protected final String nodeId() {
        return nodeId;
    }

    /** Whether this node's listening link to the engine is up now (it misses what is sent while it is not). */
    public abstract boolean listening();

    /** Periodic upkeep, run after each heartbeat of this node. */
    public void housekeeping() {
    }

    /** Counters: sent, received, send failures, unreadable, listener outages, handler failures, and the engine's own. */
    public Map<String, Long> counters() {
        var m = new LinkedHashMap<String, Long>();
        m.put("sent", sent.sum());
        m.put("received", received.sum());
        m.put("sendFailures", sendFailures.sum());
        m.put("unreadable", unreadable.sum());
        m.put("listenerOutages", listenerOutages.sum());
        m.put("handlerFailures", local.handlerFailures());
        return m;
    }

    /** Stops listening; publishing after this only reaches this node. */
    @Override
    public abstract void close();
}
