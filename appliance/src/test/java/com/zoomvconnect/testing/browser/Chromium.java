package com.zoomvconnect.testing.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real headless Chromium (Debian's {@code chromium}) with fake camera, microphone and screen,
 * driven over the DevTools protocol. A missing browser is an error, never a skip.
 */
public final class Chromium implements AutoCloseable {
    private static final String DEFAULT_BINARY = "/usr/bin/chromium";

    private final BrowserProcess process;

    private Chromium(BrowserProcess process) {
        this.process = process;
    }

    /** Launches a browser; {@code extraFlags} add to the defaults. */
    public static Chromium launch(String... extraFlags) {
        return launchBinary(System.getenv().getOrDefault("ZVC_CHROMIUM", DEFAULT_BINARY), extraFlags);
    }

    /** Launches {@code binary} (Chromium, or a wrapper that runs it somewhere else, e.g. in a network namespace). */
    public static Chromium launchBinary(String binary, String... extraFlags) {
        if (!Files.isExecutable(Path.of(binary))) {
            throw new IllegalStateException("Chromium not found at " + binary + ": install it with apt-get install chromium");
        }
        Path profile;
        try {
            profile = Files.createTempDirectory("zvc-chromium-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
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
        return new Chromium(BrowserProcess.start(cmd, profile, "DevTools listening on", "Chromium"));
    }

    /** Opens a new tab on {@code url} and waits for it to load. */
    public CdpPage newPage(String url) {
        return CdpPage.open(process.wsUrl(), url, Duration.ofSeconds(30));
    }

    /** The browser process and all its descendants (renderers, GPU, utility), for CPU and memory figures. */
    public List<ProcessHandle> processes() {
        ProcessHandle root = process.handle();
        return Stream.concat(Stream.of(root), root.descendants()).toList();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.close();
    }
}
