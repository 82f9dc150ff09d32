package com.zoomvconnect.cluster;

import com.zoomvconnect.store.Database;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event bus of a cluster on PostgreSQL LISTEN/NOTIFY (see {@link ClusterEventBus}): an event
 * that crosses is sent with {@code pg_notify} on one channel, and every other node delivers it to its
 * own subscribers on its listening thread.
 *
 * <p>NOTIFY carries at most 7999 bytes (PostgreSQL docs, NOTIFY): a larger envelope is written to
 * {@code cluster_message} and the notification carries {@code @<id>}. Notifications are sent after
 * the commit of the data they describe (the bus is only ever published to after a commit), and
 * arrive in the order they were sent (PostgreSQL delivers notifications in commit order). While a
 * node's listening connection is down it misses what is sent (counted, and it reconnects); a
 * meeting's state is in the database, which the events only announce.
 *
 * <p>Threading: {@link #publish} from any thread; one listener thread delivers remote events in order.
 */
public final class PostgresEventBus extends ClusterEventBus {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresEventBus.class);
    static final String CHANNEL = "zvc_bus";
    /** NOTIFY's payload must be shorter than 8000 bytes in the default configuration. */
    static final int MAX_NOTIFY_BYTES = 7999;

    private final Database db;
    private final Thread listener;
    private final CountDownLatch listening = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile boolean listeningNow;
    private final LongAdder spilled = new LongAdder();

    private PostgresEventBus(Database db, String nodeId, ClusterEvents events, BooleanSupplier insideTransaction) {
        super(nodeId, events, insideTransaction);
        this.db = db;
        this.listener = new Thread(this::listen, "zvc-cluster-bus");
        this.listener.setDaemon(true);
    }

    /**
     * Starts listening and returns once the first LISTEN is in place, so nothing sent after the
     * start is missed.
     *
     * @throws IllegalStateException when PostgreSQL does not accept the LISTEN within 10 seconds
     */
    public static PostgresEventBus start(Database db, String nodeId, ClusterEvents events, BooleanSupplier insideTransaction) {
        var bus = new PostgresEventBus(db, nodeId, events, insideTransaction);
        bus.listener.start();
        try {
            if (!bus.listening.await(10, TimeUnit.SECONDS)) {
                bus.close();
                throw new IllegalStateException("Cannot LISTEN on PostgreSQL for the cluster bus within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            bus.close();
            throw new IllegalStateException("interrupted while starting the cluster bus", e);
        }
        return bus;
    }

    /**
     * Tries a send again (at most {@value #SEND_TRIES} times in all) when it failed on a pooled
     * connection the server had closed (SQLSTATE class 08, or 57P01–57P03: the server restarted):
     * the pool drops such a connection and the next try gets another (after a restart of
     * PostgreSQL the pool may hold several). A pool that cannot connect at all is not retried.
     */
    private static final int SEND_TRIES = 4;

    @Override
    protected void send(String envelope) {
        for (int attempt = 1; ; attempt++) {
            try {
                sendOnce(envelope);
                return;
            } catch (RuntimeException e) {
                if (attempt < SEND_TRIES && connectionLost(e)) {
                    continue;
                }
                sendFailures.increment();
                LOG.warn("Could not send a cluster event to the other nodes: {}", e.getMessage());
                return;
            }
        }
    }

    /** A statement failed because its connection was gone; not the pool timing out (the database is down: no retry). */
    private static boolean connectionLost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException) {
                return false;
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().matches("57P0[123]"))) {
                return true;
            }
        }
        return false;
    }

    private void sendOnce(String envelope) {
        String payload = envelope;
        if (envelope.getBytes(StandardCharsets.UTF_8).length > MAX_NOTIFY_BYTES) {
            long id = db.jdbi().withHandle(h -> h.createUpdate(
                            "INSERT INTO cluster_message (payload, created_at) VALUES (:p, now())")
                    .bind("p", envelope).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
            payload = "@" + id;
            spilled.increment();
        }
        String p = payload;
        // pg_notify returns void, which nothing maps: count the one row it makes instead.
        db.jdbi().useHandle(h -> h.createQuery("SELECT COUNT(*) FROM (SELECT pg_notify(:c, :p)) AS sent")
                .bind("c", CHANNEL).bind("p", p).mapTo(Long.class).one());
        sent.increment();
    }

    private void listen() {
        var backoff = new Backoff();
        while (running) {
            try (Connection c = connect()) {
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN " + CHANNEL);
                }
                listening.countDown();
                listeningNow = true;
                backoff.reset();
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notes = pg.getNotifications(500);
                    if (notes != null) {
                        for (PGNotification n : notes) {
                            try {
                                receive(c, n.getParameter());
                            } catch (RuntimeException e) {
                                unreadable.increment();
                                LOG.warn("Cluster bus could not read an event: {}", e.toString());
                            }
                        }
                    }
                }
            } catch (SQLException e) {
                listeningNow = false;
                if (!running) {
                    return;
                }
                listenerOutages.increment();
                LOG.warn("Cluster bus lost its PostgreSQL connection ({}); events sent meanwhile are missed; reconnecting",
                        e.getMessage());
                if (!backoff.pause()) {
                    return;
                }
            }
        }
    }

    private void receive(Connection c, String payload) throws SQLException {
        String envelope = payload;
        if (payload.startsWith("@")) {
            envelope = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT payload FROM cluster_message WHERE id = ?")) {
                ps.setLong(1, Long.parseLong(payload.substring(1)));
                try (var rs = ps.executeQuery()) {
                    if (rs.next()) {
                        envelope = rs.getString(1);
                    }
                }
            } catch (NumberFormatException e) {
                // not ours: counted below
            }
        }
        deliver(envelope);
    }

    @Override
    public boolean listening() {
        return listeningNow;
    }

    private Connection connect() throws SQLException {
        return DirectConnection.open(db.config(), "zoomvconnect cluster bus " + nodeId());
    }

    /** Deletes spilled envelopes older than five minutes (every node has read them by then, or missed them). */
    @Override
    public void housekeeping() {
        db.jdbi().useHandle(h -> h.createUpdate("DELETE FROM cluster_message WHERE created_at < now() - INTERVAL '5 minutes'")
                .execute());
    }

    /** The common counters and {@code spilled} (envelopes over the NOTIFY limit, carried in {@code cluster_message}). */
    @Override
    public java.util.Map<String, Long> counters() {
        var m = super.counters();
        m.put("spilled", spilled.sum());
        return m;
    }

    @Override
    public void close() {
        running = false; // the listener sees it within one getNotifications wait (500 ms)
        try {
            listener.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
