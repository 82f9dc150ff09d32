package com.zoomvconnect.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Events of a transaction are delivered after its commit, never on rollback. */
class TransactionsTest {
    private final SettingsDao settings = new SettingsDao();
    private Database db;
    /** What a subscriber saw when the event arrived: the event and the setting as read on another connection. */
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private Transactions tx;

    @BeforeEach
    void open() {
        db = Database.open(new DatabaseConfig("jdbc:h2:mem:tx-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "", 4));
        tx = new Transactions(db, event -> seen.add(event + "=" + readOnAnotherConnection().orElse("absent")));
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** Straight from the pool: jdbi would hand this thread the handle of its open transaction. */
    private Optional<String> readOnAnotherConnection() {
        try (var c = db.dataSource().getConnection();
             var st = c.prepareStatement("SELECT setting_value FROM settings WHERE name = 'colour'");
             var rs = st.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void publishesAfterTheCommitWhatAnotherConnectionCanAlreadyRead() {
        String result = tx.inTransaction((h, events) -> {
            settings.put(h, "colour", "blue", Instant.EPOCH);
            events.publish("changed");
            assertEquals(List.of(), seen, "nothing is delivered before the commit");
            assertEquals(Optional.empty(), readOnAnotherConnection(), "the write is not committed yet");
            return "done";
        });
        assertEquals("done", result);
        assertEquals(List.of("changed=blue"), seen, "delivered once, after the write was visible");
    }

    @Test
    void dropsTheEventsOfATransactionThatRollsBack() {
        var failure = assertThrows(IllegalStateException.class, () -> tx.useTransaction((h, events) -> {
            settings.put(h, "colour", "red", Instant.EPOCH);
            events.publish("changed");
            throw new IllegalStateException("rule broken");
        }));
        assertEquals("rule broken", failure.getMessage());
        assertEquals(List.of(), seen);
        assertEquals(Optional.empty(), readOnAnotherConnection());
    }

    @Test
    void aNestedCallJoinsTheOuterTransactionAndItsEvents() {
        tx.useTransaction((outer, events) -> {
            tx.useTransaction((inner, innerEvents) -> {
                assertTrue(inner == outer, "same handle, same transaction");
                settings.put(inner, "colour", "green", Instant.EPOCH);
                innerEvents.publish("inner");
            });
            assertEquals(List.of(), seen, "the inner call did not commit on its own");
            events.publish("outer");
        });
        assertEquals(List.of("inner=green", "outer=green"), seen, "in order, after the one commit");
    }

    @Test
    void tellsWhetherTheThreadIsInsideATransaction() {
        assertFalse(Transactions.active());
        tx.useTransaction((h, events) -> assertTrue(Transactions.active()));
        assertFalse(Transactions.active());
        assertThrows(IllegalStateException.class, () -> tx.useTransaction((h, events) -> {
            throw new IllegalStateException("x");
        }));
        assertFalse(Transactions.active(), "cleared after a rollback too");
    }
}
