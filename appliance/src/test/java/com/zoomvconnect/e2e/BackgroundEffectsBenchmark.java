package com.zoomvconnect.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.testing.BrowserTest;
import com.zoomvconnect.testing.TestAppliance;
import com.zoomvconnect.testing.browser.BrowserPage;
import com.zoomvconnect.testing.browser.Browsers;
import com.zoomvconnect.testing.browser.CdpPage;
import com.zoomvconnect.testing.browser.Chromium;
import com.zoomvconnect.testing.browser.Firefox;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
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
class BackgroundEffectsBenchmark implements BrowserTest {
    private static final int SECONDS = Integer.getInteger("bench.seconds", 20);
    private static final int MEMORY_SECONDS = Integer.getInteger("bench.memorySeconds", 120);

    private static final String SETUP = """
            (async () => {
              localStorage.setItem('zvc.effectsBudget', 'off');
              localStorage.removeItem('zvc.effectsPath');
              const { LocalEffects } = await import('/js/effects/local.js');
              const raw = %s;
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

    /** Chromium's camera: the silhouette video file. */
    private static final String CHROMIUM_RAW = "await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 360 } })";

    /**
     * The luma noise of the sent picture over 30 frames: the mean standard deviation over time of
     * the pixels within 6 px of the silhouette's outline (where a flickering mask shows), of the
     * camera and of the processed track, and of the person's inside (away from the outline).
     */
    private static final String FLICKER = """
            (async () => {
              const grab = %s;
              const W = 640, H = 360, N = 30;
              const person = (x, y) => { const dx = x - W / 2, dy = y - 120;
                return dx * dx + dy * dy < 3600 || (y > 185 && Math.abs(dx) < 150 - Math.max(0, 230 - y)); };
              const near = (x, y, r) => { const p = person(x, y);
                for (let dy = -r; dy <= r; dy += 2) for (let dx = -r; dx <= r; dx += 2) if (person(x + dx, y + dy) !== p) return true;
                return false; };
              const band = [], inside = [];
              for (let y = 8; y < H - 8; y++) for (let x = 8; x < W - 8; x++) {
                if (near(x, y, 6)) band.push(y * W + x); else if (person(x, y) && !near(x, y, 16)) inside.push(y * W + x);
              }
              const std = (frames, pixels) => {
                let sum = 0;
                for (const i of pixels) {
                  let m = 0, q = 0;
                  for (const f of frames) { m += f[i]; q += f[i] * f[i]; }
                  m /= frames.length;
                  sum += Math.sqrt(Math.max(0, q / frames.length - m * m));
                }
                return sum / pixels.length;
              };
              const camera = await grab(window.fx.camera, W, H, N);
              const sent = await grab(window.fx.video.track, W, H, N);
              return { maskChange: window.fx.video.maskChange(), bandPixels: band.length, cameraEdge: std(camera, band),
                sentEdge: std(sent, band), cameraInside: std(camera, inside), sentInside: std(sent, inside) };
            })()""";

    /** A frame of the sent track as a PNG data URL (for the user guide's pictures of the edges). */
    private static final String SNAPSHOT = """
            (async () => {
              const v = document.createElement('video');
              v.muted = true;
              v.srcObject = new MediaStream([window.fx.video.track]);
              await v.play();
              await new Promise((resolve) => v.requestVideoFrameCallback(() => resolve()));
              const c = document.createElement('canvas');
              c.width = 640;
              c.height = 360;
              c.getContext('2d').drawImage(v, 0, 0, 640, 360);
              v.pause();
              return c.toDataURL('image/png');
            })()""";

    /** Total CPU time of the processes so far, in seconds. */
    private static double cpuSeconds(List<ProcessHandle> processes) {
        return processes.stream()
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

    /** Runs a phase for SECONDS and prints frames/s, ms per frame and CPU cores of {@code processes}. */
    private static double phase(String name, BrowserPage page, Supplier<List<ProcessHandle>> processes, double idleCores)
            throws InterruptedException {
        String frames = "window.fx.video?.stats.frames ?? 0";
        int f0 = page.evaluate(frames).asInt();
        double c0 = cpuSeconds(processes.get());
        long t0 = System.nanoTime();
        Thread.sleep(SECONDS * 1000L);
        double wall = (System.nanoTime() - t0) / 1e9;
        double cores = (cpuSeconds(processes.get()) - c0) / wall;
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
            page.evaluate(SETUP.formatted(CHROMIUM_RAW));
            Thread.sleep(3000); // the camera and the page settle
            double idle = phase("idle (camera, no effect)", page, chromium::processes, 0);
            idle = Math.min(idle, phase("idle again", page, chromium::processes, idle));

            page.evaluate("window.fx.setBackground('blur-strong').then(() => true)");
            page.waitFor("window.fx.video?.path === 'worker' && window.fx.video.stats.frames > 5", Duration.ofSeconds(60));
            phase("blur, worker", page, chromium::processes, idle);

            page.evaluate("window.fx.setBackground('none').then(() => localStorage.setItem('zvc.effectsPath', 'page'))"
                    + ".then(() => window.fx.setBackground('blur-strong')).then(() => true)");
            page.waitFor("window.fx.video?.path === 'page' && window.fx.video.stats.frames > 5", Duration.ofSeconds(60));
            phase("blur, page thread", page, chromium::processes, idle);

            page.evaluate("window.fx.setBackground('none').then(() => localStorage.removeItem('zvc.effectsPath'))"
                    + ".then(() => window.fx.setNoiseSuppression(true)).then(() => true)");
            page.waitFor("window.fx.audio?.node instanceof AudioWorkletNode", Duration.ofSeconds(30));
            Thread.sleep(2000);
            phase("RNNoise (no blur)", page, chromium::processes, idle);

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

    /**
     * Firefox ESR: its camera the silhouette drawn in the page with per-pixel noise (camera noise is
     * what makes a raw mask's outline flicker), the effect in the worker fed frame by frame. Frames/s
     * and CPU against idle, with the mask's edges softened (the default) and raw ({@code zvc.effectsEdges}
     * 'hard'), and the flicker at the outline of each.
     */
    @Test
    void firefoxBlurCostAndEdgeFlicker() throws Exception {
        try (Appliance a = TestAppliance.startH2();
                Firefox fox = Firefox.open("https://localhost:" + a.httpsPort() + "/")) {
            try {
                fox.waitFor("document.readyState === 'complete'", Duration.ofSeconds(30));
                fox.evaluate(SETUP.formatted("new MediaStream([" + BackgroundEffectsBrowserTest.SILHOUETTE_CAMERA.formatted(12)
                        + ", ...(await navigator.mediaDevices.getUserMedia({ audio: true })).getAudioTracks()])"));
                Thread.sleep(3000);
                double idle = phase("Firefox idle (camera, no effect)", fox, fox::processes, 0);
                idle = Math.min(idle, phase("Firefox idle again", fox, fox::processes, idle));
                for (String edges : List.of("soft", "hard")) {
                    fox.evaluate("window.fx.setBackground('none').then(() => localStorage.setItem('zvc.effectsEdges', '" + edges + "'))"
                            + ".then(() => window.fx.setBackground('blur-strong')).then(() => true)");
                    fox.waitFor("window.fx.video?.path === 'worker-messages' && window.fx.video.stats.frames > 5", Duration.ofSeconds(90));
                    phase("Firefox blur, " + edges + " edges", fox, fox::processes, idle);
                    System.out.println("effects benchmark Firefox flicker, " + edges + " edges: "
                            + fox.evaluate(FLICKER.formatted(BackgroundEffectsBrowserTest.GRAB)));
                    String png = fox.evaluate(SNAPSHOT).asText();
                    Files.write(Browsers.artifacts().resolve("effects-firefox-" + edges + "-edges.png"),
                            Base64.getDecoder().decode(png.substring(png.indexOf(',') + 1)));
                }
                System.out.println("cores: " + Runtime.getRuntime().availableProcessors() + ", load: "
                        + ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            } finally {
                Files.write(Browsers.artifacts().resolve("effects-benchmark-firefox.log"), fox.consoleLog());
            }
        }
    }
}
