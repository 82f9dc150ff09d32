package com.zoomvconnect.bus;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Synchronous in-process bus. A failing subscriber is counted and logged; it never stops the
 * publisher or the other subscribers.
 *
 * <p>Events describe committed state: given a way to tell that the calling thread is inside a
 * database transaction, the bus refuses a publish made there (publish through the transaction's
 * events instead, which deliver after the commit). Subscribers run on the publisher's thread, so
 * one published inside a transaction would read stale data on another connection, or wait for the
 * connection the publisher holds.
 */
public final class InMemoryEventBus implements EventBus {
    private static final Logger LOG = LoggerFactory.getLogger(InMemoryEventBus.class);

    private record Subscription(Class<?> type, Consumer<Object> handler) {
    }

    private final CopyOnWriteArrayList<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final LongAdder handlerFailures = new LongAdder();
    private final BooleanSupplier insideTransaction;

    /** A bus that does not check where it is published from (tests of the bus alone). */
    public InMemoryEventBus() {
        this(() -> false);
    }

    /** @param insideTransaction true while the calling thread is inside a database transaction */
    public InMemoryEventBus(BooleanSupplier insideTransaction) {
        this.insideTransaction = insideTransaction;
    }

    @Override
    public void publish(Object event) {
        if (insideTransaction.getAsBoolean()) {
            throw new IllegalStateException("Published " + event.getClass().getSimpleName()
                    + " inside a transaction: publish it through the transaction's events, delivered after the commit");
        }
        for (Subscription s : subscriptions) {
            if (s.type().isInstance(event)) {
                try {
                    s.handler().accept(event);
                } catch (RuntimeException e) {
                    handlerFailures.increment();
                    LOG.warn("Subscriber for {} failed on {}", s.type().getSimpleName(), event.getClass().getSimpleName(), e);
                }
            }
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> AutoCloseable subscribe(Class<T> type, Consumer<? super T> handler) {
        var subscription = new Subscription(type, event -> ((Consumer<Object>) (Consumer<?>) handler).accept(event));
        subscriptions.add(subscription);
        return () -> subscriptions.remove(subscription);
    }

    /** How many subscriber invocations threw. */
    public long handlerFailures() {
        return handlerFailures.sum();
    }
}
