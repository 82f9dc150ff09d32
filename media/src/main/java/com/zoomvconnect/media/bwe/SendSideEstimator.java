package com.zoomvconnect.media.bwe;

import java.util.function.Consumer;

/**
 * Send-side bandwidth estimation towards one subscriber, in the spirit of Google Congestion
 * Control (draft-ietf-rmcat-gcc-02): the SFU numbers every packet it sends the subscriber with a
 * transport-wide sequence number and remembers when it sent it and how big it was; the
 * subscriber's transport feedback says when each arrived.
 *
 * <ul>
 *   <li><b>Delay-based</b>: packets sent within 5 ms form a group; the growth of one-way delay
 *       between groups is accumulated, smoothed and fitted with a line over the last 20 groups
 *       (trendline filter). A rising trend above an adaptive threshold is overuse (queues are
 *       building), below minus the threshold underuse.</li>
 *   <li><b>Rate control</b> (AIMD): on overuse the estimate drops to 85 % of what the subscriber
 *       actually acknowledged over the last half second; while normal it grows 8 % per second
 *       (up to three times the acknowledged rate, since the SFU sends no probes); on underuse it
 *       holds.</li>
 *   <li><b>Loss-based</b>: above 10 % loss (over the last second of feedback) the estimate is cut
 *       by half the loss fraction, once per such second; above 2 % it may not grow. A blackout's
 *       losses do not count: when feedback comes back after more than a second without any, the
 *       packets it reports lost that were sent before the first one it reports arrived were lost
 *       to the outage (a link down, a handover), not to a queue the sender filled, and cutting for
 *       them left a recovered path at three quarters of its rate for seconds.</li>
 *   <li><b>Probing</b>: while the estimate is below what the subscriber's tracks need, the SFU
 *       sends a short cluster of padding at up to three times the estimate ({@link #startProbe},
 *       {@link ProbeController}); when its feedback shows the path took that rate without loss
 *       or delay growth, the estimate jumps to it ({@link ProbeCluster}). Without this an
 *       estimate that fell to 0.3 Mbit/s needs some 20 s of 8 %/s growth to carry 1.5 Mbit/s.
 *       Loss gates probing until the last second's figure is clean or, sooner, until
 *       {@link #CLEAN_RUN} packets in a row have arrived (an impairment that lifted shows there
 *       first); signs that the path freed up (queues draining, loss gone, feedback back after a
 *       blackout) end the wait after failed probes.</li>
 * </ul>
 *
 * Times are microseconds on the SFU's monotonic clock (send) and the subscriber's feedback clock
 * (arrival); only differences of each are used. Thread-safe (sends and feedback may come from
 * different threads).
 */
public final class SendSideEstimator {
    public static final long MIN_BPS = 100_000;
    /**
     * Packets remembered until their feedback comes (every 50–100 ms; a packet still unanswered
     * after 2048 later ones is forgotten), and acknowledged ones for the rate over the last 500 ms:
     * enough for a subscriber receiving 2000 packets/s (25 video tiles and audio take under 1500).
     */
    static final int HISTORY = 1 << 11;
    private static final long GROUP_US = 5_000;
    private static final int WINDOW = 20;
    private static final double SMOOTHING = 0.9;
    private static final double GAIN = 4;
    /**
     * Packets arrived in a row, none lost, that clear the loss gate before the next one-second
     * loss figure does: at 10 % random loss a run this long comes one time in 14 (and a probe
     * then most likely loses a packet and raises nothing), at 300 kbit/s it takes about half a
     * second. 40 took a second there after a rate limit lifted.
     */
    static final int CLEAN_RUN = 25;
    /** Feedback after this long without any is feedback back after a blackout. */
    private static final long FEEDBACK_GAP_US = 1_000_000;

    public enum Usage { NORMAL, OVERUSE, UNDERUSE }

    private final long maxBps;
    private final long startBps;
    private final long[] sentUs = new long[HISTORY];
    private final int[] sentSize = new int[HISTORY];
    private final int[] sentSeq = new int[HISTORY];
    /** The probe cluster each packet belonged to (0: none). */
    private final int[] sentCluster = new int[HISTORY];
    private final ProbeController probes = new ProbeController();
    private final ProbeCluster cluster = new ProbeCluster();
    private final Consumer<ProbeOutcome> outcomes;
    private int nextClusterId = 1;
    private long probesRaised;
    /** Packets reported arrived since the last one reported lost. */
    private int cleanRun;
    private long lastFeedbackUs = -1;
    /** Packets sent before this (SFU clock) and reported lost were the last blackout's: not counted as loss. */
    private long blackoutSentBeforeUs = Long.MIN_VALUE;

    private long estimate;
    private long lastUpdateUs = -1;

    // Inter-group delay variation (trendline).
    private long groupFirstSendUs = -1;
    private long groupLastSendUs;
    private long groupLastArrivalUs;
    private long prevGroupSendUs = -1;
    private long prevGroupArrivalUs;
    private double accumulatedMs;
    private double smoothedMs;
    private final double[] xs = new double[WINDOW];
    private final double[] ys = new double[WINDOW];
    private int samples;
    private long firstArrivalUs = -1;
    private double threshold = 12.5;
    private long lastThresholdUs = -1;
    private Usage usage = Usage.NORMAL;
    private long overuseStartUs = -1;
    private double prevTrend;

    // Acknowledged bitrate and loss over recent feedback.
    private final long[] ackArrivalUs = new long[HISTORY];
    private final int[] ackSize = new int[HISTORY];
    private int ackHead;
    private int ackCount;
    private long lostRecent;
    private long receivedRecent;
    private long lossWindowStartUs = -1;
    private double lossFraction;
    /** A loss measurement above 10 % has not cut the estimate yet. */
    private boolean lossCutPending;
    private long lastDecreaseUs = -1;
    /** The last cut for delay growth (overuse), which holds probing off for a second. */
    private long lastDelayDecreaseUs = -1;

    public SendSideEstimator(long startBps, long maxBps) {
        this(startBps, maxBps, o -> { });
    }

    /** {@code outcomes} hears how each probe cluster ended (called under this estimator's lock). */
    public SendSideEstimator(long startBps, long maxBps, Consumer<ProbeOutcome> outcomes) {
        this.estimate = startBps;
        this.startBps = startBps;
        this.maxBps = maxBps;
        this.outcomes = outcomes;
    }

    /** A packet with transport-wide sequence number {@code seq} (16 bits) of {@code bytes} left at {@code sendUs}. */
    public synchronized void onSent(int seq, long sendUs, int bytes) {
        int i = seq & (HISTORY - 1);
        sentSeq[i] = seq;
        sentUs[i] = sendUs;
        sentSize[i] = bytes;
        int c = cluster.sendingId();
        sentCluster[i] = c;
        if (c != 0) {
            cluster.onSent(bytes);
        }
    }

    /** Feedback from the subscriber, processed at {@code nowUs} (SFU clock). */
    public synchronized void onFeedback(TransportFeedback.Decoded fb, long nowUs) {
        long[] arrivals = fb.arrivalsUs();
        if (lastFeedbackUs >= 0 && nowUs - lastFeedbackUs > FEEDBACK_GAP_US) {
            probes.pathFreed(nowUs); // back after a blackout
            blackoutSentBeforeUs = firstArrivedSentUs(fb.baseSeq(), arrivals);
        }
        lastFeedbackUs = nowUs;
        for (int k = 0; k < arrivals.length; k++) {
            int seq = (fb.baseSeq() + k) & 0xFFFF;
            int i = seq & (HISTORY - 1);
            if (sentSeq[i] != seq || sentUs[i] == 0) {
                continue; // not ours or too old
            }
            long send = sentUs[i];
            int size = sentSize[i];
            sentUs[i] = 0;
            if (sentCluster[i] != 0 && sentCluster[i] == cluster.id()) {
                cluster.onFeedback(send, size, arrivals[k]);
            }
            if (arrivals[k] == TransportFeedback.LOST) {
                if (send >= blackoutSentBeforeUs) {
                    lostRecent++;
                    cleanRun = 0;
                }
                continue;
            }
            receivedRecent++;
            if (++cleanRun == CLEAN_RUN && lossFraction > 0.02) {
                probes.pathFreed(nowUs); // the loss the last figure shows is over
            }
            ack(arrivals[k], size);
            packet(send, arrivals[k], nowUs);
        }
        if (lossWindowStartUs < 0) {
            lossWindowStartUs = nowUs;
        }
        if (nowUs - lossWindowStartUs >= 1_000_000 && lostRecent + receivedRecent > 20) {
            lossFraction = (double) lostRecent / (lostRecent + receivedRecent);
            lossCutPending = true;
            lostRecent = 0;
            receivedRecent = 0;
            lossWindowStartUs = nowUs;
        }
        update(nowUs);
        if (cluster.complete()) {
            resolveProbe(nowUs);
        }
    }

    /** The send time of the first packet of this feedback that arrived, or the oldest bound if none did. */
    private long firstArrivedSentUs(int baseSeq, long[] arrivals) {
        for (int k = 0; k < arrivals.length; k++) {
            int seq = (baseSeq + k) & 0xFFFF;
            int i = seq & (HISTORY - 1);
            if (arrivals[k] != TransportFeedback.LOST && sentSeq[i] == seq && sentUs[i] != 0) {
                return sentUs[i];
            }
        }
        return Long.MIN_VALUE;
    }

    /**
     * Starts a probe cluster if the estimate is below {@code needBps} (what the subscriber's
     * tracks need) and probing is allowed now: no loss (see {@link #lossClear}), no delay growth
     * (overuse) nor a cut for it in the last second, no cluster in flight. Draining queues
     * (underuse) do not hold it off: they mean the path has room. Every packet sent from now until
     * {@link #endProbe} belongs to it. Returns the cluster's target rate, 0 for no probe.
     */
    public synchronized long startProbe(long needBps, long nowUs) {
        if (cluster.timedOut(nowUs)) {
            cluster.clear(); // its feedback never came (a blackout): as a probe that found no room
            probes.result(false, nowUs);
            outcomes.accept(ProbeOutcome.GIVEN_UP);
        }
        if (cluster.inFlight() || usage == Usage.OVERUSE || !lossClear()
                || lastDelayDecreaseUs >= 0 && nowUs - lastDelayDecreaseUs < 1_000_000) {
            return 0;
        }
        long target = probes.target(estimate, needBps, maxBps, nowUs);
        if (target > 0) {
            cluster.start(nextClusterId, target);
            nextClusterId = nextClusterId == Integer.MAX_VALUE ? 1 : nextClusterId + 1;
        }
        return target;
    }

    /** Bytes sent (padding and media) since the running cluster started; 0 when none runs. */
    public synchronized long probeBytesSent() {
        return cluster.bytesSent();
    }

    /** The running cluster is sent: packets from now on are not part of it. */
    public synchronized void endProbe(long nowUs) {
        cluster.end(nowUs);
    }

    /** Probe clusters that raised the estimate so far. */
    public synchronized long probesRaised() {
        return probesRaised;
    }

    /**
     * No loss to speak of: the last one-second figure is at most 2 %, or the last
     * {@link #CLEAN_RUN} packets all arrived.
     */
    private boolean lossClear() {
        return lossFraction <= 0.02 || cleanRun >= CLEAN_RUN;
    }

    /**
     * A cluster's packets are all accounted for. Its rate becomes the estimate only if that is a
     * rise and the path showed no sign of strain: none of the cluster lost beyond chance, no loss
     * (see {@link #lossClear}), no delay growth now. A saturated cluster offers 95 % of what
     * arrived (on a path without room, about the estimate: no rise).
     */
    private void resolveProbe(long nowUs) {
        long measured = cluster.rateBps();
        long rate = Math.min(measured, Math.min(cluster.targetBps(), maxBps));
        ProbeOutcome outcome = cluster.lossy() ? ProbeOutcome.LOST
                : measured < 0 ? ProbeOutcome.UNMEASURED
                : usage == Usage.OVERUSE || !lossClear() ? ProbeOutcome.STRAINED
                : rate <= estimate ? ProbeOutcome.NO_RISE
                : cluster.saturated() ? ProbeOutcome.RAISED_SATURATED
                : ProbeOutcome.RAISED;
        boolean raised = outcome == ProbeOutcome.RAISED || outcome == ProbeOutcome.RAISED_SATURATED;
        if (raised) {
            estimate = rate;
            probesRaised++;
        }
        probes.result(raised, nowUs);
        cluster.clear();
        outcomes.accept(outcome);
    }

    private void ack(long arrivalUs, int size) {
        ackArrivalUs[ackHead] = arrivalUs;
        ackSize[ackHead] = size;
        ackHead = (ackHead + 1) & (HISTORY - 1);
        ackCount = Math.min(HISTORY, ackCount + 1);
    }

    /** Bits per second the subscriber acknowledged over the last 500 ms of arrivals (0 if unknown). */
    public synchronized long ackedBps() {
        if (ackCount < 2) {
            return 0;
        }
        long newest = ackArrivalUs[(ackHead - 1) & (HISTORY - 1)];
        long bytes = 0;
        long oldest = newest;
        for (int k = 1; k <= ackCount; k++) {
            int i = (ackHead - k) & (HISTORY - 1);
            if (newest - ackArrivalUs[i] > 500_000) {
                break;
            }
            bytes += ackSize[i];
            oldest = Math.min(oldest, ackArrivalUs[i]);
        }
        long span = Math.max(newest - oldest, 100_000);
        return bytes * 8_000_000L / span;
    }

    private void packet(long sendUs, long arrivalUs, long nowUs) {
        if (groupFirstSendUs < 0) {
            groupFirstSendUs = sendUs;
            groupLastSendUs = sendUs;
            groupLastArrivalUs = arrivalUs;
            return;
        }
        if (sendUs - groupFirstSendUs <= GROUP_US) {
            groupLastSendUs = Math.max(groupLastSendUs, sendUs);
            groupLastArrivalUs = Math.max(groupLastArrivalUs, arrivalUs);
            return;
        }
        // A group is complete: compare it with the previous one.
        if (prevGroupSendUs >= 0) {
            double deltaMs = ((groupLastArrivalUs - prevGroupArrivalUs) - (groupLastSendUs - prevGroupSendUs)) / 1000.0;
            trend(deltaMs, groupLastArrivalUs, nowUs);
        }
        prevGroupSendUs = groupLastSendUs;
        prevGroupArrivalUs = groupLastArrivalUs;
        groupFirstSendUs = sendUs;
        groupLastSendUs = sendUs;
        groupLastArrivalUs = arrivalUs;
    }

    private void trend(double deltaMs, long arrivalUs, long nowUs) {
        if (firstArrivalUs < 0) {
            firstArrivalUs = arrivalUs;
        }
        accumulatedMs += deltaMs;
        smoothedMs = SMOOTHING * smoothedMs + (1 - SMOOTHING) * accumulatedMs;
        int i = samples % WINDOW;
        xs[i] = (arrivalUs - firstArrivalUs) / 1000.0;
        ys[i] = smoothedMs;
        samples++;
        if (samples < WINDOW) {
            return;
        }
        double mx = 0;
        double my = 0;
        for (int k = 0; k < WINDOW; k++) {
            mx += xs[k];
            my += ys[k];
        }
        mx /= WINDOW;
        my /= WINDOW;
        double num = 0;
        double den = 0;
        for (int k = 0; k < WINDOW; k++) {
            num += (xs[k] - mx) * (ys[k] - my);
            den += (xs[k] - mx) * (xs[k] - mx);
        }
        double slope = den == 0 ? 0 : num / den;
        double modified = Math.min(samples, 60) * slope * GAIN;
        adaptThreshold(modified, nowUs);
        if (modified > threshold) {
            if (overuseStartUs < 0) {
                overuseStartUs = nowUs;
            }
            // Overuse once it lasts 10 ms and the trend is not falling.
            if (nowUs - overuseStartUs >= 10_000 && modified >= prevTrend) {
                usage = Usage.OVERUSE;
            }
        } else if (modified < -threshold) {
            overuseStartUs = -1;
            if (usage != Usage.UNDERUSE) {
                probes.pathFreed(nowUs); // queues draining: the path has room again
            }
            usage = Usage.UNDERUSE;
        } else {
            overuseStartUs = -1;
            usage = Usage.NORMAL;
        }
        prevTrend = modified;
    }

    private void adaptThreshold(double modified, long nowUs) {
        if (lastThresholdUs < 0) {
            lastThresholdUs = nowUs;
        }
        double abs = Math.abs(modified);
        if (abs > threshold + 15) {
            lastThresholdUs = nowUs; // a spike: do not chase it
            return;
        }
        double k = abs < threshold ? 0.039 : 0.0087;
        double dtMs = Math.min((nowUs - lastThresholdUs) / 1000.0, 100);
        threshold = Math.max(6, Math.min(600, threshold + k * (abs - threshold) * dtMs));
        lastThresholdUs = nowUs;
    }

    private void update(long nowUs) {
        if (lastUpdateUs < 0) {
            lastUpdateUs = nowUs;
            return;
        }
        double dt = Math.min((nowUs - lastUpdateUs) / 1e6, 1.0);
        lastUpdateUs = nowUs;
        long acked = ackedBps();
        switch (usage) {
            case OVERUSE -> {
                // Back off to what actually got through, at most once per 300 ms.
                if (lastDecreaseUs < 0 || nowUs - lastDecreaseUs > 300_000) {
                    long base = acked > 0 ? acked : estimate;
                    estimate = Math.min(estimate, (long) (0.85 * base));
                    lastDecreaseUs = nowUs;
                    lastDelayDecreaseUs = nowUs;
                }
            }
            case NORMAL -> {
                if (lossFraction <= 0.02) {
                    // Grow, but not far beyond what is actually sent (the SFU does not probe): at most
                    // three times the acknowledged rate, or the starting estimate.
                    long grown = (long) (estimate * Math.pow(1.08, dt)) + (long) (10_000 * dt);
                    estimate = Math.max(estimate, Math.min(grown, Math.max(3 * acked, startBps)));
                }
            }
            case UNDERUSE -> {
                // hold: queues are draining
            }
        }
        // Once per loss measurement, not every 300 ms on the same one (as libwebrtc's
        // SendSideBandwidthEstimation: one decrease per fraction-lost report); cutting three
        // times a second on one figure took a path with 10 % random loss to the floor in 25 s.
        if (lossFraction > 0.10 && lossCutPending && (lastDecreaseUs < 0 || nowUs - lastDecreaseUs > 300_000)) {
            estimate = (long) (estimate * (1 - 0.5 * lossFraction));
            lastDecreaseUs = nowUs;
            lossCutPending = false;
        }
        estimate = Math.max(MIN_BPS, Math.min(maxBps, estimate));
    }

    /** The bitrate the subscriber's path can take now, in bits per second. */
    public synchronized long targetBps() {
        return estimate;
    }

    public synchronized Usage usage() {
        return usage;
    }

    public synchronized double lossFraction() {
        return lossFraction;
    }
}
