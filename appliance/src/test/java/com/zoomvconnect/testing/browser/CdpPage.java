package com.zoomvconnect.testing.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** One browser tab driven over the Chrome DevTools Protocol (flattened target session). */
public final class CdpPage implements BrowserPage {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebSocket ws;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<String> console = new ArrayList<>();
    private volatile String sessionId;
    private volatile String targetId;
    private volatile CompletableFuture<Void> loaded = new CompletableFuture<>();

    private CdpPage(String browserWsUrl) {
        this.ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(browserWsUrl), new Listener()).join();
    }

    static CdpPage open(String browserWsUrl, String url, Duration timeout) {
        var page = new CdpPage(browserWsUrl);
        JsonNode created = page.call(null, "Target.createTarget", Map.of("url", "about:blank"));
        page.targetId = created.path("targetId").asText();
        JsonNode attached = page.call(null, "Target.attachToTarget", Map.of("targetId", page.targetId, "flatten", true));
        page.sessionId = attached.path("sessionId").asText();
        page.call("Page.enable", Map.of());
        page.call("Runtime.enable", Map.of());
        page.navigate(url, timeout);
        return page;
    }

    public void navigate(String url, Duration timeout) {
        loaded = new CompletableFuture<>();
        call("Page.navigate", Map.of("url", url));
        try {
            loaded.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("page did not load: " + url, e);
        }
    }

    @Override
    public JsonNode evaluate(String expression) {
        JsonNode r = call("Runtime.evaluate", Map.of("expression", expression, "awaitPromise", true,
                "returnByValue", true, "userGesture", true));
        if (r.has("exceptionDetails")) {
            JsonNode d = r.path("exceptionDetails");
            String text = d.path("exception").path("description").asText(d.path("text").asText());
            throw new IllegalStateException("JavaScript failed: " + text);
        }
        return r.path("result").path("value");
    }

    @Override
    public List<String> consoleLog() {
        synchronized (console) {
            return List.copyOf(console);
        }
    }

    /** Emulates a phone screen (width × height CSS pixels, touch, mobile viewport). */
    public void emulatePhone(int width, int height) {
        call("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", 2,
                "mobile", true));
        call("Emulation.setTouchEmulationEnabled", Map.of("enabled", true));
    }

    @Override
    public void screenshot(Path png) throws IOException {
        JsonNode r = call("Page.captureScreenshot", Map.of("format", "png"));
        Files.write(png, Base64.getDecoder().decode(r.path("data").asText()));
    }

    private JsonNode call(String method, Map<String, Object> params) {
        return call(sessionId, method, params);
    }

    private JsonNode call(String session, String method, Map<String, Object> params) {
        int id = ids.incrementAndGet();
        ObjectNode msg = JSON.createObjectNode();
        msg.put("id", id);
        msg.put("method", method);
        msg.set("params", JSON.valueToTree(params));
        if (session != null) {
            msg.put("sessionId", session);
        }
        var f = new CompletableFuture<JsonNode>();
        pending.put(id, f);
        synchronized (ws) {
            ws.sendText(msg.toString(), true).join();
        }
        try {
            JsonNode r = f.get(60, TimeUnit.SECONDS);
            if (r.has("error")) {
                throw new IllegalStateException(method + " failed: " + r.path("error"));
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
            return;
        }
        String method = m.path("method").asText();
        JsonNode p = m.path("params");
        switch (method) {
            case "Page.loadEventFired" -> loaded.complete(null);
            case "Runtime.consoleAPICalled" -> {
                var sb = new StringBuilder(p.path("type").asText()).append(':');
                p.path("args").forEach(a -> sb.append(' ').append(a.has("value") ? a.path("value").asText() : a.path("description").asText()));
                synchronized (console) {
                    console.add(sb.toString());
                }
            }
            case "Runtime.exceptionThrown" -> {
                synchronized (console) {
                    console.add("exception: " + p.path("exceptionDetails").path("exception").path("description").asText(
                            p.path("exceptionDetails").path("text").asText()));
                }
            }
            default -> {
            }
        }
    }

    @Override
    public void close() {
        try {
            if (targetId != null) {
                call(null, "Target.closeTarget", Map.of("targetId", targetId));
            }
        } catch (RuntimeException e) {
            // browser may be gone
        }
        ws.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                onMessage(text);
            }
            webSocket.request(1);
            return null;
        }
    }
}
