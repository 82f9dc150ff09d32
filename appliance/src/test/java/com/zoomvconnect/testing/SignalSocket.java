package com.zoomvconnect.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;

/** A raw {@code /signal} WebSocket: queues every message as JSON and records how it closed. */
public final class SignalSocket implements WebSocket.Listener, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    /** The close status the server sent. */
    public final CompletableFuture<Integer> closed = new CompletableFuture<>();
    /** The close reason the server sent. */
    public final CompletableFuture<String> closeReason = new CompletableFuture<>();
    private final WebSocket ws;

    public SignalSocket(int httpsPort) {
        var params = new SSLParameters();
        params.setEndpointIdentificationAlgorithm(null);
        ws = HttpClient.newBuilder().sslContext(ApiClient.trustAll()).sslParameters(params).build()
                .newWebSocketBuilder().buildAsync(URI.create("wss://localhost:" + httpsPort + "/signal"), this).join();
    }

    /** Opens a socket and sends {@code join} with the grant's token. */
    /** Asks the API for a join grant to the meeting (as {@code token}'s user, or as the guest {@code guestName}) and joins with it. */
    public static SignalSocket joinMeeting(ApiClient api, int port, String meetingId, String token, String guestName) {
        var grant = api.post("/api/v1/meetings/" + meetingId + "/join", token,
                guestName == null ? java.util.Map.of() : java.util.Map.of("displayName", guestName));
        if (grant.status() != 200) {
            throw new AssertionError("join refused: " + grant.status() + " " + grant.body());
        }
        return join(port, grant.json().path("token").asText());
    }

    public static SignalSocket join(int httpsPort, String joinToken) {
        var s = new SignalSocket(httpsPort);
        s.send("{\"type\":\"join\",\"token\":\"" + joinToken + "\"}");
        return s;
    }

    @Override
    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                messages.add(JSON.readTree(partial.toString()));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            partial.setLength(0);
        }
        w.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket w, int status, String reason) {
        closeReason.complete(reason);
        closed.complete(status);
        return null;
    }

    public void send(String text) {
        ws.sendText(text, true).join();
    }

    /** The next message, waiting up to 30 s. */
    public JsonNode next() throws InterruptedException {
        JsonNode m = messages.poll(30, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError("no message within 30 s");
        }
        return m;
    }

    /** The next message within {@code wait}, or null. */
    public JsonNode poll(java.time.Duration wait) throws InterruptedException {
        return messages.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Skips messages until one of {@code type} arrives. */
    public JsonNode next(String type) throws InterruptedException {
        while (true) {
            JsonNode m = next();
            if (type.equals(m.path("type").asText())) {
                return m;
            }
        }
    }

    /** Says goodbye, unless the server already closed the socket (e.g. it removed this participant). */
    @Override
    public void close() {
        if (ws.isOutputClosed()) {
            return;
        }
        try {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        } catch (java.util.concurrent.CompletionException e) {
            if (!(e.getCause() instanceof java.io.IOException) || !ws.isOutputClosed()) {
                throw e;
            }
            // the server closed it meanwhile: nothing left to say
        }
    }
}
