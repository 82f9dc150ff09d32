package com.zoomvconnect.cluster.cascade;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A relay link's signaling socket to the origin's {@code /signal}, as a participant's: the same
 * messages (docs/signaling.md), over HTTPS the node trusts by the certificate the origin recorded
 * in the cluster. Messages are handed to the consumer one at a time, in order, on the socket's thread.
 */
final class OriginSignal implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    private final WebSocket ws;
    private final Object sending = new Object();

    private OriginSignal(WebSocket ws) {
        this.ws = ws;
    }

    /**
     * Opens the socket to {@code url} ({@code wss://…/signal}); {@code closed} runs once when it
     * closes or fails, by either side.
     */
    static OriginSignal open(HttpClient http, String url, Consumer<JsonNode> messages, Runnable closed) {
        var listener = new Listener(messages, closed);
        WebSocket ws = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(url), listener).orTimeout(15, TimeUnit.SECONDS).join();
        return new OriginSignal(ws);
    }

    void send(ObjectNode message) {
        synchronized (sending) {
            ws.sendText(message.toString(), true).orTimeout(10, TimeUnit.SECONDS).join();
        }
    }

    static ObjectNode message(String type) {
        return JSON.createObjectNode().put("type", type);
    }

    @Override
    public void close() {
        try {
            synchronized (sending) {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "relay closed").orTimeout(2, TimeUnit.SECONDS).join();
            }
        } catch (RuntimeException e) {
            // already closed
        }
        ws.abort();
    }

    private static final class Listener implements WebSocket.Listener {
        private final Consumer<JsonNode> messages;
        private final StringBuilder partial = new StringBuilder();
        private final CompletableFuture<Void> done = new CompletableFuture<>();

        Listener(Consumer<JsonNode> messages, Runnable closed) {
            this.messages = messages;
            done.thenRun(closed);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    messages.accept(JSON.readTree(text));
                } catch (IOException e) {
                    // not JSON: the origin speaks the protocol or nothing
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            done.complete(null);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            done.complete(null);
        }
    }
}
