package com.zoomvconnect.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zoomvconnect.store.Database;
import com.zoomvconnect.testing.PostgresServer;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The bus contract on PostgreSQL LISTEN/NOTIFY (a server of the test's own), and the spill of events over NOTIFY's 8000 bytes. */
class PostgresEventBusTest extends ClusterEventBusContractTest {
    private PostgresServer server;
    private Database db;

    @Override
    void startEngine() {
        server = PostgresServer.startPrivate();
        db = Database.open(new com.zoomvconnect.store.DatabaseConfig(server.url("postgres"), "zvc", "", 5));
    }

    @Override
    ClusterEventBus startBus(String nodeId, ClusterEvents events, BooleanSupplier insideTransaction) {
        return PostgresEventBus.start(db, nodeId, events, insideTransaction);
    }

    @Override
    void stopEngine() {
        server.stopServer();
    }

    @Override
    void restartEngine() {
        server.startServer();
    }

    @Override
    void closeEngine() {
        if (db != null) {
            db.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anEventOverTheNotifyLimitIsSpilledToATable() throws Exception {
        var onB = listen(b, Note.class);
        long spilled = a.counters().get("spilled");
        a.publish(new Note("m-6", "x".repeat(9000)));
        assertEquals(new Note("m-6", "x".repeat(9000)), onB.poll(20, TimeUnit.SECONDS));
        assertEquals(spilled + 1, a.counters().get("spilled"));
    }

    @Test
    void oldSpilledMessagesArePurged() {
        db.jdbi().useHandle(h -> h.execute(
                "INSERT INTO cluster_message (payload, created_at) VALUES ('{}', now() - INTERVAL '10 minutes')"));
        a.housekeeping();
        long left = db.jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM cluster_message WHERE created_at < now() - INTERVAL '5 minutes'").mapTo(Long.class).one());
        assertEquals(0, left);
    }
}
