package com.zoomvconnect.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.BrowserTest;
import com.zoomvconnect.testing.TestAppliance;
import com.zoomvconnect.testing.browser.Browsers;
import com.zoomvconnect.testing.browser.CdpPage;
import com.zoomvconnect.testing.browser.Chromium;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory over a long call with background blur (not part of the default test run; see
 * docs/performance.md): Ann (camera: BackgroundEffectsBrowserTest's silhouette video, microphone:
 * its pink noise) joins a meeting with strong blur (the worker path) and RNNoise on, Bob joins
 * and decodes her. Every {@code bench.sample} seconds for {@code bench.minutes} minutes (it stops
 * by itself) it takes, in Ann's Chromium, the page's JS heap after a forced garbage collection
 * (DevTools Runtime.getHeapUsage), the proportional set size of the renderer processes (the page,
 * its segmentation worker and the AudioWorklet live there) and of all the browser's processes,
 * and the frames the effect processed; then fits a least-squares slope (MiB per minute) to each,
 * leaving out the first minute (the model and wasm load, caches fill).
 *
 * <pre>./mvnw -B -o -pl appliance -am test -Dsurefire.failIfNoSpecifiedTests=false \
 *   -Dtest=BackgroundEffectsMemoryBenchmark [-Dbench.minutes=10] [-Dbench.sample=30]</pre>
 */
class BackgroundEffectsMemoryBenchmark implements BrowserTest {
    private static final int MINUTES = Integer.getInteger("bench.minutes", 10);
    private static final int SAMPLE_SECONDS = Integer.getInteger("bench.sample", 30);

    /** Proportional set size in MiB of the browser's processes whose command line contains {@code type} ("" for all). */
    private static double pssMiB(Chromium chromium, String type) {
        long kb = 0;
        for (ProcessHandle p : chromium.processes()) {
            try {
                if (!type.isEmpty() && !Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline")).contains(type)) {
                    continue;
                }
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "smaps_rollup"))) {
                    if (line.startsWith("Pss:")) {
                        kb += Long.parseLong(line.replaceAll("\\D", ""));
                    }
                }
            } catch (IOException e) {
                // the process ended meanwhile
            }
        }
        return kb / 1024.0;
    }

    /** One sample: minutes since the start, then heap, renderer and total MiB. */
    private record Sample(double minute, double heap, double renderer, double total, long frames) {
        double get(int i) {
            return switch (i) {
                case 0 -> heap;
                case 1 -> renderer;
                default -> total;
            };
        }
    }

    /** Least-squares fit of metric {@code m} against minutes: the slope in MiB per minute. */
    static double mibPerMinute(List<Sample> samples, int m) {
        double meanX = samples.stream().mapToDouble(Sample::minute).average().orElse(0);
        double meanY = samples.stream().mapToDouble(s -> s.get(m)).average().orElse(0);
        double cov = 0;
        double var = 0;
        for (Sample s : samples) {
            cov += (s.minute() - meanX) * (s.get(m) - meanY);
            var += (s.minute() - meanX) * (s.minute() - meanX);
        }
        return var == 0 ? 0 : cov / var;
    }

    @Test
    void blurForTenMinutesDoesNotGrowMemory(@TempDir Path dir) throws Exception {
        Path video = BackgroundEffectsBrowserTest.testVideo(dir);
        Path noise = BackgroundEffectsBrowserTest.noise(dir);
        try (Appliance a = TestAppliance.startH2(); Browsers browsers = new Browsers("effects-memory")) {
            var api = new ApiClient(a.httpsPort());
            String token = api.post("/api/v1/auth/register", null, Map.of("email", "mem@example.com", "password", "password1",
                    "displayName", "Mem")).json().path("accessToken").asText();
            String code = api.post("/api/v1/meetings", token, Map.of("title", "Memory", "allowGuests", true)).json()
                    .path("code").asText();
            String base = "https://localhost:" + a.httpsPort();

            Chromium chromium = Chromium.launch("--use-file-for-fake-video-capture=" + video,
                    "--use-file-for-fake-audio-capture=" + noise);
            CdpPage ann = browsers.open(chromium, base + "/");
            ann.waitFor("document.readyState === 'complete'", Duration.ofSeconds(20));
            ann.evaluate("localStorage.setItem('zvc.effectsBudget', 'off'), localStorage.setItem('zvc.noiseSuppression', 'on'),"
                    + " localStorage.setItem('zvc.background', 'blur-strong'), true");
            ann.navigate(base + "/j/" + code + "?name=Ann&autojoin=1&res=360", Duration.ofSeconds(30));
            ann.waitFor("window.zvc?.room?.state === 'joined'", Duration.ofSeconds(60));
            ann.waitFor("window.zvc.room.effects.video?.path === 'worker' && window.zvc.room.effects.video.stats.frames > 5"
                    + " && window.zvc.room.effects.audio?.node instanceof AudioWorkletNode", Duration.ofSeconds(90));
            CdpPage bob = browsers.open(base + "/j/" + code + "?name=Bob&autojoin=1&res=360&muted=1");
            bob.waitFor(SimulcastBrowserTest.decodedHeightOf("Ann") + ".then(h => h > 0)", Duration.ofSeconds(60));

            ann.call("HeapProfiler.enable", Map.of());
            List<Sample> samples = new ArrayList<>();
            long t0 = System.nanoTime();
            long end = t0 + MINUTES * 60_000_000_000L;
            while (true) {
                ann.call("HeapProfiler.collectGarbage", Map.of());
                double heap = ann.call("Runtime.getHeapUsage", Map.of()).path("usedSize").asDouble() / (1 << 20);
                var s = new Sample((System.nanoTime() - t0) / 60e9, heap, pssMiB(chromium, "--type=renderer"), pssMiB(chromium, ""),
                        ann.evaluate("window.zvc.room.effects.video?.stats.frames ?? -1").asLong());
                samples.add(s);
                System.out.printf(Locale.ROOT, "effects memory t=%5.1f min  page JS heap %6.1f MiB  renderers PSS %7.1f MiB"
                        + "  chromium PSS %7.1f MiB  frames %d%n", s.minute(), s.heap(), s.renderer(), s.total(), s.frames());
                if (System.nanoTime() >= end) {
                    break;
                }
                Thread.sleep(SAMPLE_SECONDS * 1000L);
            }
            List<Sample> steady = samples.stream().filter(s -> s.minute() >= 1).toList();
            Sample first = steady.getFirst();
            Sample last = steady.getLast();
            System.out.printf(Locale.ROOT, "effects memory over %.1f min (%d samples from minute 1), %.1f frames/s:%n"
                    + "  page JS heap  %6.1f -> %6.1f MiB, slope %+.3f MiB/min%n"
                    + "  renderers PSS %6.1f -> %6.1f MiB, slope %+.3f MiB/min%n"
                    + "  chromium PSS  %6.1f -> %6.1f MiB, slope %+.3f MiB/min%n"
                    + "  cores %d, load %.1f%n",
                    last.minute() - first.minute(), steady.size(), (last.frames() - first.frames()) / ((last.minute() - first.minute()) * 60),
                    first.heap(), last.heap(), mibPerMinute(steady, 0), first.renderer(), last.renderer(), mibPerMinute(steady, 1),
                    first.total(), last.total(), mibPerMinute(steady, 2),
                    Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            assertTrue(last.frames() > first.frames(), "the effect stopped processing frames: " + samples);
        }
    }
}
