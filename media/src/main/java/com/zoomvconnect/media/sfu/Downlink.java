package com.zoomvconnect.media.sfu;

import com.zoomvconnect.media.bwe.SendSideEstimator;
import com.zoomvconnect.media.bwe.TransportFeedback;
import com.zoomvconnect.media.rtp.HeaderExtensionWriter;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A subscriber's receive direction as congestion control sees it
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01): every packet we send it carries the next
 * transport-wide sequence number, and its feedback drives the estimate the bandwidth allocator
 * shares out. Thread-safe: several publishers' threads send to one subscriber.
 */
final class Downlink {
    private static final ThreadLocal<HeaderExtensionWriter> WRITERS = ThreadLocal.withInitial(HeaderExtensionWriter::new);

    private final SendSideEstimator estimator;
    private final AtomicInteger nextSeq = new AtomicInteger();
    /** Extension id the subscriber accepted on its receive connection (0 = none: no estimate). */
    private volatile int extensionId;

    Downlink(long startBps, long maxBps, SfuCounters counters) {
        this.estimator = new SendSideEstimator(startBps, maxBps, counters::probeOutcome);
    }

    void setExtensionId(int id) {
        extensionId = id;
    }

    /** Whether the subscriber sends transport-wide feedback, so the estimate means something. */
    boolean enabled() {
        return extensionId > 0;
    }

    /** The subscriber's downlink estimate (bits/s). */
    long targetBps() {
        return estimator.targetBps();
    }

    /**
     * Gives an outgoing packet (extensions already stripped) the next transport-wide sequence
     * number as its only header extension and remembers when it left and how big it was.
     * Returns the new length.
     */
    int stamp(byte[] out, int n, long now) {
        int id = extensionId;
        if (id <= 0) {
            return n;
        }
        int seq = nextSeq.getAndIncrement() & 0xFFFF;
        n = WRITERS.get().clear().add(id, seq, 2).insertInto(out, 0, n);
        estimator.onSent(seq, now / 1000, n);
        return n;
    }

    /** Starts a probe cluster if the estimate is short of {@code needBps} and probing is allowed; its rate, 0 for none. */
    long startProbe(long needBps, long now) {
        return enabled() ? estimator.startProbe(needBps, now / 1000) : 0;
    }

    /** Bytes sent since the running probe cluster started (media included). */
    long probeBytesSent() {
        return estimator.probeBytesSent();
    }

    void endProbe(long now) {
        estimator.endProbe(now / 1000);
    }

    /** Transport feedback (RTPFB FMT 15) from the subscriber. */
    void onFeedback(TransportFeedback.Decoded fb, long now) {
        estimator.onFeedback(fb, now / 1000);
    }
}
