package com.zoomvconnect.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.loadgen.SignalClient;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.TestAppliance;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;

/**
 * Signaling sockets up to and past {@code signal.max.sockets}: the appliance holds the maximum
 * open (a join timeout long enough that none closes meanwhile), closes each one past it at once
 * with 1013 and {@code server_busy}, keeps answering HTTP throughout, and takes a participant again
 * as soon as sockets close. The sockets' client ends are in a process of their own
 * ({@link ManySocketsClient}), so this JVM holds only the server ends: 1,000 sockets in the default
 * suite; {@code -Dzvc.sockets=10000} is the benchmark of docs/operations.md.
 */
class ManySocketsTest {
    private static final int MAX = Integer.getInteger("zvc.sockets", 1000);
    private static final int OVER = Math.max(20, MAX / 20);

    /** A WebSocket client that trusts the appliance's self-signed certificate (also for {@code ManySocketsBenchmark}). */
    static HttpClient trustingClient(Duration connectTimeout) {
        var params = new SSLParameters();
        params.setEndpointIdentificationAlgorithm(null);
        return HttpClient.newBuilder().sslContext(ApiClient.trustAll()).sslParameters(params).connectTimeout(connectTimeout).build();
    }

    /** {@link ManySocketsClient} in a JVM of its own, on this test's class path, spoken to line by line. */
    private static final class ClientProcess implements AutoCloseable {
        private final Process process;
        private final BufferedReader out;
        private final Writer in;

        ClientProcess(URI signal) throws IOException {
            String java = ProcessHandle.current().info().command().orElse("java");
            process = new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"), ManySocketsClient.class.getName(),
                    signal.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        }

        /** Sends one command and returns the words of its answer; fails on an error or if the client died. */
        String[] ask(String command) throws IOException {
            in.write(command + "\n");
            in.flush();
            String line = out.readLine();
            assertTrue(line != null && !line.startsWith("error"), "the socket client, asked '" + command + "', answered: " + line);
            return line.split(" ");
        }

        @Override
        public void close() throws Exception {
            in.close();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void socketsPastTheMaximumAreRefusedAtOnceAndTheApplianceGoesOn() throws Exception {
        try (Appliance a = TestAppliance.startH2WithSignalLimits(SignalLimits.DEFAULTS.withSockets(MAX, Duration.ofMinutes(10)));
             var client = new ClientProcess(URI.create("wss://localhost:" + a.httpsPort() + "/signal"))) {
            var api = new ApiClient(a.httpsPort());
            String token = api.post("/api/v1/auth/register", null, Map.of("email", "h@example.com", "password", "password1",
                    "displayName", "H")).json().path("accessToken").asText();
            String code = api.post("/api/v1/meetings", token, Map.of("title", "Busy", "allowGuests", true)).json().path("code").asText();
            long openMs = Long.parseLong(client.ask("open " + MAX)[2]);
            assertEquals(MAX, a.signal().metrics().openConnections(), "the maximum is held open");
            assertEquals(200, api.get("/health", null).status(), "HTTP is served at the maximum");

            // Past the maximum: each further socket is opened and closed at once, with the reason.
            String[] over = client.ask("over " + OVER);
            assertEquals(OVER, Long.parseLong(over[1]), "refused with 1013 (try again later); closed otherwise: " + over[3]);
            assertEquals(OVER, Long.parseLong(over[2]), "each told server_busy first");
            assertEquals(OVER, a.signal().metrics().refusedSockets());
            assertEquals(MAX, a.signal().metrics().openConnections(), "none of those held was dropped");
            assertEquals(201, api.post("/api/v1/meetings", token, Map.of("title", "Still served")).status(),
                    "the API writes at the maximum");
            System.out.printf("%d sockets opened in %d ms and held; %d more refused with 1013 (load %s)%n", MAX, openMs, OVER,
                    java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim());

            // Room again: a participant joins and chats.
            client.ask("close 10");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (a.signal().metrics().openConnections() > MAX - 10 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            try (var c = SignalClient.connect("https://localhost:" + a.httpsPort(), code, "Real", null)) {
                c.expect("welcome", Duration.ofSeconds(30));
                c.send("chat", "text", "still here");
                c.expect("chat", Duration.ofSeconds(15));
            }
            client.ask("closeall");
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (a.signal().metrics().openConnections() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(0, a.signal().metrics().openConnections(), "every socket's end was seen");
        }
    }
}
