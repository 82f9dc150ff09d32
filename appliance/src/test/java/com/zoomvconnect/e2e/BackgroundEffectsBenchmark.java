package com.zoomvconnect.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.testing.TestAppliance;
import com.zoomvconnect.testing.browser.Browsers;
import com.zoomvconnect.testing.browser.CdpPage;
import com.zoomvconnect.testing.browser.Chromium;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the background effect and RNNoise cost in one headless Chromium (not part of the default
 * test run; see docs/performance.md): the camera is BackgroundEffectsBrowserTest's silhouette video
 * (640x360, 30 fps), the microphone its pink noise; the page runs the web client's own
 * {@code js/effects/local.js} with its output in a playing {@code <video>}, as the lobby does. For
 * each phase it reports the frames processed per second, the mean processing time per frame and
 * the CPU of all Chromium processes (from /proc, in cores: 1.0 is one core busy), against an idle
 * phase with the camera and microphone open and no effect; then memory (the proportional set size
 * of all Chromium processes and the page's JS heap) every 10 s over a bounded run with blur and
 * RNNoise on.
 *
 * <pre>./mvnw -B -o -pl appliance -am test -Dsurefire.failIfNoSpecifiedTests=false -Dtest=BackgroundEffectsBenchmark \
 *   [-Dbench.seconds=20] [-Dbench.memorySeconds=120]</pre>
 */
class BackgroundEffectsBenchmark {
    private static final int SECONDS = Integer.getInteger("bench.seconds", 20);
    private static final int MEMORY_SECONDS = Integer.getInteger("bench.memorySeconds", 120);

    private static final String SETUP = """
            (async () => {
              localStorage.setItem('zvc.effectsBudget', 'off');
              localStorage.removeItem('zvc.effectsPath');
              const { LocalEffects } = await import('/js/effects/local.js');
              const raw = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 360 } });
              const fx = new LocalEffects(raw, (text) => console.warn('notice: ' + text));
              const video = document.createElement('video');
              video.muted = true;
              document.body.append(video);
              const show = () => { video.srcObject = new MediaStream(fx.stream.getVideoTracks()); video.play(); };
              fx.onreplace = async () => show();
              show();
              await fx.setNoiseSuppression(false);
              window.fx = fx;
              return true;
            })()""";

    /** Total CPU time of the browser's processes so far, in seconds. */
    private static double cpuSeconds(Chromium chromium) {
        return chromium.processes().stream()
                .mapToDouble(p -> p.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0)).sum();
    }

    /** Memory of the browser's processes, in MiB: the proportional set size (shared pages split among their users). */
    private static double pssMiB(Chromium chromium) {
        long kb = 0;
        for (ProcessHandle p : chromium.processes()) {
            try {
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

    /** Runs a phase for SECONDS and prints frames/s, ms per frame and CPU cores. */
    private static double phase(String name, CdpPage page, Chromium chromium, double idleCores) throws InterruptedException {
        String frames = "window.fx.video?.stats.frames ?? 0";
        int f0 = page.evaluate(frames).asInt();
        double c0 = cpuSeconds(chromium);
        long t0 = System.nanoTime();
        Thread.sleep(SECONDS * 1000L);
        double wall = (System.nanoTime() - t0) / 1e9;
        double cores = (cpuSeconds(chromium) - c0) / wall;
        int f1 = page.evaluate(frames).asInt();
        JsonNode v = page.evaluate("window.fx.videoStats()");
        System.out.printf("effects benchmark %-22s frames/s %5.1f  ms/frame %6.1f  CPU %.2f cores (%+.2f over idle)  %s%n",
                name, (f1 - f0) / wall, v.path("meanMs").asDouble(), cores, cores - idleCores, v);
        return cores;
    }

    @Test
    void blurOnTheWorkerAndThePageAndRnnoiseCostAndMemory(@TempDir Path dir) throws Exception {
        Path video = BackgroundEffectsBrowserTest.testVideo(dir);
        Path noise = BackgroundEffectsBrowserTest.noise(dir);
        try (Appliance a = TestAppliance.startH2(); Browsers browsers = new Browsers("effects-benchmark")) {
            Chromium chromium = Chromium.launch("--use-file-for-fake-video-capture=" + video,
                    "--use-file-for-fake-audio-capture=" + noise, "--enable-precise-memory-info");
            CdpPage page = browsers.open(chromium, "https://localhost:" + a.httpsPort() + "/");
            page.waitFor("document.readyState === 'complete'", Duration.ofSeconds(20));
            page.evaluate(SETUP);
            Thread.sleep(3000); // the camera and the page settle
            double idle = phase("idle (camera, no effect)", page, chromium, 0);
            idle = Math.min(idle, phase("idle again", page, chromium, idle));

            page.evaluate("window.fx.setBackground('blur-strong').then(() => true)");
            page.waitFor("window.fx.video?.path === 'worker' && window.fx.video.stats.frames > 5", Duration.ofSeconds(60));
            phase("blur, worker", page, chromium, idle);

            page.evaluate("window.fx.setBackground('none').then(() => localStorage.setItem('zvc.effectsPath', 'page'))"
                    + ".then(() => window.fx.setBackground('blur-strong')).then(() => true)");
            page.waitFor("window.fx.video?.path === 'page' && window.fx.video.stats.frames > 5", Duration.ofSeconds(60));
            phase("blur, page thread", page, chromium, idle);

            page.evaluate("window.fx.setBackground('none').then(() => localStorage.removeItem('zvc.effectsPath'))"
                    + ".then(() => window.fx.setNoiseSuppression(true)).then(() => true)");
            page.waitFor("window.fx.audio?.node instanceof AudioWorkletNode", Duration.ofSeconds(30));
            Thread.sleep(2000);
            phase("RNNoise (no blur)", page, chromium, idle);

            // Memory over a bounded run with both on (the worker path).
            page.evaluate("window.fx.setBackground('blur-strong').then(() => true)");
            page.waitFor("window.fx.video?.path === 'worker' && window.fx.video.stats.frames > 5", Duration.ofSeconds(60));
            long end = System.nanoTime() + MEMORY_SECONDS * 1_000_000_000L;
            for (int s = 0; ; s += 10) {
                double heap = page.evaluate("performance.memory.usedJSHeapSize").asDouble() / (1 << 20);
                System.out.printf("effects benchmark memory t=%4ds  chromium PSS %7.1f MiB  page JS heap %6.1f MiB  frames %d%n",
                        s, pssMiB(chromium), heap, page.evaluate("window.fx.video.stats.frames").asInt());
                if (System.nanoTime() >= end) {
                    break;
                }
                Thread.sleep(10_000);
            }
            System.out.println("cores: " + Runtime.getRuntime().availableProcessors() + ", load: "
                    + ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }
}
