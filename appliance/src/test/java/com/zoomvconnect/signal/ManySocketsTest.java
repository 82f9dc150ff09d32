package com.zoomvconnect.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.loadgen.SignalClient;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.TestAppliance;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;

/**
 * Signaling sockets up to and past {@code signal.max.sockets}: the appliance holds the maximum
 * open (a join timeout long enough that none closes meanwhile), closes each one past it at once
 * with 1013 and {@code server_busy}, keeps answering HTTP throughout, and takes a participant again
 * as soon as sockets close. 1,000 sockets in the default suite; {@code -Dzvc.sockets=10000} is the
 * benchmark of docs/operations.md (the test JVM needs about two file descriptors a socket, client
 * and server end: {@code ulimit -n 65536} first).
 */
class ManySocketsTest {
    private static final int MAX = Integer.getInteger("zvc.sockets", 1000);
    private static final int OVER = Math.max(20, MAX / 20);

    private static final class Closes implements WebSocket.Listener {
        final Map<Integer, AtomicLong> byCode = new ConcurrentHashMap<>();
        final AtomicLong busyMessages = new AtomicLong();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            if (data.toString().contains("\"server_busy\"")) {
                busyMessages.incrementAndGet();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            byCode.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
            return null;
        }

        long count(int code) {
            return byCode.getOrDefault(code, new AtomicLong()).get();
        }
    }

    /** A WebSocket client that trusts the appliance's self-signed certificate (also for {@code ManySocketsBenchmark}). */
    static HttpClient trustingClient(Duration connectTimeout) {
        var params = new SSLParameters();
        params.setEndpointIdentificationAlgorithm(null);
        return HttpClient.newBuilder().sslContext(ApiClient.trustAll()).sslParameters(params).connectTimeout(connectTimeout).build();
    }

    @Test
    void socketsPastTheMaximumAreRefusedAtOnceAndTheApplianceGoesOn() throws Exception {
        try (Appliance a = TestAppliance.startH2WithSignalLimits(SignalLimits.DEFAULTS.withSockets(MAX, Duration.ofMinutes(10)))) {
            var api = new ApiClient(a.httpsPort());
            String token = api.post("/api/v1/auth/register", null, Map.of("email", "h@example.com", "password", "password1",
                    "displayName", "H")).json().path("accessToken").asText();
            String code = api.post("/api/v1/meetings", token, Map.of("title", "Busy", "allowGuests", true)).json().path("code").asText();
            HttpClient http = trustingClient(Duration.ofSeconds(120));
            var closes = new Closes();
            URI signal = URI.create("wss://localhost:" + a.httpsPort() + "/signal");
            long t0 = System.nanoTime();
            List<WebSocket> held = new ArrayList<>();
            // In batches, so the client's own TLS handshakes do not all time out at once on a busy machine.
            for (int from = 0; from < MAX; from += 100) {
                List<CompletableFuture<WebSocket>> batch = new ArrayList<>();
                for (int i = from; i < Math.min(MAX, from + 100); i++) {
                    batch.add(http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(120)).buildAsync(signal, closes));
                }
                for (var f : batch) {
                    held.add(f.get(180, TimeUnit.SECONDS));
                }
            }
            long openMs = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(MAX, a.signal().metrics().openConnections(), "the maximum is held open");
            assertEquals(200, api.get("/health", null).status(), "HTTP is served at the maximum");

            // Past the maximum: each further socket is opened and closed at once, with the reason.
            List<CompletableFuture<WebSocket>> over = new ArrayList<>();
            for (int i = 0; i < OVER; i++) {
                over.add(http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(120)).buildAsync(signal, closes));
            }
            CompletableFuture.allOf(over.toArray(CompletableFuture[]::new)).get(180, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (closes.count(1013) < OVER && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(OVER, closes.count(1013), "refused with 1013 (try again later): " + closes.byCode);
            assertEquals(OVER, closes.busyMessages.get(), "each told server_busy first");
            assertEquals(OVER, a.signal().metrics().refusedSockets());
            assertEquals(MAX, a.signal().metrics().openConnections(), "none of those held was dropped");
            assertEquals(201, api.post("/api/v1/meetings", token, Map.of("title", "Still served")).status(),
                    "the API writes at the maximum");
            System.out.printf("%d sockets opened in %d ms and held; %d more refused with 1013%n", MAX, openMs, OVER);

            // Room again: a participant joins and chats.
            for (int i = 0; i < 10; i++) {
                held.get(i).sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(30, TimeUnit.SECONDS);
            }
            while (a.signal().metrics().openConnections() > MAX - 10 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            try (var c = SignalClient.connect("https://localhost:" + a.httpsPort(), code, "Real", null)) {
                c.expect("welcome", Duration.ofSeconds(30));
                c.send("chat", "text", "still here");
                c.expect("chat", Duration.ofSeconds(15));
            }
            List<CompletableFuture<WebSocket>> closing = new ArrayList<>();
            for (WebSocket ws : held.subList(10, held.size())) {
                closing.add(ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye"));
            }
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (a.signal().metrics().openConnections() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(0, a.signal().metrics().openConnections(), "every socket's end was seen");
        }
    }
}
