package com.zoomvconnect.signal;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client side of {@link ManySocketsTest}, in a process of its own: every socket is a file
 * descriptor at each end, and a process may hold 20,000 here (a hard limit the container does not
 * let us raise), so 10,000 sockets fit only with the client ends in another process than the
 * appliance. Driven line by line over stdin, answering one line on stdout for each:
 * <pre>
 *   open N       opens N signaling sockets, 100 at a time  -> "opened N MILLIS"
 *   over K       opens K more and waits up to 60 s for each to be closed
 *                                                          -> "over CLOSED_1013 SERVER_BUSY_MESSAGES OTHER_CLOSES"
 *   close N      closes the first N held (normal closure)  -> "closed N"
 *   closeall     closes the rest                           -> "closed N"
 * </pre>
 * Anything that fails is one line "error MESSAGE" and exit status 1. Ends with stdin.
 */
public final class ManySocketsClient {
    private ManySocketsClient() {
    }

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

        long all() {
            return byCode.values().stream().mapToLong(AtomicLong::get).sum();
        }
    }

    /** {@code ManySocketsClient wss://host:port/signal}, then commands on stdin. */
    public static void main(String[] args) throws Exception {
        URI signal = URI.create(args[0]);
        HttpClient http = ManySocketsTest.trustingClient(Duration.ofSeconds(120));
        var closes = new Closes();
        List<WebSocket> held = new ArrayList<>();
        int closedSoFar = 0;
        var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try {
            for (String line; (line = in.readLine()) != null; ) {
                String[] w = line.trim().split(" ");
                switch (w[0]) {
                    case "open" -> {
                        int n = Integer.parseInt(w[1]);
                        long t0 = System.nanoTime();
                        // In batches, so the client's own TLS handshakes do not all time out at once on a busy machine.
                        for (int from = 0; from < n; from += 100) {
                            List<CompletableFuture<WebSocket>> batch = new ArrayList<>();
                            for (int i = from; i < Math.min(n, from + 100); i++) {
                                batch.add(http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(120)).buildAsync(signal, closes));
                            }
                            for (var f : batch) {
                                held.add(f.get(180, TimeUnit.SECONDS));
                            }
                        }
                        answer("opened " + n + " " + (System.nanoTime() - t0) / 1_000_000);
                    }
                    case "over" -> {
                        int k = Integer.parseInt(w[1]);
                        long before1013 = closes.count(1013);
                        long beforeAll = closes.all();
                        long beforeBusy = closes.busyMessages.get();
                        List<CompletableFuture<WebSocket>> over = new ArrayList<>();
                        for (int i = 0; i < k; i++) {
                            over.add(http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(120)).buildAsync(signal, closes));
                        }
                        CompletableFuture.allOf(over.toArray(CompletableFuture[]::new)).get(180, TimeUnit.SECONDS);
                        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                        while (closes.all() - beforeAll < k && System.nanoTime() < deadline) {
                            Thread.sleep(50);
                        }
                        long refused = closes.count(1013) - before1013;
                        answer("over " + refused + " " + (closes.busyMessages.get() - beforeBusy) + " " + (closes.all() - beforeAll - refused));
                    }
                    case "close", "closeall" -> {
                        int to = w[0].equals("close") ? closedSoFar + Integer.parseInt(w[1]) : held.size();
                        List<CompletableFuture<WebSocket>> closing = new ArrayList<>();
                        for (WebSocket ws : held.subList(closedSoFar, to)) {
                            closing.add(ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye"));
                        }
                        CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
                        answer("closed " + (to - closedSoFar));
                        closedSoFar = to;
                    }
                    default -> throw new IllegalArgumentException("unknown command: " + line);
                }
            }
        } catch (Exception e) {
            answer("error " + e);
            System.exit(1);
        }
    }

    private static void answer(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
