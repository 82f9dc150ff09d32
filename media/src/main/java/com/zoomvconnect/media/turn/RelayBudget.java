package com.zoomvconnect.media.turn;

/**
 * Token buckets (kept in thousandths, so slow rates refill without rounding away)  of bytes and packets for one direction of one allocation, refilled per second
 * with a one-second burst. Each direction has a single thread (the client's listener thread, or
 * the allocation's relay reader), so there is no synchronisation.
 */
final class RelayBudget {
    private final long bytesPerSecond;
    private final long packetsPerSecond;
    private long milliBytes;
    private long milliPackets;
    private long lastMillis;

    RelayBudget(long bytesPerSecond, long packetsPerSecond, long nowMillis) {
        this.bytesPerSecond = bytesPerSecond;
        this.packetsPerSecond = packetsPerSecond;
        this.milliBytes = bytesPerSecond * 1000;
        this.milliPackets = packetsPerSecond * 1000;
        this.lastMillis = nowMillis;
    }

    /** Takes one packet of {@code len} bytes if the budget allows it. */
    boolean take(int len, long nowMillis) {
        long elapsed = nowMillis - lastMillis;
        if (elapsed > 0) {
            // A second's budget at most: one idle minute does not buy a minute-long burst.
            elapsed = Math.min(elapsed, 1000);
            milliBytes = Math.min(bytesPerSecond * 1000, milliBytes + elapsed * bytesPerSecond);
            milliPackets = Math.min(packetsPerSecond * 1000, milliPackets + elapsed * packetsPerSecond);
            lastMillis = nowMillis;
        }
        if (milliBytes < len * 1000L || milliPackets < 1000) {
            return false;
        }
        milliBytes -= len * 1000L;
        milliPackets -= 1000;
        return true;
    }
}
