package com.zoomvconnect.bus;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Synchronous in-process bus. A failing subscriber is counted and logged; it never stops the
 * publisher or the other subscribers.
 */
public final class InMemoryEventBus implements EventBus {
    private static final Logger LOG = LoggerFactory.getLogger(InMemoryEventBus.class);

    private record Subscription(Class<?> type, Consumer<Object> handler) {
    }

    private final CopyOnWriteArrayList<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final LongAdder handlerFailures = new LongAdder();

    @Override
    public void publish(Object event) {
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
