package com.zoomvconnect.store;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Transactions whose events reach the rest of the appliance only once the data they describe is
 * committed. The work gets a {@link TxEvents} beside its {@link Handle}; what it publishes there is
 * handed to the publisher after a successful commit, in order, and dropped on rollback. So a
 * subscriber that reads the database (on another connection) sees what the event announces, and
 * never waits for a connection the publisher still holds.
 *
 * <p>A call made while the same thread is already inside one joins that transaction (same handle,
 * same events): a service may call another without opening a second connection. The store does not
 * know the bus; the publisher is whatever the service was given ({@code bus::publish}).
 */
public final class Transactions {
    private static final ThreadLocal<Frame> CURRENT = new ThreadLocal<>();

    /** The work of one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Handle handle, TxEvents events);
    }

    /** The work of one transaction, with no result. */
    @FunctionalInterface
    public interface VoidWork {
        void run(Handle handle, TxEvents events);
    }

    private record Frame(Handle handle, List<Object> events) implements TxEvents {
        @Override
        public void publish(Object event) {
            events.add(event);
        }
    }

    private final Jdbi jdbi;
    private final Consumer<Object> publisher;

    public Transactions(Database db, Consumer<Object> publisher) {
        this.jdbi = db.jdbi();
        this.publisher = publisher;
    }

    /** True while the calling thread runs the work of a transaction begun here (for a bus that refuses publishing there). */
    public static boolean active() {
        return CURRENT.get() != null;
    }

    /** Runs {@code work} in one transaction, then publishes its events if it committed. */
    public <T> T inTransaction(Work<T> work) {
        Frame outer = CURRENT.get();
        if (outer != null) {
            return work.run(outer.handle(), outer);
        }
        var events = new ArrayList<Object>();
        T result = jdbi.inTransaction(h -> {
            CURRENT.set(new Frame(h, events));
            try {
                return work.run(h, CURRENT.get());
            } finally {
                CURRENT.remove();
            }
        });
        // Committed: jdbi's inTransaction returned normally. A rollback throws and the events go with it.
        events.forEach(publisher);
        return result;
    }

    /** As {@link #inTransaction(Work)}, for work without a result. */
    public void useTransaction(VoidWork work) {
        inTransaction((h, events) -> {
            work.run(h, events);
            return null;
        });
    }
}
