package com.zoomvconnect.media.bwe;

/**
 * One bandwidth probe towards a subscriber and the rate it got through, as libwebrtc's
 * ProbeBitrateEstimator works it out: every packet sent while the cluster runs (padding and
 * media alike) belongs to it; once the feedback has accounted for all of them, the send rate is
 * their bytes (less the last sent) over the time from first to last send, the receive rate their
 * bytes (less the first to arrive) over the time from first to last arrival, and the path took
 * the lower of the two — or, if it arrived under 90 % of the send rate (saturated: it queued
 * somewhere), 95 % of the receive rate, what the path delivered. Plain state, reused for every
 * cluster; used under its {@link SendSideEstimator}'s lock.
 */
final class ProbeCluster {
    /** Fewer packets accounted for than this make no measurement (libwebrtc asks for five). */
    static final int MIN_PACKETS = 5;
    /** A cluster whose packets are not all accounted for this long after it ended is given up. */
    static final long TIMEOUT_US = 1_000_000;
    /** Send or receive spans longer than this are no probe measurement (libwebrtc's limit). */
    private static final long MAX_SPAN_US = 1_000_000;

    private int id;
    private boolean sending;
    private long targetBps;
    private long endUs;
    private int sent;
    private long bytesSent;
    private int received;
    private int lost;
    private long firstSendUs;
    private long lastSendUs;
    private int lastSendSize;
    private long firstArrivalUs;
    private int firstArrivalSize;
    private long lastArrivalUs;
    private long bytesReceived;

    void start(int clusterId, long target) {
        id = clusterId;
        targetBps = target;
        sending = true;
        endUs = 0;
        sent = 0;
        bytesSent = 0;
        received = 0;
        lost = 0;
        bytesReceived = 0;
        firstSendUs = Long.MAX_VALUE;
        lastSendUs = Long.MIN_VALUE;
        firstArrivalUs = Long.MAX_VALUE;
        lastArrivalUs = Long.MIN_VALUE;
    }

    /** The id packets sent now are tagged with, 0 when no cluster is being sent. */
    int sendingId() {
        return sending ? id : 0;
    }

    int id() {
        return id;
    }

    long targetBps() {
        return targetBps;
    }

    void onSent(int bytes) {
        sent++;
        bytesSent += bytes;
    }

    long bytesSent() {
        return sending ? bytesSent : 0;
    }

    void end(long nowUs) {
        if (sending) {
            sending = false;
            endUs = nowUs;
        }
    }

    /** Started and not yet resolved (nor given up). */
    boolean inFlight() {
        return id != 0;
    }

    void clear() {
        id = 0;
        sending = false;
    }

    /** Feedback for one of its packets: sent at {@code sendUs}, arrived at {@code arrivalUs} or {@link TransportFeedback#LOST}. */
    void onFeedback(long sendUs, int size, long arrivalUs) {
        if (arrivalUs == TransportFeedback.LOST) {
            lost++;
            return;
        }
        received++;
        bytesReceived += size;
        if (sendUs < firstSendUs) {
            firstSendUs = sendUs;
        }
        if (sendUs >= lastSendUs) {
            lastSendUs = sendUs;
            lastSendSize = size;
        }
        if (arrivalUs < firstArrivalUs) {
            firstArrivalUs = arrivalUs;
            firstArrivalSize = size;
        }
        lastArrivalUs = Math.max(lastArrivalUs, arrivalUs);
    }

    /** Sent, and every packet of it reported received or lost. */
    boolean complete() {
        return id != 0 && !sending && received + lost >= sent;
    }

    boolean timedOut(long nowUs) {
        return id != 0 && !sending && nowUs - endUs > TIMEOUT_US;
    }

    /**
     * Whether the path lost more of the cluster than chance explains: any packet of a small
     * cluster, over 5 % of a large one. Loss in a probe means its rate did not fit.
     */
    boolean lossy() {
        return lost > (received + lost) / 20;
    }

    /** Whether the cluster arrived under 90 % of its send rate (meaningful when {@link #rateBps} is not -1). */
    boolean saturated() {
        return saturated(sendRate(), receiveRate());
    }

    private static boolean saturated(double sendRate, double receiveRate) {
        return receiveRate < 0.9 * sendRate;
    }

    private double sendRate() {
        return (bytesReceived - lastSendSize) * 8e6 / (lastSendUs - firstSendUs);
    }

    private double receiveRate() {
        return (bytesReceived - firstArrivalSize) * 8e6 / (lastArrivalUs - firstArrivalUs);
    }

    /** The rate the path took, bits/s; -1 when the cluster measured nothing usable. */
    long rateBps() {
        if (received < MIN_PACKETS) {
            return -1;
        }
        long sendSpan = lastSendUs - firstSendUs;
        long receiveSpan = lastArrivalUs - firstArrivalUs;
        if (sendSpan <= 0 || receiveSpan <= 0 || sendSpan > MAX_SPAN_US || receiveSpan > MAX_SPAN_US) {
            return -1;
        }
        double sendRate = sendRate();
        double receiveRate = receiveRate();
        if (receiveRate > 2 * sendRate) {
            return -1; // arrivals bunched up by something other than the path (libwebrtc's kMaxValidRatio)
        }
        if (saturated(sendRate, receiveRate)) {
            // Arrivals came slower than sending, so the cluster queued up somewhere: the path took what
            // arrived, less a margin (libwebrtc's kTargetUtilizationFraction). On a path without room this
            // is about the estimate already; when a short cluster's arrivals are only spread by jitter
            // (a busy receiver), it is still most of the rate, where taking nothing left the estimate
            // to grow at 8 % a second.
            return (long) (0.95 * receiveRate);
        }
        return (long) Math.min(sendRate, receiveRate);
    }
}
