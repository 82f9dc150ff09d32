package com.zoomvconnect.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.store.DatabaseConfig;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.SignalSocket;
import com.zoomvconnect.testing.TestAppliance;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The process surface: HTTPS, redirect, security headers, health, metrics, API docs. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApplianceServerTest {
    private Appliance appliance;
    private ApiClient api;

    @BeforeAll
    void start() {
        appliance = TestAppliance.startH2();
        api = new ApiClient(appliance.httpsPort());
    }

    @AfterAll
    void stop() {
        appliance.close();
    }

    @Test
    void servesTheWebClientWithSecurityHeaders() {
        var r = api.get("/", null);
        assertEquals(200, r.status());
        assertTrue(r.body().contains("<html") || r.body().contains("<!doctype html"), r.body());
        String csp = r.header("Content-Security-Policy");
        assertNotNull(csp);
        assertTrue(csp.contains("default-src 'self'"));
        assertTrue(r.header("Strict-Transport-Security").startsWith("max-age="));
        assertEquals("nosniff", r.header("X-Content-Type-Options"));
        assertEquals("no-referrer", r.header("Referrer-Policy"));
        String pp = r.header("Permissions-Policy");
        assertTrue(pp.contains("camera=(self)") && pp.contains("microphone=(self)") && pp.contains("display-capture=(self)"), pp);
        var join = api.get("/j/abc-defg-hjk", null);
        assertEquals(200, join.status());
        assertEquals(r.body(), join.body(), "join links load the client shell");
    }

    @Test
    void revalidatedStaticFilesGet304NotAnError() {
        var first = api.get("/css/app.css", null);
        assertEquals(200, first.status());
        String etag = first.header("ETag");
        assertNotNull(etag);
        var again = api.send(api.builder("/css/app.css", null).header("If-None-Match", etag).GET());
        assertEquals(304, again.status(), "a reload must reuse the cached file: " + again.body());
    }

    @Test
    void modulesLoadedAtOnceAreAlwaysComplete() throws Exception {
        List<String> files = List.of("/js/app.js", "/js/room.js", "/js/ui/dom.js", "/js/ui/tiles.js", "/js/ui/chat.js",
                "/js/ui/participants.js", "/js/pages/lobby.js", "/css/app.css");
        var expected = new java.util.HashMap<String, String>();
        for (String f : files) {
            var r = api.get(f, null);
            assertEquals(200, r.status(), f);
            assertTrue(r.body().length() > 100, f);
            assertTrue(r.header("Content-Type").startsWith(f.endsWith(".css") ? "text/css" : "text/javascript"), f);
            expected.put(f, r.body());
        }
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new java.util.ArrayList<java.util.concurrent.Future<Boolean>>();
            // As a browser loads a page: every module at once, a few times over. (Twenty rounds — 160 TLS
            // handshakes at once — proved the machine's load more than the server on a busy 2-core machine.)
            for (int i = 0; i < 5; i++) {
                for (String f : files) {
                    futures.add(pool.submit(() -> api.get(f, null).body().equals(expected.get(f))));
                }
            }
            for (var fu : futures) {
                assertTrue(fu.get(), "a file served while others load is complete");
            }
        }
        assertEquals(404, api.get("/js/nothing.js", null).status());
        assertEquals(404, api.get("/js/../../etc/passwd", null).status());
    }

    @Test
    void plainHttpRedirectsToHttps() throws Exception {
        var http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        var r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + appliance.redirectPort() + "/j/abc?x=1")).build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(301, r.statusCode());
        assertEquals("https://localhost:" + appliance.config().server().httpsPort() + "/j/abc?x=1",
                r.headers().firstValue("Location").orElseThrow());
    }

    @Test
    void healthAndMetricsAreServed() {
        var health = api.get("/health", null);
        assertEquals(200, health.status());
        assertTrue(health.body().contains("\"database\""), health.body());
        assertTrue(health.body().contains("\"UP\""));
        var metrics = api.send(api.builder("/metrics", null).header("Accept", "text/plain").GET());
        assertEquals(200, metrics.status());
        assertTrue(metrics.body().contains("# TYPE"), "Prometheus text format");
        assertTrue(metrics.body().contains("zvc_sfu_rtp_in_total"), "SFU counters exported");
        assertTrue(metrics.body().contains("zvc_sfu_forwarding_delay_us_bucket_total{le=\"+Inf\""), "delay histogram exported");
        assertTrue(metrics.body().contains("zvc_sfu_rooms"), "rooms gauge exported");
    }

    /** An appliance of its own: the meters read the appliance started last in this JVM (MediaMetrics), and other tests here start others. */
    @Test
    void metricsCountOpenSignalingSocketsAndPooledConnections() throws Exception {
        try (Appliance a = TestAppliance.startH2()) {
            var client = new ApiClient(a.httpsPort());
            assertEquals(0.0, awaitMetric(client, "zvc_signal_connections", 0), "no signaling socket open yet");
            try (var socket = new SignalSocket(a.httpsPort())) {
                assertEquals(1.0, awaitMetric(client, "zvc_signal_connections", 1), "the open socket counted");
            }
            assertEquals(0.0, awaitMetric(client, "zvc_signal_connections", 0), "the closed socket no longer counted");
            // The pool fills up in the background: compare the gauge with readings on both sides of it.
            long deadline = System.nanoTime() + 10_000_000_000L;
            double pooled;
            int before;
            int after;
            while (true) {
                before = a.database().pooledConnections();
                pooled = readMetric(client, "zvc_db_connections");
                after = a.database().pooledConnections();
                if ((before == after && pooled == before) || System.nanoTime() > deadline) {
                    break;
                }
                Thread.sleep(100);
            }
            assertEquals(before, pooled, "the pool's connections (read " + before + " before the gauge, " + after + " after)");
            assertTrue(pooled >= 1 && pooled <= a.config().database().poolSize(), "within the pool size: " + pooled);
        }
    }

    /** The gauge's value once it reads {@code expected}, or its last value after 10 s (a socket opens and closes asynchronously). */
    private static double awaitMetric(ApiClient client, String name, double expected) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            double value = readMetric(client, name);
            if (value == expected || System.nanoTime() > deadline) {
                return value;
            }
            Thread.sleep(100);
        }
    }

    private static double readMetric(ApiClient client, String name) {
        var body = client.send(client.builder("/metrics", null).header("Accept", "text/plain").GET()).body();
        var line = body.lines().filter(l -> l.startsWith(name + "{")).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not on /metrics"));
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    @Test
    void apiDocsAreServedWithTheirUi() {
        var doc = api.send(api.builder("/api/docs", null).header("Accept", "application/yaml").GET());
        assertEquals(200, doc.status());
        assertTrue(doc.body().contains("/meetings/{id}/join"), "the OpenAPI document lists the API");
        var ui = api.send(api.builder("/api/docs/ui/index.html", null).header("Accept", "text/html").GET());
        assertEquals(200, ui.status());
        assertTrue(ui.body().contains("swagger-ui"), "interactive UI served from the jar");
        assertTrue(ui.body().contains("<title>ZoomVconnect API</title>"), "titled as the product");
        assertTrue(ui.body().contains("/favicon.svg"), "the product's icon, not the framework's logo");
        var tagged = java.util.regex.Pattern.compile("tags:\\s*\\[?\\s*-?\\s*(Breakout rooms|Administration)");
        assertEquals(2, tagged.matcher(doc.body()).results().map(m -> m.group(1)).distinct().count(),
                "endpoints grouped by tag, not all under 'default'");
    }

    @Test
    void portInUseStopsStartUpWithOneClearLine(@TempDir Path dir) throws Exception {
        try (var taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            AppConfig base = TestAppliance.config(dir, DatabaseConfig.embedded(dir));
            var config = new AppConfig(base.dataDir(), new AppConfig.Server("127.0.0.1", taken.getLocalPort(), -1, "",
                    base.server().shutdownGrace()), base.tls(), base.database(), base.auth(), base.media(), base.source());
            var e = assertThrows(BadConfigException.class, () -> Appliance.start(config));
            assertTrue(e.getMessage().startsWith("Cannot listen on 127.0.0.1:" + taken.getLocalPort()), e.getMessage());
        }
    }
}
