package com.zoomvconnect.testing.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A browser remote protocol over WebSocket (Chrome DevTools Protocol or WebDriver BiDi): JSON
 * commands with an id, answers matched by id, everything else handed to the event listener.
 */
final class ProtocolSocket implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    private final WebSocket ws;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final Consumer<JsonNode> events;

    ProtocolSocket(String url, Consumer<JsonNode> events) {
        this.events = events;
        this.ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(url), new Listener()).join();
    }

    /** Sends a command (with {@code sessionId} when not null) and returns the whole answer. */
    JsonNode call(String sessionId, String method, Map<String, Object> params) {
        return call(sessionId, method, params, java.time.Duration.ofSeconds(60));
    }

    /** As {@link #call(String, String, Map)}, waiting up to {@code timeout} for the answer. */
    JsonNode call(String sessionId, String method, Map<String, Object> params, java.time.Duration timeout) {
        int id = ids.incrementAndGet();
        ObjectNode msg = JSON.createObjectNode();
        msg.put("id", id);
        msg.put("method", method);
        msg.set("params", JSON.valueToTree(params));
        if (sessionId != null) {
            msg.put("sessionId", sessionId);
        }
        var f = new CompletableFuture<JsonNode>();
        pending.put(id, f);
        synchronized (ws) {
            ws.sendText(msg.toString(), true).join();
        }
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
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
        } else {
            events.accept(m);
        }
    }

    @Override
    public void close() {
        ws.abort();
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
