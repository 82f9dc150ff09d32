package com.zoomvconnect.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A non-browser client of the appliance's REST API and signaling socket (docs/signaling.md),
 * used by the load generator and tests. Trusts the appliance's self-signed certificate.
 */
public final class SignalClient implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().sslContext(trustAll()).sslParameters(noHostCheck())
            .connectTimeout(Duration.ofSeconds(10)).build();

    private final WebSocket ws;
    private final LinkedBlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
    private volatile Consumer<JsonNode> handler;
    /** Guards the switch from {@link #inbox} to {@link #handler} (see {@link #onMessage}). */
    private final Object handOver = new Object();
    private final java.util.concurrent.CompletableFuture<Void> closed = new java.util.concurrent.CompletableFuture<>();

    private final String url;
    /** How the socket ended ("1013 too slow", or the error), once it has. */
    private volatile String ending;
    private volatile boolean closing;

    private SignalClient(String url) {
        this.url = url;
        this.ws = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(url), new Listener()).join();
    }

    /** POSTs JSON to the appliance's API; returns the parsed body or throws with the error. */
    /** GET of a plain-text page outside the API (e.g. {@code /metrics}). */
    public static String getText(String base, String path) {
        try {
            var r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " -> " + r.statusCode());
            }
            return r.body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode post(String base, String path, String token, Object body) {
        try {
            var b = HttpRequest.newBuilder(URI.create(base + "/api/v1" + path)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode n = r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
            if (r.statusCode() >= 400) {
                throw new IllegalStateException(path + " -> " + r.statusCode() + " " + r.body());
            }
            return n;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Joins meeting {@code code} as a guest and opens the signaling socket with the grant. */
    public static SignalClient joinAsGuest(String base, String code, String name) {
        return join(base, code, name, null);
    }

    /** Joins meeting {@code code} as the holder of {@code accessToken} (a guest when null), waiting for the welcome. */
    public static SignalClient join(String base, String code, String name, String accessToken) {
        SignalClient c = connect(base, code, name, accessToken);
        JsonNode welcome = c.expect("welcome", Duration.ofSeconds(15));
        c.participantId = welcome.path("participantId").asText();
        return c;
    }

    /**
     * Gets a join grant (as the holder of {@code accessToken}, or as a guest when null), opens the
     * socket and sends {@code join}; the caller reads what comes back (welcome, waiting, refused).
     */
    public static SignalClient connect(String base, String code, String name, String accessToken) {
        JsonNode grant = post(base, "/meetings/" + code + "/join", accessToken, java.util.Map.of("displayName", name));
        var c = new SignalClient(grant.path("signalingUrl").asText());
        c.participantId = grant.path("participantId").asText();
        c.send(JSON.createObjectNode().put("type", "join").put("token", grant.path("token").asText()));
        return c;
    }

    /** Sends {@code {"type": type, ...fields}}. */
    public void send(String type, Object... fields) {
        ObjectNode m = JSON.createObjectNode().put("type", type);
        for (int i = 0; i + 1 < fields.length; i += 2) {
            m.set((String) fields[i], JSON.valueToTree(fields[i + 1]));
        }
        send(m);
    }

    private volatile String participantId;

    public String participantId() {
        return participantId;
    }

    public void send(ObjectNode message) {
        synchronized (ws) {
            ws.sendText(message.toString(), true).join();
        }
    }

    /** From now on, messages go to {@code h} instead of the queue. */
    public void onMessage(Consumer<JsonNode> h) {
        // Under the lock the listener takes to choose between queue and handler: a message it read
        // while the handler was still unset was otherwise queued after this drained the queue, and
        // never handled (a subscriber that never got its offer: 1 of 1 000 in some load runs).
        synchronized (handOver) {
            JsonNode m;
            while ((m = inbox.poll()) != null) {
                h.accept(m);
            }
            this.handler = h;
        }
    }

    /** All messages received before the next one of {@code type} (which is consumed too). */
    public java.util.List<JsonNode> until(String type, Duration timeout) {
        var seen = new java.util.ArrayList<JsonNode>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                JsonNode m = inbox.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
                if (m == null) {
                    break;
                }
                if (type.equals(m.path("type").asText())) {
                    return seen;
                }
                seen.add(m);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("no '" + type + "' within " + timeout + " (saw " + seen + ")");
    }

    /** Every message that arrives within {@code window} (waits the whole window). */
    public java.util.List<JsonNode> during(Duration window) {
        var seen = new java.util.ArrayList<JsonNode>();
        long deadline = System.nanoTime() + window.toNanos();
        try {
            for (long left; (left = deadline - System.nanoTime()) > 0; ) {
                JsonNode m = inbox.poll(Math.max(1, left / 1_000_000), TimeUnit.MILLISECONDS);
                if (m != null) {
                    seen.add(m);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return seen;
    }

    /** Waits for the next message of {@code type} (others are dropped while waiting). */
    public JsonNode expect(String type, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                JsonNode m = inbox.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
                if (m == null) {
                    break;
                }
                if (type.equals(m.path("type").asText())) {
                    return m;
                }
                if ("error".equals(m.path("type").asText())) {
                    throw new IllegalStateException("signaling error: " + m);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("no '" + type + "' within " + timeout);
    }

    /** The signaling URL this client connected to (in a cluster, the node hosting the meeting). */
    public String url() {
        return url;
    }

    /** Completes when the socket closes or fails (the server went away, or closed it). */
    public java.util.concurrent.CompletableFuture<Void> closed() {
        return closed;
    }

    /** How the socket ended: the server's close code and reason, or the error; null while it is open. */
    public String ending() {
        return ending;
    }

    /** Records how the socket ended; one the client did not close itself is reported on stderr (long runs, soaks). */
    private void ended(String how) {
        ending = how;
        if (!closing) {
            System.err.printf("loadgen: signaling of %s ended by the other side: %s%n", participantId, how);
        }
        closed.complete(null);
    }

    @Override
    public void close() {
        closing = true;
        try {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            ws.abort();
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode m = JSON.readTree(partial.toString());
                    Consumer<JsonNode> h;
                    synchronized (handOver) {
                        h = handler;
                        if (h == null) {
                            inbox.add(m);
                        }
                    }
                    if (h != null) {
                        h.accept(m); // outside the lock; the listener is called for one message at a time
                    }
                } catch (java.io.IOException e) {
                    // ignore malformed
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            ended(statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            ended(error.toString());
        }
    }

    /** A TLS context that accepts any certificate: for loopback tests of a self-signed appliance only. */
    public static SSLContext trustAll() {
        try {
            var ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] c, String a) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] c, String a) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static SSLParameters noHostCheck() {
        var p = new SSLParameters();
        p.setEndpointIdentificationAlgorithm(null);
        return p;
    }
}
