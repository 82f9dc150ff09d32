package com.zoomvconnect.media.bwe;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The estimator against a simulated bottleneck: a FIFO link of a given capacity with 20 ms
 * propagation delay and a 300 ms drop-tail queue (optionally random loss), a sender pacing
 * 1200-byte packets at the estimate, and transport feedback every 50 ms. Deterministic.
 */
class SendSideEstimatorTest {
    private static final int SIZE = 1200;

    /** Runs the loop; {@code capacity[t]} is the link's bits per second during second t. Returns the estimate per second. */
    private static long[] simulate(long startBps, long[] capacity, double randomLoss) {
        var est = new SendSideEstimator(startBps, 10_000_000);
        var link = new SimulatedLink(est, 300_000, randomLoss, 7);
        long[] out = new long[capacity.length];
        double credit = 0;
        long end = capacity.length * 1_000_000L;
        for (long now = 0; now < end; now += 1000) {
            long cap = capacity[(int) (now / 1_000_000L)];
            credit += est.targetBps() / 1000.0 / 8; // bytes allowed this millisecond
            while (credit >= SIZE) {
                credit -= SIZE;
                link.send(now, SIZE, cap);
            }
            link.tick(now);
            if (now % 1_000_000 == 999_000) {
                out[(int) (now / 1_000_000L)] = est.targetBps();
            }
        }
        return out;
    }

    @Test
    void convergesBelowCapacityFromAnOptimisticStart() {
        long[] e = simulate(3_000_000, SimulatedLink.seconds(20, 1_500_000), 0);
        System.out.println("1.5 Mbit/s link, start 3 Mbit/s: " + java.util.Arrays.toString(e));
        for (int s = 8; s < 20; s++) {
            assertTrue(e[s] >= 700_000 && e[s] <= 1_900_000, "second " + s + ": " + e[s]);
        }
    }

    @Test
    void dropsWhenCapacityHalvesAndRecoversWhenItReturns() {
        long[] e = simulate(1_000_000, SimulatedLink.seconds(15, 2_000_000, 15, 1_000_000, 25, 2_000_000), 0);
        System.out.println("2 -> 1 -> 2 Mbit/s: " + java.util.Arrays.toString(e));
        assertTrue(e[14] > 1_200_000, "uses the 2 Mbit/s link: " + e[14]);
        assertTrue(e[17] < 1_200_000, "within two seconds of the halving: " + e[17]);
        assertTrue(e[54] > 1_300_000, "grows again once capacity returns: " + e[54]);
    }

    @Test
    void heavyRandomLossCutsTheEstimate() {
        long[] clean = simulate(2_000_000, SimulatedLink.seconds(10, 5_000_000), 0);
        long[] lossy = simulate(2_000_000, SimulatedLink.seconds(10, 5_000_000), 0.15);
        System.out.println("15 % loss: " + java.util.Arrays.toString(lossy));
        assertTrue(lossy[9] < clean[9] / 2, "15 % loss holds the estimate down: " + lossy[9] + " vs " + clean[9]);
    }

    @Test
    void cutsForLossOncePerLossMeasurement() {
        long[] lossy = simulate(2_000_000, SimulatedLink.seconds(10, 5_000_000), 0.12);
        System.out.println("12 % loss: " + java.util.Arrays.toString(lossy));
        // One cut of about 6 % per second of feedback: 1.38 Mbit/s after ten seconds here. Cutting
        // every 300 ms on the same figure (the old rule) left 0.63 Mbit/s.
        assertTrue(lossy[9] > 800_000, "one cut per measurement: " + lossy[9]);
        assertTrue(lossy[9] < 2_000_000, "still cut: " + lossy[9]);
    }
}
