package com.zoomvconnect.api;

import com.zoomvconnect.admin.AdminService;
import com.zoomvconnect.meeting.LiveMeetings;
import com.zoomvconnect.record.RecordingManager;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The dashboard's figures now: meetings, media rates, CPU, memory, recordings disk, uptime, version.
 * Rates are the counters' change since the previous sample at least a second old, so every
 * dashboard polling every few seconds sees a recent rate; the first call averages over the uptime.
 */
final class AdminOverview {
    private record Sample(long nanos, MediaTotals totals) {
    }

    private record Rates(double packetsInPerSecond, double packetsOutPerSecond, long bitrateInBps, long bitrateOutBps) {
    }

    private static final long MIN_INTERVAL_NANOS = 1_000_000_000L;
    private final AdminService admin;
    private final LiveMeetings live;
    private final RecordingManager recorder;
    private final Supplier<MediaTotals> media;
    private final long startNanos = System.nanoTime();
    private Sample last;
    private Rates rates = new Rates(0, 0, 0, 0);

    AdminOverview(AdminService admin, LiveMeetings live, RecordingManager recorder, Supplier<MediaTotals> media) {
        this.admin = admin;
        this.live = live;
        this.recorder = recorder;
        this.media = media;
    }

    Map<String, Object> now() {
        @SuppressWarnings("unchecked")
        var status = (Map<String, Object>) admin.execute("status", Map.of());
        var m = new LinkedHashMap<String, Object>();
        m.put("version", status.get("version"));
        m.put("uptimeSeconds", status.get("uptimeSeconds"));
        m.put("liveMeetings", live.all().size());
        m.put("participants", live.participantCount());
        m.put("rooms", live.roomCount());
        m.put("users", status.get("users"));
        m.put("media", rates(media.get(), System.nanoTime()));
        m.put("cpu", cpu());
        Runtime rt = Runtime.getRuntime();
        m.put("memory", Map.of("usedBytes", rt.totalMemory() - rt.freeMemory(), "maxBytes", rt.maxMemory()));
        RecordingManager.Storage s = recorder.storage();
        m.put("recordings", Map.of("usedBytes", s.usedBytes(), "freeBytes", s.freeBytes(), "quotaBytes", s.quotaBytes()));
        return m;
    }

    private synchronized Rates rates(MediaTotals now, long nanos) {
        Sample from = last == null ? new Sample(startNanos, new MediaTotals(0, 0, 0, 0, Map.of(), Map.of())) : last;
        long dt = nanos - from.nanos();
        if (last == null || dt >= MIN_INTERVAL_NANOS) {
            double seconds = Math.max(dt, 1) / 1e9;
            MediaTotals a = from.totals();
            rates = new Rates(round((now.packetsIn() - a.packetsIn()) / seconds), round((now.packetsOut() - a.packetsOut()) / seconds),
                    (long) ((now.bytesIn() - a.bytesIn()) * 8 / seconds), (long) ((now.bytesOut() - a.bytesOut()) * 8 / seconds));
            last = new Sample(nanos, now);
        }
        return rates;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    /** Process and machine CPU load (0..1, or -1 where the JVM cannot tell) and the processors it may use. */
    private static Map<String, Object> cpu() {
        var m = new LinkedHashMap<String, Object>();
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            m.put("process", Math.round(os.getProcessCpuLoad() * 1000) / 1000.0);
            m.put("system", Math.round(os.getCpuLoad() * 1000) / 1000.0);
        }
        m.put("processors", Runtime.getRuntime().availableProcessors());
        return m;
    }
}
