package com.zoomvconnect.testing.browser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real headless Chromium (Debian's {@code chromium}) with fake camera and microphone, driven
 * over the DevTools protocol. A missing browser is an error, never a skip.
 */
public final class Chromium implements AutoCloseable {
    private static final String DEFAULT_BINARY = "/usr/bin/chromium";

    private final Process process;
    private final Path profile;
    private final String browserWsUrl;
    private final List<String> stderr = new ArrayList<>();

    private Chromium(Process process, Path profile, String browserWsUrl) {
        this.process = process;
        this.profile = profile;
        this.browserWsUrl = browserWsUrl;
    }

    /** Launches a browser; {@code extraFlags} add to the defaults (e.g. a UDP block for ICE-TCP tests). */
    public static Chromium launch(String... extraFlags) {
        String binary = System.getenv().getOrDefault("ZVC_CHROMIUM", DEFAULT_BINARY);
        if (!Files.isExecutable(Path.of(binary))) {
            throw new IllegalStateException("Chromium not found at " + binary + ": install it with apt-get install chromium");
        }
        try {
            Path profile = Files.createTempDirectory("zvc-chromium-");
            List<String> cmd = new ArrayList<>(List.of(binary,
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-default-apps", "--disable-extensions", "--mute-audio",
                    "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                    "--allow-loopback-in-peer-connection", "--ignore-certificate-errors",
                    "--autoplay-policy=no-user-gesture-required",
                    "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                    "--disable-backgrounding-occluded-windows",
                    "--auto-select-desktop-capture-source=Entire screen",
                    "--remote-debugging-port=0", "--user-data-dir=" + profile, "--window-size=1280,800"));
            cmd.addAll(List.of(extraFlags));
            cmd.add("about:blank");
            Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            var url = new CompletableFuture<String>();
            var lines = new ArrayList<String>();
            Thread.ofVirtual().start(() -> {
                try (var r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        synchronized (lines) {
                            if (lines.size() < 500) {
                                lines.add(line);
                            }
                        }
                        int i = line.indexOf("ws://");
                        if (line.startsWith("DevTools listening on") && i >= 0) {
                            url.complete(line.substring(i).trim());
                        }
                    }
                } catch (IOException e) {
                    // process ended
                }
                url.completeExceptionally(new IllegalStateException("Chromium exited: " + lines));
            });
            String ws;
            try {
                ws = url.get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
                throw new IllegalStateException("Chromium did not start: " + lines, e);
            }
            var c = new Chromium(p, profile, ws);
            Runtime.getRuntime().addShutdownHook(new Thread(c::kill));
            return c;
        } catch (IOException e) {
            throw new IllegalStateException("cannot launch Chromium: " + e.getMessage(), e);
        }
    }

    /** Opens a new tab on {@code url} and waits for it to load. */
    public CdpPage newPage(String url) {
        return CdpPage.open(browserWsUrl, url, Duration.ofSeconds(30));
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    private void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    @Override
    public void close() {
        kill();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> walk = Files.walk(profile)) {
            walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }
}
