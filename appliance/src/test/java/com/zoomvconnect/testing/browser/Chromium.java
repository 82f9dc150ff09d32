package com.zoomvconnect.testing.browser;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real headless Chromium (Debian's {@code chromium}) with fake camera, microphone and screen,
 * driven over the DevTools protocol: a browser process of its own ({@link #launch}), or a browser
 * context in a Chromium the test JVM shares ({@link #context}). A missing browser is an error, never a skip.
 */
public final class Chromium implements AutoCloseable {
    private static final String DEFAULT_BINARY = "/usr/bin/chromium";
    /** The shared Chromium is started afresh once this many contexts have been opened in it and all are closed. */
    private static final int CONTEXTS_PER_SHARED_BROWSER = 25;

    private static BrowserProcess shared;
    private static int sharedOpen;
    private static int sharedServed;

    private final BrowserProcess process;
    /** For a context: its id, and the connection that made it (the context goes when it closes). */
    private final String contextId;
    private final ProtocolSocket contextSocket;

    private Chromium(BrowserProcess process, String contextId, ProtocolSocket contextSocket) {
        this.process = process;
        this.contextId = contextId;
        this.contextSocket = contextSocket;
    }

    /** Launches a browser; {@code extraFlags} add to the defaults. */
    public static Chromium launch(String... extraFlags) {
        return launchBinary(binary(), extraFlags);
    }

    /** Launches {@code binary} (Chromium, or a wrapper that runs it somewhere else, e.g. in a network namespace). */
    public static Chromium launchBinary(String binary, String... extraFlags) {
        return new Chromium(start(binary, extraFlags), null, null);
    }

    /**
     * A new browser context — cookies, storage and permissions of its own, as a separate browser has —
     * in the Chromium with the default flags that this JVM's tests share (started on first use). A page
     * then costs a renderer rather than a whole browser: a browser's start is about 2.5 s of CPU here,
     * and its GPU, network and audio processes are shared. What a context cannot stand in for:
     * other flags, the browser's processes of its own ({@link #processes}), and what Chromium offers
     * only outside incognito-like contexts (installing the app). Closing it closes its pages.
     */
    public static Chromium context() {
        BrowserProcess browser = acquireShared();
        ProtocolSocket socket = null;
        try {
            socket = new ProtocolSocket(browser.wsUrl(), m -> {
            });
            JsonNode r = socket.call(null, "Target.createBrowserContext", Map.of("disposeOnDetach", true));
            if (r.has("error")) {
                throw new IllegalStateException("Target.createBrowserContext failed: " + r.path("error"));
            }
            return new Chromium(browser, r.path("result").path("browserContextId").asText(), socket);
        } catch (RuntimeException e) {
            if (socket != null) {
                socket.close();
            }
            releaseShared(browser);
            throw e;
        }
    }

    private static String binary() {
        return System.getenv().getOrDefault("ZVC_CHROMIUM", DEFAULT_BINARY);
    }

    private static BrowserProcess start(String binary, String... extraFlags) {
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
        return BrowserProcess.start(cmd, profile, "DevTools listening on", "Chromium");
    }

    /** The shared browser, started (again, if it died or served its share) when needed; counted until released. */
    private static synchronized BrowserProcess acquireShared() {
        if (shared != null && !shared.isAlive()) {
            shared.close();
            shared = null;
        }
        if (shared == null) {
            shared = start(binary());
            sharedOpen = 0;
            sharedServed = 0;
        }
        sharedOpen++;
        sharedServed++;
        return shared;
    }

    private static synchronized void releaseShared(BrowserProcess browser) {
        if (browser != shared) {
            return; // one that died and was replaced
        }
        sharedOpen--;
        if (sharedOpen == 0 && sharedServed >= CONTEXTS_PER_SHARED_BROWSER) {
            shared.close(); // a long-lived browser collects state; the next context starts a fresh one
            shared = null;
        }
    }

    /** Opens a new tab on {@code url} (in this context, for a context) and waits for it to load. */
    public CdpPage newPage(String url) {
        return CdpPage.open(process.wsUrl(), contextId, url, Duration.ofSeconds(30));
    }

    /** The browser process and all its descendants (renderers, GPU, utility), for CPU and memory figures. */
    public List<ProcessHandle> processes() {
        if (contextId != null) {
            throw new UnsupportedOperationException("a browser context shares its browser's processes: launch() one of its own");
        }
        ProcessHandle root = process.handle();
        return Stream.concat(Stream.of(root), root.descendants()).toList();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        if (contextId == null) {
            process.close();
            return;
        }
        try {
            contextSocket.call(null, "Target.disposeBrowserContext", Map.of("browserContextId", contextId), Duration.ofSeconds(20));
        } catch (RuntimeException e) {
            // the browser is gone, or the connection's end disposes the context anyway
        }
        contextSocket.close();
        releaseShared(process);
    }
}
