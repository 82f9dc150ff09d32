package com.zoomvconnect.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.testing.BrowserTest;
import com.zoomvconnect.testing.NodeProcess;
import com.zoomvconnect.testing.SuiteOrder;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The soak (docs/performance.md, "Soak: resources under churn"): 5 meetings of 8 synthetic
 * participants with joins and leaves every second, chat, layer switches and a recording started
 * and stopped, for 5 minutes in the default suite; {@code -Dzvc.soak.minutes=60} is the hour-long
 * run (recording period 10 minutes), with the same assertions. After the first minute (warm-up):
 * signaling sockets, database connections and packet caches are exactly what the participants
 * present need at every sample; file descriptors and threads reach no new high in the second half
 * of the run (beyond what a recording holds); the heap after a full GC grows by less than
 * {@link #HEAP_SLOPE_MB_PER_MIN}; the
 * steady subscribers lose less than {@link #LOSS_PERCENT} of their packets, and the SFU drops less
 * than that share of its copies as too old (a stream that stops altogether leaves no gap to count
 * as loss); and nothing in the appliance logs at ERROR.
 *
 * <p>The appliance runs in a JVM of its own, started with the real launcher ({@link NodeProcess}),
 * so every figure is that process's alone and the soak can run beside other test classes: it starts
 * first, concurrently with the classes that start no browser ({@link SuiteOrder}), and holds
 * {@link SuiteOrder#CPU} so no {@link BrowserTest} class starts while it runs.
 *
 * <pre>./mvnw -o test -pl appliance -am -Dsurefire.failIfNoSpecifiedTests=false -Dtest=SoakTest \
 *     [-Dzvc.soak.minutes=5] [-Dzvc.soak.rooms=5] [-Dzvc.soak.sample=30] [-Dzvc.soak.recording=120]</pre>
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(SuiteOrder.CPU)
class SoakTest {
    private static final double MINUTES = Double.parseDouble(System.getProperty("zvc.soak.minutes", "5"));
    private static final int ROOMS = Integer.getInteger("zvc.soak.rooms", 5);
    private static final int SAMPLE_SECONDS = Integer.getInteger("zvc.soak.sample", 30);
    /** A recording is started at the start of each period and stopped half-way: 10 minutes for the hour, 2 for 5 minutes. */
    private static final int RECORDING_SECONDS = Integer.getInteger("zvc.soak.recording", MINUTES >= 30 ? 600 : 120);
    private static final int WARMUP_SECONDS = 60;
    /**
     * The heap bound (docs/performance.md explains it): about 25 publishers leave a minute, each with
     * a video packet cache of ~0.5 MB, so keeping one cache per leave grows the heap ~12 MB a minute;
     * the fixed appliance's first minutes after warm-up grow it ~3 MB a minute (caches and pools
     * still filling on a loaded machine).
     */
    static final double HEAP_SLOPE_MB_PER_MIN = 6.0;
    /**
     * File descriptors and threads a recording holds while it runs (a file, a writer thread per
     * track of the recorded meeting; ffmpeg's pipes after it stops): the second half of the run may
     * see a few more than the first. A leak per leave adds ~50 a minute.
     */
    private static final int RECORDING_SLACK = 16;
    /** Steady-state loss on loopback on a loaded 2-core machine (docs/performance.md). */
    static final double LOSS_PERCENT = 1.0;

    /** A Logback line at ERROR (docs/operations.md "Logs": time, level, thread, logger, message). */
    private static final Pattern ERROR_LINE = Pattern.compile("^\\S+\\s+ERROR\\s");

    @Test
    void resourcesStayFlatUnderChurnRecordingAndLayerSwitches() throws Exception {
        var os = ManagementFactory.getOperatingSystemMXBean();
        double loadBefore = os.getSystemLoadAverage();
        // No transcription: the synthetic clients' audio is not speech. Composition runs (ffmpeg, when installed).
        // The JVM's defaults otherwise (full compiler, heap a quarter of the memory), as a production start has.
        SoakRun.Result r;
        List<String> errors;
        try (var node = NodeProcess.single("soak", Map.of("recording.transcription", "off", "recording.compose", "true",
                "recording.layout", "speaker"), List.of())) {
            node.awaitReady(Duration.ofMinutes(2));
            r = new SoakRun(node, ROOMS, MINUTES, SAMPLE_SECONDS, RECORDING_SECONDS, WARMUP_SECONDS).run();
            errors = node.output().stream().filter(l -> ERROR_LINE.matcher(l).find()).toList();
        }
        String table = r.table((int) Math.round(MINUTES), ROOMS, loadBefore, os.getSystemLoadAverage());
        System.out.println(table);
        // Also beside the samples: running concurrently, the soak's output may land in another class's report.
        Files.writeString(Path.of("target", "soak-samples.txt"), table, StandardOpenOption.CREATE, StandardOpenOption.APPEND);

        assertEquals(List.of(), errors.subList(0, Math.min(10, errors.size())), errors.size() + " ERROR lines in the appliance's log");
        assertTrue(r.steadyPackets() - r.warmupPackets() > 0, "the steady subscribers received media");
        assertTrue(r.recordings() >= 2, "recordings were started and stopped: " + r.recordings());
        assertTrue(r.layerSwitches() > 0, "subscribers switched layers");
        for (var s : r.steadyState()) {
            assertEquals(r.steadyState().getFirst().values()[SoakRun.DB], s.values()[SoakRun.DB],
                    "database connections at " + s.minute() + " min");
        }
        // Sockets and caches: the sample waited for leaves to settle at what those present need (SoakRun.sample).
        for (var s : r.steadyState()) {
            assertEquals(s.neededSockets(), (int) s.values()[SoakRun.SOCKETS], "signaling sockets at " + s);
            assertEquals(s.neededCaches(), (int) s.values()[SoakRun.CACHES], "packet caches at " + s);
        }
        for (int m : new int[] {SoakRun.FDS, SoakRun.THREADS}) {
            double[] halves = r.halfMaxima(m);
            assertTrue(halves[1] <= halves[0] + RECORDING_SLACK, String.format(Locale.ROOT,
                    "%s reach no new high in the second half: %.0f then %.0f", SoakRun.METRICS[m], halves[0], halves[1]));
        }
        double heapSlope = r.slope(SoakRun.HEAP);
        assertTrue(heapSlope < HEAP_SLOPE_MB_PER_MIN, String.format(Locale.ROOT,
                "heap after GC grows %.2f MB/min (bound %.1f)", heapSlope, HEAP_SLOPE_MB_PER_MIN));
        assertTrue(r.steadyLossPercent() < LOSS_PERCENT, String.format(Locale.ROOT,
                "steady-state loss %.3f %% (bound %.1f %%)", r.steadyLossPercent(), LOSS_PERCENT));
        assertTrue(r.copiesSent() > 0, "the SFU's copies counted");
        assertTrue(r.tooOldPercent() < LOSS_PERCENT, String.format(Locale.ROOT,
                "copies the SFU dropped as too old after the warm-up: %.3f %% (bound %.1f %%)", r.tooOldPercent(), LOSS_PERCENT));
    }
}
