package com.zoomvconnect.media.sfu;

import com.zoomvconnect.media.srtp.SrtpContext;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends bandwidth probes to subscribers whose estimate is short of what their tracks need
 * (libwebrtc's pacer and LiveKit's prober do the same): a cluster of padding-only packets on
 * their VP8 video streams, paced at the cluster's rate for {@link #CLUSTER_NANOS}, stamped with
 * transport-wide numbers like media so the subscriber's feedback tells its estimator what the
 * path took. When to probe and at what rate is the estimator's ({@code SendSideEstimator#startProbe});
 * this class only sends, on its own thread, so the packet path is untouched. Bounded: one
 * cluster per subscriber at a time, 40 ms long, at most a few per second while it is short.
 */
final class Prober implements AutoCloseable {
    /**
     * How long a cluster lasts. 20 ms clusters measured too little on a busy receiver: a few
     * milliseconds of jitter in the arrival times of the first and last packet made a clean path
     * look saturated, so a path back from an impairment was found in steps of a third.
     */
    static final long CLUSTER_NANOS = 40_000_000L;
    /** A cluster that cannot send (no frame ended to pad after) is ended at this age anyway. */
    private static final long GIVE_UP_NANOS = 100_000_000L;
    private static final long PACE_NANOS = 1_000_000L;
    /** Padding bytes per packet: at most what the RTP padding count can say, at least enough to matter. */
    private static final int MAX_PADDING = 255;
    private static final int MIN_PADDING = 50;
    /** Packets a cluster aims for at least (the estimator wants five with feedback). */
    private static final int PACKETS = 8;
    private static final int BUF = 1500 + SrtpContext.MAX_OVERHEAD + 64;

    private final SfuCounters counters;
    private final LinkedBlockingQueue<Cluster> queue = new LinkedBlockingQueue<>();
    private final byte[] out = new byte[BUF];
    private final Thread thread;
    private volatile boolean closed;

    /** A cluster being sent: its subscriber, rate, bytes in all and padding per packet. */
    private static final class Cluster {
        final SfuParticipant subscriber;
        final List<DownTrack> tracks;
        final long targetBps;
        final long startNanos;
        final long bytes;
        final int padding;
        int next;

        Cluster(SfuParticipant subscriber, List<DownTrack> tracks, long targetBps, long startNanos) {
            this.subscriber = subscriber;
            this.tracks = tracks;
            this.targetBps = targetBps;
            this.startNanos = startNanos;
            this.bytes = targetBps * CLUSTER_NANOS / 8_000_000_000L;
            this.padding = (int) Math.max(MIN_PADDING, Math.min(MAX_PADDING, bytes / PACKETS));
        }
    }

    Prober(SfuCounters counters) {
        this.counters = counters;
        this.thread = Thread.ofPlatform().name("sfu-prober").daemon().start(this::run);
    }

    /**
     * The allocator's turn for {@code subscriber}, whose tracks need {@code needBps}: starts a
     * cluster if its estimator says so and it receives VP8 video to pad.
     */
    void probe(SfuParticipant subscriber, long needBps, long now) {
        Downlink downlink = subscriber.downlink();
        if (closed || !downlink.enabled() || downlink.targetBps() >= needBps || !subscriber.subscribe.isReady()) {
            return; // most ticks of most subscribers end here, without allocating
        }
        List<DownTrack> tracks = new ArrayList<>();
        for (DownTrack d : subscriber.downTracks()) {
            if (d.canPad()) {
                tracks.add(d);
            }
        }
        if (tracks.isEmpty()) {
            return;
        }
        long target = downlink.startProbe(needBps, now);
        if (target > 0) {
            counters.probeClusters.increment();
            queue.add(new Cluster(subscriber, tracks, target, now));
        }
    }

    private void run() {
        List<Cluster> active = new ArrayList<>();
        while (!closed) {
            if (active.isEmpty()) {
                try {
                    active.add(queue.take());
                } catch (InterruptedException e) {
                    return;
                }
            }
            queue.drainTo(active);
            for (Iterator<Cluster> it = active.iterator(); it.hasNext(); ) {
                Cluster c = it.next();
                try {
                    if (sendDue(c, System.nanoTime())) {
                        c.subscriber.downlink().endProbe(System.nanoTime());
                        it.remove();
                    }
                } catch (RuntimeException e) {
                    c.subscriber.downlink().endProbe(System.nanoTime());
                    it.remove();
                    counters.probeFailures.increment();
                }
            }
            if (!active.isEmpty()) {
                LockSupport.parkNanos(PACE_NANOS);
            }
        }
    }

    /** Sends what of {@code c} is due by the end of this pacing step; true when the cluster is done. */
    private boolean sendDue(Cluster c, long now) {
        long age = now - c.startNanos;
        Downlink downlink = c.subscriber.downlink();
        PeerTransport t = c.subscriber.subscribe;
        long due = c.bytes * Math.min(age + PACE_NANOS, CLUSTER_NANOS) / CLUSTER_NANOS;
        while (downlink.probeBytesSent() < due && t.isReady() && !c.subscriber.isClosed()) {
            int n = pad(c, now);
            if (n == 0) {
                break; // every stream is inside a frame: the next step
            }
            if (t.sendRtp(out, 0, n)) {
                counters.probePackets.increment();
                counters.probeBytes.add(n);
            }
        }
        return age >= GIVE_UP_NANOS || age >= CLUSTER_NANOS && downlink.probeBytesSent() >= c.bytes || !t.isReady();
    }

    /** One padding packet on the next of the cluster's streams that is between frames; its length, 0 if none is. */
    private int pad(Cluster c, long now) {
        int size = c.tracks.size();
        for (int k = 0; k < size; k++) {
            DownTrack d = c.tracks.get((c.next + k) % size);
            int n = d.writePadding(out, c.padding);
            if (n > 0) {
                c.next = (c.next + k + 1) % size;
                return c.subscriber.downlink().stamp(out, n, now);
            }
        }
        return 0;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
