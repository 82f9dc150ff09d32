package com.zoomvconnect.testing.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Debian's headless Firefox ESR with fake camera and microphone, driven over WebDriver BiDi
 * (Firefox's built-in remote protocol; no geckodriver needed). One tab per instance.
 */
public final class Firefox implements BrowserPage {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BINARY = "/usr/bin/firefox-esr";

    private final Process process;
    private final Path profile;
    private final WebSocket ws;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<String> console = new ArrayList<>();
    private String context;

    private Firefox(Process process, Path profile, String wsUrl) {
        this.process = process;
        this.profile = profile;
        this.ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(wsUrl + "/session"), new Listener()).join();
    }

    /** Launches Firefox and opens {@code url} in its tab. */
    public static Firefox open(String url) {
        String binary = System.getenv().getOrDefault("ZVC_FIREFOX", BINARY);
        if (!Files.isExecutable(Path.of(binary))) {
            throw new IllegalStateException("Firefox not found at " + binary + ": install it with apt-get install firefox-esr");
        }
        try {
            Path profile = Files.createTempDirectory("zvc-firefox-");
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
                    "user_pref(\"extensions.update.enabled\", false);", ""));
            Process p = new ProcessBuilder(binary, "--headless", "--no-remote", "--profile", profile.toString(),
                    "--remote-debugging-port", "0", "--width", "1280", "--height", "800")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            var url0 = new CompletableFuture<String>();
            var lines = new ArrayList<String>();
            Thread.ofVirtual().start(() -> {
                try (var r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        synchronized (lines) {
                            if (lines.size() < 300) {
                                lines.add(line);
                            }
                        }
                        int i = line.indexOf("ws://");
                        if (line.contains("WebDriver BiDi listening on") && i >= 0) {
                            url0.complete(line.substring(i).trim());
                        }
                    }
                } catch (IOException e) {
                    // exited
                }
                url0.completeExceptionally(new IllegalStateException("Firefox exited: " + lines));
            });
            String ws;
            try {
                ws = url0.get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
                throw new IllegalStateException("Firefox did not start: " + lines, e);
            }
            var f = new Firefox(p, profile, ws);
            Runtime.getRuntime().addShutdownHook(new Thread(f::kill));
            f.call("session.new", Map.of("capabilities", Map.of("alwaysMatch", Map.of("acceptInsecureCerts", true))));
            f.call("session.subscribe", Map.of("events", List.of("log.entryAdded")));
            f.context = f.call("browsingContext.getTree", Map.of()).path("contexts").get(0).path("context").asText();
            f.call("browsingContext.navigate", Map.of("context", f.context, "url", url, "wait", "complete"));
            return f;
        } catch (IOException e) {
            throw new IllegalStateException("cannot launch Firefox: " + e.getMessage(), e);
        }
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
            return JSON.nullNode();
        }
        try {
            return JSON.readTree(v.path("value").asText());
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
        int id = ids.incrementAndGet();
        ObjectNode msg = JSON.createObjectNode();
        msg.put("id", id);
        msg.put("method", method);
        msg.set("params", JSON.valueToTree(params));
        var f = new CompletableFuture<JsonNode>();
        pending.put(id, f);
        synchronized (ws) {
            ws.sendText(msg.toString(), true).join();
        }
        try {
            JsonNode r = f.get(60, TimeUnit.SECONDS);
            if ("error".equals(r.path("type").asText())) {
                throw new IllegalStateException(method + " failed: " + r.path("error").asText() + " " + r.path("message").asText());
            }
            return r.path("result");
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(method + " did not answer", e);
        } finally {
            pending.remove(id);
        }
    }

    private void onMessage(String text) {
        JsonNode m;
        try {
            m = JSON.readTree(text);
        } catch (IOException e) {
            return;
        }
        if (m.has("id")) {
            var f = pending.get(m.path("id").asInt());
            if (f != null) {
                f.complete(m);
            }
        } else if ("log.entryAdded".equals(m.path("method").asText())) {
            synchronized (console) {
                console.add(m.path("params").path("level").asText() + ": " + m.path("params").path("text").asText());
            }
        }
    }

    private void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    @Override
    public void close() {
        ws.abort();
        kill();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> walk = Files.walk(profile)) {
            walk.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String t = partial.toString();
                partial.setLength(0);
                onMessage(t);
            }
            webSocket.request(1);
            return null;
        }
    }
}
