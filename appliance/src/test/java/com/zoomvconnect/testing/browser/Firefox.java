package com.zoomvconnect.testing.browser;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Debian's headless Firefox ESR with fake camera and microphone, driven over WebDriver BiDi
 * (Firefox's built-in remote protocol; no geckodriver needed). One tab per instance.
 */
public final class Firefox implements BrowserPage {
    private static final String BINARY = "/usr/bin/firefox-esr";

    private final BrowserProcess process;
    private final ProtocolSocket socket;
    private final List<String> console = new ArrayList<>();
    private String context;

    private Firefox(BrowserProcess process) {
        this.process = process;
        this.socket = new ProtocolSocket(process.wsUrl() + "/session", this::onEvent);
    }

    /** Launches Firefox and opens {@code url} in its tab. */
    public static Firefox open(String url) {
        String binary = System.getenv().getOrDefault("ZVC_FIREFOX", BINARY);
        if (!Files.isExecutable(Path.of(binary))) {
            throw new IllegalStateException("Firefox not found at " + binary + ": install it with apt-get install firefox-esr");
        }
        Path profile;
        try {
            profile = Files.createTempDirectory("zvc-firefox-");
            Files.writeString(profile.resolve("user.js"), String.join("\n",
                    "user_pref(\"media.navigator.streams.fake\", true);",
                    "user_pref(\"media.navigator.permission.disabled\", true);",
                    "user_pref(\"media.peerconnection.ice.loopback\", true);",
                    "user_pref(\"media.peerconnection.ice.obfuscate_host_addresses\", false);",
                    "user_pref(\"media.autoplay.default\", 0);",
                    "user_pref(\"remote.active-protocols\", 1);",
                    "user_pref(\"browser.shell.checkDefaultBrowser\", false);",
                    "user_pref(\"app.update.enabled\", false);",
                    "user_pref(\"datareporting.policy.dataSubmissionEnabled\", false);",
                    "user_pref(\"toolkit.telemetry.enabled\", false);",
                    "user_pref(\"network.captive-portal-service.enabled\", false);",
                    "user_pref(\"browser.safebrowsing.malware.enabled\", false);",
                    "user_pref(\"browser.safebrowsing.phishing.enabled\", false);",
                    "user_pref(\"extensions.update.enabled\", false);",
                    // WebGL (the background effect's segmentation needs it): headless Firefox has no GL
                    // surface of its own; forced, it takes Mesa's software renderer (llvmpipe) through EGL.
                    "user_pref(\"webgl.force-enabled\", true);", ""));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        var f = new Firefox(BrowserProcess.start(List.of(binary, "--headless", "--no-remote", "--profile", profile.toString(),
                "--remote-debugging-port", "0", "--width", "1280", "--height", "800"), Map.of("MOZ_WEBGL_FORCE_EGL", "1"), profile,
                "WebDriver BiDi listening on", "Firefox"));
        try {
            // The first command: on a busy machine Firefox takes minutes to be ready for it (60 s were seen to pass).
            JsonNode session = f.socket.call(null, "session.new", Map.of("capabilities",
                    Map.of("alwaysMatch", Map.of("acceptInsecureCerts", true))), java.time.Duration.ofSeconds(150));
            if ("error".equals(session.path("type").asText())) {
                throw new IllegalStateException("session.new failed: " + session.path("message").asText());
            }
            f.call("session.subscribe", Map.of("events", List.of("log.entryAdded")));
            // As in CdpPage: RNNoise off unless a test turns it on. Besides its CPU, it silences Firefox's
            // fake microphone, a steady tone, which then arrives at the others with no audio energy.
            f.call("script.addPreloadScript", Map.of("functionDeclaration", "() => { try { if (localStorage.getItem('zvc.noiseSuppression')"
                    + " === null) localStorage.setItem('zvc.noiseSuppression', 'off'); } catch (e) {} }"));
            f.context = f.call("browsingContext.getTree", Map.of()).path("contexts").get(0).path("context").asText();
            f.call("browsingContext.navigate", Map.of("context", f.context, "url", url, "wait", "complete"));
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
        return f;
    }

    /** The browser process and all its descendants (content, GPU, utility), for CPU and memory figures. */
    public List<ProcessHandle> processes() {
        ProcessHandle root = process.handle();
        return Stream.concat(Stream.of(root), root.descendants()).toList();
    }

    @Override
    public JsonNode evaluate(String expression) {
        // Serialise in the page: BiDi's remote values are verbose, JSON is what tests compare.
        String wrapped = "(async () => JSON.stringify(await (" + expression + ")))()";
        JsonNode r = call("script.evaluate", Map.of("expression", wrapped, "target", Map.of("context", context),
                "awaitPromise", true, "resultOwnership", "none"));
        if ("exception".equals(r.path("type").asText())) {
            throw new IllegalStateException("JavaScript failed: " + r.path("exceptionDetails").path("text").asText());
        }
        JsonNode v = r.path("result");
        if (!"string".equals(v.path("type").asText())) {
            return ProtocolSocket.JSON.nullNode();
        }
        try {
            return ProtocolSocket.JSON.readTree(v.path("value").asText());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public List<String> consoleLog() {
        synchronized (console) {
            return List.copyOf(console);
        }
    }

    @Override
    public void screenshot(Path png) throws IOException {
        JsonNode r = call("browsingContext.captureScreenshot", Map.of("context", context));
        Files.write(png, Base64.getDecoder().decode(r.path("data").asText()));
    }

    private JsonNode call(String method, Map<String, Object> params) {
        JsonNode r = socket.call(null, method, params);
        if ("error".equals(r.path("type").asText())) {
            throw new IllegalStateException(method + " failed: " + r.path("error").asText() + " " + r.path("message").asText());
        }
        return r.path("result");
    }

    private void onEvent(JsonNode m) {
        if ("log.entryAdded".equals(m.path("method").asText())) {
            synchronized (console) {
                console.add(m.path("params").path("level").asText() + ": " + m.path("params").path("text").asText());
            }
        }
    }

    @Override
    public void close() {
        socket.close();
        process.close();
    }
}
