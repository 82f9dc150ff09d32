package com.zoomvconnect.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.zoomvconnect.app.AppConfig;
import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.store.DatabaseConfig;
import com.zoomvconnect.testing.TestAppliance;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The soak (docs/performance.md, "Soak: resources under churn"): 5 meetings of 8 synthetic
 * participants with joins and leaves every second, chat, layer switches and a recording started
 * and stopped, for 5 minutes in the default suite; {@code -Dzvc.soak.minutes=60} is the hour-long
 * run (recording period 10 minutes), with the same assertions. After the first minute (warm-up):
 * signaling sockets, database connections and packet caches are exactly what the participants
 * present need at every sample; file descriptors and threads reach no new high in the second half
 * of the run (beyond what a recording holds); the heap after a full GC grows by less than
 * {@link #HEAP_SLOPE_MB_PER_MIN}; the
 * steady subscribers lose less than {@link #LOSS_PERCENT} of their packets; and nothing in the
 * process logs at ERROR.
 *
 * <pre>./mvnw -o test -pl appliance -am -Dsurefire.failIfNoSpecifiedTests=false -Dtest=SoakTest \
 *     [-Dzvc.soak.minutes=5] [-Dzvc.soak.rooms=5] [-Dzvc.soak.sample=30] [-Dzvc.soak.recording=120]</pre>
 */
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

    /** Counts what the process logs at ERROR while it is attached, keeping the first few lines. */
    private static final class ErrorLines extends AppenderBase<ILoggingEvent> {
        final List<String> lines = new CopyOnWriteArrayList<>();
        volatile int count;

        @Override
        protected void append(ILoggingEvent e) {
            if (e.getLevel().isGreaterOrEqual(Level.ERROR)) {
                count++;
                if (lines.size() < 10) {
                    lines.add(e.getLoggerName() + " - " + e.getFormattedMessage()
                            + (e.getThrowableProxy() == null ? "" : ": " + e.getThrowableProxy().getMessage()));
                }
            }
        }
    }

    @Test
    void resourcesStayFlatUnderChurnRecordingAndLayerSwitches() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        var errors = new ErrorLines();
        errors.setContext(root.getLoggerContext());
        errors.start();
        root.addAppender(errors);
        var os = ManagementFactory.getOperatingSystemMXBean();
        double loadBefore = os.getSystemLoadAverage();
        Path dir = TestAppliance.tempDir();
        AppConfig c = TestAppliance.config(dir, DatabaseConfig.embedded(dir));
        // No transcription: the synthetic clients' audio is not speech. Composition runs (ffmpeg, when installed).
        AppConfig.Recording recording = new AppConfig.Recording(0, 0, 0, "off", true, "speaker");
        SoakRun.Result r;
        try (Appliance a = Appliance.start(new AppConfig(c.dataDir(), c.server(), c.tls(), c.database(), c.auth(), c.media(),
                c.source(), recording))) {
            r = new SoakRun(a, ROOMS, MINUTES, SAMPLE_SECONDS, RECORDING_SECONDS, WARMUP_SECONDS).run();
        } finally {
            root.detachAppender(errors);
        }
        System.out.println(r.table((int) Math.round(MINUTES), ROOMS, loadBefore, os.getSystemLoadAverage()));

        assertEquals(0, errors.count, "ERROR lines in the log: " + errors.lines);
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
    }
}
