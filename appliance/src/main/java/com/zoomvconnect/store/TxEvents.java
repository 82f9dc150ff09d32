package com.zoomvconnect.store;

/** Where a transaction's work publishes its events: they are delivered after the commit, or never. */
public interface TxEvents {
    /** Queues {@code event}; it is published once the transaction commits, and dropped if it rolls back. */
    void publish(Object event);
}
