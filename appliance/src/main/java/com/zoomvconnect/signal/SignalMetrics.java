package com.zoomvconnect.signal;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of the signaling endpoint. */
public final class SignalMetrics {
    final AtomicLong connections = new AtomicLong();
    final AtomicLong joined = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong refused = new AtomicLong();

    public long openConnections() {
        return connections.get();
    }

    public long joinedTotal() {
        return joined.get();
    }

    /** Sockets closed on opening because {@code signal.max.sockets} were open. */
    public long refusedSockets() {
        return refused.get();
    }

    public long rejectedMessages() {
        return rejected.get();
    }
}
