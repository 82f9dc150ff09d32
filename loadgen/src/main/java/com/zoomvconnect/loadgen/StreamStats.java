package com.zoomvconnect.loadgen;

import com.zoomvconnect.media.rtp.SeqNum;

/** Receive statistics of one incoming stream: counts, losses from sequence gaps, freeze-like gaps. */
final class StreamStats {
    final boolean video;
    long packets;
    long bytes;
    private boolean started;
    private int maxSeq;
    private long cycles;
    private int baseSeq;
    long lastArrivalNanos;
    long freezes;
    long frames;

    StreamStats(boolean video) {
        this.video = video;
    }

    void add(int seq, int len, long now, boolean frameStart) {
        packets++;
        bytes += len;
        if (!started) {
            started = true;
            baseSeq = seq;
            maxSeq = seq;
        } else {
            int d = SeqNum.diff(seq, maxSeq);
            if (d > 0) {
                if (seq < maxSeq) {
                    cycles += 65536;
                }
                maxSeq = seq;
            }
        }
        if (frameStart) {
            frames++;
            // A gap of more than 200 ms between video frames is what viewers see as a freeze.
            if (video && lastArrivalNanos != 0 && now - lastArrivalNanos > 200_000_000L) {
                freezes++;
            }
            lastArrivalNanos = now;
        }
    }

    long expected() {
        return started ? cycles + maxSeq - baseSeq + 1 : 0;
    }

    long lost() {
        return Math.max(0, expected() - packets);
    }
}
