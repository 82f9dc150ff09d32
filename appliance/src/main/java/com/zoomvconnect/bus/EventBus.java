package com.zoomvconnect.bus;

import java.util.function.Consumer;

/**
 * How components tell each other what happened without reaching into each other's state.
 * Single-site deployments use {@link InMemoryEventBus}; a multi-node bus implements the same contract.
 */
public interface EventBus {
    /** Delivers {@code event} to every subscriber of its type (or a supertype). */
    void publish(Object event);

    /** Registers {@code handler} for events assignable to {@code type}; returns a handle to unsubscribe. */
    <T> AutoCloseable subscribe(Class<T> type, Consumer<? super T> handler);
}
