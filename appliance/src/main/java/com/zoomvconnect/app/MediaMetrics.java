package com.zoomvconnect.app;

import com.zoomvconnect.admin.ActivityHistory;
import com.zoomvconnect.api.MediaTotals;
import com.zoomvconnect.meeting.LiveMeetings;
import com.zoomvconnect.media.sfu.ForwardingDelay;
import com.zoomvconnect.media.sfu.ParticipantQuality;
import com.zoomvconnect.media.sfu.Sfu;
import com.zoomvconnect.media.turn.TurnServer;
import io.helidon.metrics.api.FunctionalCounter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.MetricsConfig;
import io.helidon.metrics.api.MetricsFactory;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The SFU's counters, rooms and forwarding-delay histogram, and the TURN server's counters, on {@code /metrics}. Meters live in
 * Helidon's global registry for the life of the JVM, so they read through a reference to the
 * running SFU (tests start several appliances one after another in one JVM).
 */
final class MediaMetrics {
    private static final AtomicReference<Sfu> CURRENT = new AtomicReference<>();
    private static final AtomicReference<TurnServer> TURN = new AtomicReference<>();
    private static volatile boolean registered;
    private static volatile boolean turnRegistered;

    private MediaMetrics() {
    }

    static synchronized void bind(Sfu sfu) {
        CURRENT.set(sfu);
        if (registered) {
            return;
        }
        registered = true;
        MeterRegistry registry = registry();
        for (String name : sfu.counters().snapshot().keySet()) {
            registry.getOrCreate(FunctionalCounter.builder("zvc.sfu." + name, name, MediaMetrics::counter)
                    .description("SFU packet counter " + name));
        }
        // media.sendbatch: flushes of a worker's written datagrams (one sendmmsg each, or more) and the datagrams they
        // carried; the second over the first is the batch size. Both stay 0 on NIO.
        registry.getOrCreate(FunctionalCounter.builder("zvc.sfu.udp.send.batches", true, MediaMetrics::sendBatches)
                .description("Batches of datagrams the media workers flushed (media.sendbatch)"));
        registry.getOrCreate(FunctionalCounter.builder("zvc.sfu.udp.batched.datagrams", false, MediaMetrics::sendBatches)
                .description("Datagrams the media workers sent in those batches (media.sendbatch)"));
        registry.getOrCreate(Gauge.builder("zvc.sfu.rooms", () -> {
            Sfu s = CURRENT.get();
            return s == null ? 0 : s.roomCount();
        }).description("Rooms with media"));
        registry.getOrCreate(Gauge.builder("zvc.sfu.packet.caches", () -> {
            Sfu s = CURRENT.get();
            return s == null ? 0 : s.packetCacheUse().caches();
        }).description("Packet caches (for retransmission) of the live rooms' published encodings"));
        registry.getOrCreate(Gauge.builder("zvc.sfu.packet.cache.bytes", () -> {
            Sfu s = CURRENT.get();
            return s == null ? 0 : s.packetCacheUse().bytes();
        }).description("Bytes the live rooms' packet caches hold"));
        long[] bounds = ForwardingDelay.BOUNDS_US;
        for (int i = 0; i <= bounds.length; i++) {
            int upTo = i;
            String le = i == bounds.length ? "+Inf" : Long.toString(bounds[i]);
            registry.getOrCreate(FunctionalCounter.builder("zvc.sfu.forwarding.delay.us.bucket", upTo, MediaMetrics::cumulative)
                    .tags(java.util.List.of(Metrics.tag("le", le)))
                    .description("Packets forwarded within this many microseconds of arrival (cumulative)"));
        }
    }

    /**
     * The TURN server's counters as {@code zvc_turn_*} (relayed packets and bytes each way, refusals
     * and drops by reason) and its live allocations as the gauge {@code zvc_turn_allocations}.
     */
    static synchronized void bind(TurnServer turn) {
        TURN.set(turn);
        if (turnRegistered) {
            return;
        }
        turnRegistered = true;
        MeterRegistry registry = registry();
        for (String name : turn.snapshot().keySet()) {
            if (name.equals("allocations")) {
                registry.getOrCreate(Gauge.builder("zvc.turn.allocations", () -> {
                    TurnServer t = TURN.get();
                    return t == null ? 0 : t.allocationCount();
                }).description("Live TURN allocations"));
            } else {
                registry.getOrCreate(FunctionalCounter.builder("zvc.turn." + name, name, MediaMetrics::turnCounter)
                        .description("TURN counter " + name));
            }
        }
    }

    /**
     * Helidon's global registry, created from an explicit (empty) config: Metrics.globalRegistry()
     * would ask Helidon's global config, which this appliance does not use, and log a stack trace
     * about it at every start.
     */
    static MeterRegistry registry() {
        return MetricsFactory.getInstance(io.helidon.config.Config.empty()).globalRegistry(MetricsConfig.create());
    }

    static void unbind(TurnServer turn) {
        TURN.compareAndSet(turn, null);
    }

    private static Long turnCounter(String name) {
        TurnServer t = TURN.get();
        return t == null ? 0L : t.snapshot().getOrDefault(name, 0L);
    }

    /** The SFU's packet and byte totals and downlink estimates, for the admin overview. */
    static MediaTotals totals(Sfu sfu) {
        var c = sfu.counters();
        var quality = new java.util.HashMap<String, MediaTotals.Quality>();
        for (ParticipantQuality q : sfu.participantQuality()) {
            quality.put(q.participantId(), new MediaTotals.Quality(q.bitrateInBps(), q.lossPercent(), q.jitterMs(),
                    q.layer() < 0 ? null : q.layer()));
        }
        return new MediaTotals(c.rtpIn.sum(), c.rtpOut.sum(), c.rtpBytesIn.sum(), c.rtpBytesOut.sum(), sfu.downlinkEstimates(),
                quality);
    }

    /** What the activity history samples each minute: live counts and the SFU's running totals. */
    static ActivityHistory.Reading reading(Sfu sfu, LiveMeetings live) {
        var c = sfu.counters();
        return new ActivityHistory.Reading(live.participantCount(), live.all().size(), c.rtpIn.sum(), c.rtpOut.sum(),
                c.rtpBytesIn.sum(), c.rtpBytesOut.sum(), c.rtpExpected.sum());
    }

    static void unbind(Sfu sfu) {
        CURRENT.compareAndSet(sfu, null);
    }

    private static Long sendBatches(boolean flushes) {
        Sfu s = CURRENT.get();
        if (s == null) {
            return 0L;
        }
        return flushes ? s.netCounters().udpSendBatches.sum() : s.netCounters().udpBatchedDatagrams.sum();
    }

    private static Long counter(String name) {
        Sfu s = CURRENT.get();
        return s == null ? 0L : s.counters().snapshot().getOrDefault(name, 0L);
    }

    private static Long cumulative(int upTo) {
        Sfu s = CURRENT.get();
        if (s == null) {
            return 0L;
        }
        long[] c = s.forwardingDelay().counts();
        long sum = 0;
        for (int i = 0; i <= upTo; i++) {
            sum += c[i];
        }
        return sum;
    }
}
