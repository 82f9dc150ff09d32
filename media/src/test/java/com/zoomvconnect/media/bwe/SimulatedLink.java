package com.zoomvconnect.media.bwe;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A bottleneck for estimator simulations: a FIFO link whose capacity the caller gives with each
 * packet, 20 ms propagation delay, a drop-tail queue of {@code queueUs} and optional random loss,
 * and the receiver's transport feedback every 50 ms (arrived 20 ms later). Deterministic.
 */
final class SimulatedLink {
    private final SendSideEstimator est;
    private final long queueUs;
    private double randomLoss;
    private final Random rnd;
    private final List<long[]> sent = new ArrayList<>(); // {seq, arrivalUs or LOST}
    private long linkFreeUs;
    private int seq;
    private int nextFeedback;

    SimulatedLink(SendSideEstimator est, long queueUs, double randomLoss, long seed) {
        this.est = est;
        this.queueUs = queueUs;
        this.randomLoss = randomLoss;
        this.rnd = new Random(seed);
    }

    /** From now on, each packet is lost with this probability (besides the queue's drops). */
    void randomLoss(double loss) {
        randomLoss = loss;
    }

    /** A packet of {@code size} bytes leaves at {@code now} into a link of {@code capacityBps}. */
    void send(long now, int size, long capacityBps) {
        est.onSent(seq & 0xFFFF, now, size);
        long start = Math.max(now, linkFreeUs);
        long arrival;
        if (start - now > queueUs || rnd.nextDouble() < randomLoss) {
            arrival = TransportFeedback.LOST;
        } else {
            linkFreeUs = start + size * 8_000_000L / capacityBps;
            arrival = linkFreeUs + 20_000;
        }
        sent.add(new long[] {seq, arrival});
        seq++;
    }

    /** Every 50 ms: feedback up to the last packet arrived by {@code now}, losses before it included. */
    void tick(long now) {
        if (now % 50_000 != 0 || now == 0) {
            return;
        }
        int last = -1;
        for (int i = nextFeedback; i < sent.size(); i++) {
            long a = sent.get(i)[1];
            if (a != TransportFeedback.LOST && a <= now) {
                last = i;
            }
        }
        if (last >= nextFeedback) {
            long[] arrivals = new long[last - nextFeedback + 1];
            for (int i = nextFeedback; i <= last; i++) {
                arrivals[i - nextFeedback] = sent.get(i)[1];
            }
            est.onFeedback(new TransportFeedback.Decoded(1, 2, nextFeedback & 0xFFFF, 0, 0, arrivals), now + 20_000);
            nextFeedback = last + 1;
        }
    }

    /** A capacity per second from (seconds, bits/s) pairs: {@code seconds(10, 3_000_000, 5, 300_000)}. */
    static long[] seconds(long... pairs) {
        List<Long> l = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            for (int k = 0; k < pairs[i]; k++) {
                l.add(pairs[i + 1]);
            }
        }
        return l.stream().mapToLong(Long::longValue).toArray();
    }
}
