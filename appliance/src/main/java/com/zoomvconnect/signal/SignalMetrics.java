package com.zoomvconnect.signal;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of the signaling endpoint. */
public final class SignalMetrics {
    final AtomicLong connections = new AtomicLong();
    final AtomicLong joined = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();

    public long openConnections() {
        return connections.get();
    }

    public long joinedTotal() {
        return joined.get();
    }

    public long rejectedMessages() {
        return rejected.get();
    }
}
