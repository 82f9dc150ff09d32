package com.zoomvconnect.cluster;

/** The waits between a bus's reconnection attempts: 0.25 s, doubling up to 5 s, back to 0.25 s once connected. */
final class Backoff {
    private static final long FIRST_MS = 250;
    private static final long MAX_MS = 5_000;
    private long ms = FIRST_MS;

    void reset() {
        ms = FIRST_MS;
    }

    /** Waits before the next attempt; false when interrupted (the bus is closing). */
    boolean pause() {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            return false;
        }
        ms = Math.min(ms * 2, MAX_MS);
        return true;
    }
}
