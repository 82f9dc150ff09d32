package com.zoomvconnect.loadgen;

import java.util.ArrayDeque;

/**
 * A publisher's video pacer, as a browser's: packets queue and leave one at a time, each after the
 * previous one's bytes took their time at the pacing rate. A pacer that sat idle earns no credit
 * for it: the first packet into an empty queue leaves at once, the rest of its burst spread out.
 * Used by one thread.
 */
final class Pacer {
    /** A queued packet and where its send time stamp goes. */
    record Queued(byte[] packet, int stampAt) {
    }

    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    private long nextNs;

    /** Queues {@code packet} at {@code nowNs}. */
    void add(byte[] packet, int stampAt, long nowNs) {
        if (queue.isEmpty() && nextNs < nowNs) {
            nextNs = nowNs;
        }
        queue.add(new Queued(packet, stampAt));
    }

    /** The next packet if it is due at {@code nowNs} at {@code rateBps} (0 or less: no pacing, all due), else null. */
    Queued poll(long nowNs, long rateBps) {
        if (queue.isEmpty() || nowNs < nextNs && rateBps > 0) {
            return null;
        }
        Queued q = queue.poll();
        nextNs = rateBps > 0 ? nextNs + q.packet().length * 8_000_000_000L / rateBps : nowNs;
        return q;
    }

    /** When the next packet is due, or {@link Long#MAX_VALUE} with none queued. */
    long nextDueNs() {
        return queue.isEmpty() ? Long.MAX_VALUE : nextNs;
    }
}
