package com.zoomvconnect.media.bwe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bandwidth probing: single clusters with hand-made feedback, and a subscriber's downlink in
 * simulation — an SFU that sends what the simulcast layers the estimate allows cost (so it is
 * application-limited, unlike {@link SendSideEstimatorTest}'s sender), through a FIFO link with
 * 20 ms propagation and a 200 ms drop-tail queue (as the benchmark's tbf), transport feedback
 * every 50 ms, and, with probing, a 20 ms cluster of padding whenever the estimator asks on the
 * allocator's 200 ms tick. Deterministic.
 */
class ProbingTest {
    /** Camera layers (q, h, f) and audio, bits/s; the allocator needs 1.2 times a layer to go up to it. */
    private static final long[] LAYERS = {150_000, 500_000, 1_500_000};
    private static final long AUDIO = 40_000;
    private static final long NEED = (AUDIO + LAYERS[2] * 12 / 10) * 105 / 100;
    private static final int MEDIA = 1200;
    private static final int PADDING = 275;

    // ---- single clusters --------------------------------------------------------------------

    /** Sends a cluster of 10 packets of 250 bytes 2 ms apart (1 Mbit/s) and feeds back {@code arrivals}. */
    private static SendSideEstimator probeOnce(long startBps, long[] arrivalsUs) {
        return probeOnce(startBps, arrivalsUs, new ArrayList<>());
    }

    private static SendSideEstimator probeOnce(long startBps, long[] arrivalsUs, List<ProbeOutcome> outcomes) {
        var est = new SendSideEstimator(startBps, 10_000_000, outcomes::add);
        long target = est.startProbe(2_000_000, 0);
        assertEquals(3 * startBps, target, "three times the estimate, below the need");
        for (int i = 0; i < 10; i++) {
            est.onSent(i, 1_000 + i * 2_000L, 250);
        }
        est.endProbe(20_000);
        est.onFeedback(new TransportFeedback.Decoded(1, 2, 0, 0, 0, arrivalsUs), 60_000);
        return est;
    }

    private static long[] arrivals(long spacingUs) {
        long[] a = new long[10];
        for (int i = 0; i < 10; i++) {
            a[i] = 30_000 + i * spacingUs;
        }
        return a;
    }

    @Test
    void aClusterThePathTookRaisesTheEstimateToItsRate() {
        List<ProbeOutcome> outcomes = new ArrayList<>();
        SendSideEstimator est = probeOnce(300_000, arrivals(2_000), outcomes);
        assertEquals(900_000, est.targetBps(), "the cluster's target (it went through at 1 Mbit/s)");
        assertEquals(1, est.probesRaised());
        assertEquals(List.of(ProbeOutcome.RAISED), outcomes);
    }

    @Test
    void aClusterWithALostPacketRaisesNothing() {
        long[] a = arrivals(2_000);
        a[6] = TransportFeedback.LOST;
        List<ProbeOutcome> outcomes = new ArrayList<>();
        SendSideEstimator est = probeOnce(300_000, a, outcomes);
        assertEquals(300_000, est.targetBps());
        assertEquals(0, est.probesRaised());
        assertEquals(List.of(ProbeOutcome.LOST), outcomes);
    }

    @Test
    void aClusterThatQueuedUpOnAFullPathRaisesNothing() {
        // Arrivals 6.7 ms apart: the path delivered 300 kbit/s of a 1 Mbit/s cluster, growing its delay.
        List<ProbeOutcome> outcomes = new ArrayList<>();
        SendSideEstimator est = probeOnce(300_000, arrivals(6_667), outcomes);
        assertEquals(300_000, est.targetBps());
        assertEquals(0, est.probesRaised());
        assertEquals(List.of(ProbeOutcome.NO_RISE), outcomes);
    }

    @Test
    void aClusterWhoseFeedbackNeverComesIsGivenUpAndCounted() {
        List<ProbeOutcome> outcomes = new ArrayList<>();
        var est = new SendSideEstimator(300_000, 10_000_000, outcomes::add);
        assertTrue(est.startProbe(2_000_000, 0) > 0);
        est.onSent(0, 1_000, 250);
        est.endProbe(20_000);
        assertEquals(0, est.startProbe(2_000_000, 1_100_000), "given up, and the next waits half a second");
        assertEquals(List.of(ProbeOutcome.GIVEN_UP), outcomes);
    }

    @Test
    void feedbackBackAfterABlackoutEndsTheWaitAfterFailedProbes() {
        var est = new SendSideEstimator(300_000, 10_000_000);
        est.onSent(0, 1_000, 1200);
        est.onFeedback(new TransportFeedback.Decoded(1, 2, 0, 0, 0, new long[] {21_000}), 30_000);
        // Two clusters into the blackout, given up one after the other: the wait grows to a second.
        assertTrue(est.startProbe(2_000_000, 100_000) > 0);
        est.onSent(1, 101_000, 250);
        est.endProbe(120_000);
        assertEquals(0, est.startProbe(2_000_000, 1_200_000), "given up; the next not before 1.7 s");
        assertTrue(est.startProbe(2_000_000, 1_700_000) > 0);
        est.onSent(2, 1_701_000, 250);
        est.endProbe(1_720_000);
        assertEquals(0, est.startProbe(2_000_000, 2_800_000), "given up; the next not before 3.8 s");
        // Feedback again at 3.0 s: the path is back, so is probing.
        est.onSent(3, 2_900_000, 1200);
        est.onFeedback(new TransportFeedback.Decoded(1, 2, 1, 0, 0,
                new long[] {TransportFeedback.LOST, TransportFeedback.LOST, 2_920_000}), 3_000_000);
        // At once, not at 3.8 s, and at the need: the estimate of the blackout says nothing of the path.
        assertEquals(2_000_000, est.startProbe(2_000_000, 3_000_000), "at once, at the need");
    }

    @Test
    void noProbeWhileTheEstimateCoversTheNeedOrOneIsInFlight() {
        var est = new SendSideEstimator(3_000_000, 10_000_000);
        assertEquals(0, est.startProbe(2_000_000, 0), "nothing to find");
        var short_ = new SendSideEstimator(300_000, 10_000_000);
        assertTrue(short_.startProbe(2_000_000, 0) > 0);
        short_.endProbe(20_000);
        assertEquals(0, short_.startProbe(2_000_000, 200_000), "the first cluster's feedback is still due");
        assertEquals(0, short_.startProbe(2_000_000, 1_300_000), "given up a second after it ended, as one that found no room");
        assertTrue(short_.startProbe(2_000_000, 1_800_000) > 0, "half a second later, probing goes on");
    }

    // ---- simulation -----------------------------------------------------------------------

    /**
     * What one run saw: the estimate at each 100 ms, how many clusters were sent, how many raised
     * the estimate and the highest estimate a cluster raised it to.
     */
    private record Run(long[] estimate, int[] clustersPerSecond, long probesRaised, long highestRaise) {
        int clusters() {
            return Arrays.stream(clustersPerSecond).sum();
        }

        /** Seconds from {@code fromS} until the estimate first covers the need, or -1 if never. */
        double secondsToNeed(int fromS) {
            for (int i = fromS * 10; i < estimate.length; i++) {
                if (estimate[i] >= NEED) {
                    return (i - fromS * 10) / 10.0;
                }
            }
            return -1;
        }
    }

    /** The top layer that fits the estimate as the allocator picks it (20 % headroom, audio first). */
    private static long mediaRate(long estimate) {
        long rate = LAYERS[0];
        for (long l : LAYERS) {
            if (AUDIO + l * 12 / 10 <= estimate) {
                rate = l;
            }
        }
        return AUDIO + rate;
    }

    /** {@code capacity[t]}: the link's bits/s during second t. */
    private static Run simulate(long[] capacity, boolean probing, double randomLoss) {
        return simulate(2_500_000, capacity, probing, randomLoss);
    }

    private static Run simulate(long startBps, long[] capacity, boolean probing, double randomLoss) {
        double[] loss = new double[capacity.length];
        Arrays.fill(loss, randomLoss);
        return simulate(startBps, capacity, loss, probing);
    }

    /** {@code loss[t]}: the probability of random loss during second t. */
    private static Run simulate(long startBps, long[] capacity, double[] loss, boolean probing) {
        var est = new SendSideEstimator(startBps, 20_000_000);
        var link = new SimulatedLink(est, 200_000, 0, 11);
        long[] out = new long[capacity.length * 10];
        double credit = 0;
        long clusterTarget = 0;
        long clusterStartUs = 0;
        int[] clusters = new int[capacity.length];
        long raised = 0;
        long highestRaise = 0;
        long end = capacity.length * 1_000_000L;
        for (long now = 0; now < end; now += 1000) {
            long cap = capacity[(int) (now / 1_000_000L)];
            if (now % 1_000_000 == 0) {
                link.randomLoss(loss[(int) (now / 1_000_000L)]);
            }
            if (probing && now % 200_000 == 0 && clusterTarget == 0) {
                clusterTarget = est.startProbe(NEED, now);
                clusterStartUs = now;
                clusters[(int) (now / 1_000_000L)] += clusterTarget > 0 ? 1 : 0;
            }
            credit += mediaRate(est.targetBps()) / 1000.0 / 8;
            long bytes = est.probeBytesSent();
            while (credit >= MEDIA) {
                credit -= MEDIA;
                link.send(now, MEDIA, cap);
                bytes += MEDIA;
            }
            // Padding up to the cluster's rate, media counted in (as the Prober does).
            long due = clusterTarget * (now - clusterStartUs + 1000) / 8_000_000;
            for (; clusterTarget > 0 && bytes < due; bytes += PADDING) {
                link.send(now, PADDING, cap);
            }
            if (clusterTarget > 0 && now - clusterStartUs >= 19_000) {
                est.endProbe(now);
                clusterTarget = 0;
            }
            link.tick(now);
            if (est.probesRaised() > raised) {
                raised = est.probesRaised();
                highestRaise = Math.max(highestRaise, est.targetBps());
            }
            if (now % 100_000 == 99_000) {
                out[(int) (now / 100_000L)] = est.targetBps();
            }
        }
        return new Run(out, clusters, raised, highestRaise);
    }

    private static String perSecond(Run r) {
        StringBuilder b = new StringBuilder();
        for (int i = 9; i < r.estimate().length; i += 10) {
            b.append(r.estimate()[i] / 1000).append(' ');
        }
        return b + "kbit/s, " + r.clusters() + " clusters, " + r.probesRaised() + " raised";
    }

    @Test
    void probingFindsTheReturnedCapacityWithinASecondAndGrowthAloneDoesNot() {
        long[] link = SimulatedLink.seconds(10, 3_000_000, 10, 300_000, 15, 3_000_000);
        Run probed = simulate(link, true, 0);
        Run grown = simulate(link, false, 0);
        System.out.println("3 -> 0.3 -> 3 Mbit/s, probing: " + perSecond(probed));
        System.out.println("3 -> 0.3 -> 3 Mbit/s, growth only: " + perSecond(grown));
        assertTrue(probed.estimate()[199] < NEED / 2, "the estimate fell with the link: " + probed.estimate()[199]);
        double back = probed.secondsToNeed(20);
        System.out.println("need covered after " + back + " s with probing, " + grown.secondsToNeed(20) + " s without");
        // The failed probes during the 0.3 Mbit/s seconds left a wait of a second before the next;
        // the queue draining when the link comes back ends it (1.8 s before that rule, 0.4 s with it).
        assertTrue(back >= 0 && back <= 1, "with probing the need is covered after " + back + " s");
        double slow = grown.secondsToNeed(20);
        assertTrue(slow < 0 || slow > 3, "growth alone covers it after " + slow + " s");
    }

    @Test
    void aLossyImpairmentThatLiftsIsProbedAsSoonAsPacketsArriveInARow() {
        // 1 Mbit/s with 5 % random loss for 15 s, then 3 Mbit/s clean: the last one-second loss
        // figure still shows the loss for up to two seconds after the lift; 25 packets in a row
        // (about 0.1 s of them here) clear the gate before it (1.2 s without that rule, 0.2 s with it).
        long[] link = SimulatedLink.seconds(10, 3_000_000, 15, 1_000_000, 10, 3_000_000);
        double[] loss = new double[link.length];
        Arrays.fill(loss, 10, 25, 0.05);
        Run r = simulate(2_500_000, link, loss, true);
        System.out.println("3 -> 1 Mbit/s with 5 % loss -> 3 Mbit/s, probing: " + perSecond(r)
                + ", clusters per second " + Arrays.toString(r.clustersPerSecond()));
        assertTrue(r.estimate()[249] < NEED, "the estimate is short of the need: " + r.estimate()[249]);
        double back = r.secondsToNeed(25);
        System.out.println("need covered after " + back + " s");
        assertTrue(back >= 0 && back <= 1, "the need is covered after " + back + " s");
    }

    @Test
    void aBlackoutsLossesDoNotCutTheEstimateOnceThePathIsBack() {
        // 3 Mbit/s, then 5 s where every packet is lost (so no feedback comes), then clean again:
        // the first feedback reports the outage's packets lost. Counted as loss, they cut the
        // estimate by half the loss fraction just as the path is back (here 4.7 -> 2.4 Mbit/s).
        long[] link = SimulatedLink.seconds(20, 3_000_000);
        double[] loss = new double[link.length];
        Arrays.fill(loss, 10, 15, 1.0);
        Run r = simulate(2_500_000, link, loss, true);
        System.out.println("3 Mbit/s with a 5 s blackout at 10 s, probing: " + perSecond(r));
        long before = r.estimate()[99];
        for (int i = 150; i < 180; i++) {
            assertTrue(r.estimate()[i] >= before * 9 / 10, "at " + i / 10.0 + " s: " + r.estimate()[i] + " (before the blackout " + before + ")");
        }
    }

    @Test
    void probesOnAPathWithoutRoomRaiseTheEstimateAtMostToItsRate() {
        Run r = simulate(SimulatedLink.seconds(20, 300_000), true, 0);
        System.out.println("0.3 Mbit/s throughout, probing: " + perSecond(r) + ", highest raise " + r.highestRaise());
        assertTrue(r.clusters() >= 5, "the estimate stays short of the need, so it keeps probing: " + r.clusters());
        // Saturated clusters offer 95 % of what arrived: an estimate below the link's rate (after
        // a cut) comes up to about it, never beyond.
        assertTrue(r.highestRaise() <= 300_000, "raised to " + r.highestRaise());
        for (int i = 50; i < r.estimate().length; i++) {
            assertTrue(r.estimate()[i] < 1_000_000, "at " + i / 10.0 + " s: " + r.estimate()[i]);
        }
    }

    @Test
    void noProbingDuringLoss() {
        // An estimate far below the need on a fast path with 10 % random loss: (almost) no probe
        // once the first loss measurement (a second of feedback) is in, and none raises anything.
        Run r = simulate(300_000, SimulatedLink.seconds(10, 3_000_000), true, 0.10);
        System.out.println("3 Mbit/s with 10 % loss from 0.3 Mbit/s, probing: " + perSecond(r)
                + ", clusters per second " + Arrays.toString(r.clustersPerSecond()));
        // A one-second measurement of 10 % loss over some 30 packets comes out at 0 now and then
        // (4 % of the time), and then one cluster may go; ungated it would be one or two a second.
        int later = 0;
        for (int s = 2; s < 10; s++) {
            later += r.clustersPerSecond()[s];
        }
        assertTrue(later <= 2, "clusters during loss: " + later);
        assertEquals(0, r.probesRaised());
    }
}
