package com.zoomvconnect.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.loadgen.LatencyHistogram;
import com.zoomvconnect.loadgen.SyntheticPublisher;
import com.zoomvconnect.loadgen.SyntheticSubscriber;
import com.zoomvconnect.store.DatabaseConfig;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.PostgresServer;
import com.zoomvconnect.testing.SuiteOrder;
import com.zoomvconnect.testing.TestAppliance;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * PostgreSQL stopped under a running meeting (what {@code systemctl stop postgresql} does): media
 * keeps flowing, the API answers 503 {@code database_unavailable} within the pool's connection
 * timeout instead of hanging, and everything comes back by itself when the database does.
 *
 * <p>Mostly waiting (the outage itself is 30 s), on a PostgreSQL of its own: it runs beside the
 * classes that start no browser, after the soak on the soak's worker ({@link SuiteOrder}), so its
 * wait is off the suite's critical path.
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(SuiteOrder.CPU)
class DatabaseOutageTest {
    /** How long the database stays down: the 30 s, six times the pool's 5 s connection timeout. */
    private static final Duration OUTAGE = Duration.ofSeconds(30);

    @Test
    void mediaFlowsAndTheApiAnswers503WhilePostgresqlIsDownThenRecoversByItself() throws Exception {
        try (var pg = PostgresServer.startPrivate()) {
            DatabaseConfig db = pg.newDatabase();
            try (Appliance a = TestAppliance.start(TestAppliance.tempDir(), db)) {
                var api = new ApiClient(a.httpsPort());
                String base = "https://localhost:" + a.httpsPort();
                String token = api.post("/api/v1/auth/register", null, Map.of("email", "host@example.com",
                        "password", "password1", "displayName", "Host")).json().path("accessToken").asText();
                String code = api.post("/api/v1/meetings", token, Map.of("title", "Through the outage", "allowGuests", true))
                        .json().path("code").asText();
                try (var pub = SyntheticPublisher.start(base, code, "pub", 300_000, 15);
                     var sub = SyntheticSubscriber.start(base, code, "sub", new LatencyHistogram())) {
                    await(() -> sub.streamCount() == 2 && sub.totals()[4] > 10, Duration.ofSeconds(30), "media before the outage");

                    pg.stopServer();
                    long down = System.nanoTime();
                    long frames = sub.totals()[4];
                    long forwarded = a.sfu().counters().rtpOut.sum();

                    // A read, a write and the health check at once: each waits out the pool's connection timeout.
                    long t0 = System.nanoTime();
                    var read = CompletableFuture.supplyAsync(() -> api.get("/api/v1/meetings", token));
                    var write = CompletableFuture.supplyAsync(() -> api.post("/api/v1/meetings", token, Map.of("title", "During")));
                    var health = CompletableFuture.supplyAsync(() -> api.get("/health", null));
                    assertUnavailable(read.get());
                    long readMillis = (System.nanoTime() - t0) / 1_000_000;
                    // Bounded by the pool's 5 s connection timeout; 20 s leaves room for a busy machine
                    // and still fails against Hikari's default of 30 s.
                    assertTrue(readMillis < 20_000, "the API answered within the connection timeout, not a hang: " + readMillis + " ms");
                    assertUnavailable(write.get());
                    assertEquals(503, health.get().status(), "health says the database is down");

                    await(() -> sub.totals()[4] > frames + 30, Duration.ofSeconds(30), "video frames while the database is down");
                    // Through the rest of the outage, requests keep failing fast with the same answer, media keeps flowing.
                    while (System.nanoTime() - down < OUTAGE.toNanos() - 6_000_000_000L) {
                        long t1 = System.nanoTime();
                        assertUnavailable(api.get("/api/v1/meetings", token));
                        long millis = (System.nanoTime() - t1) / 1_000_000;
                        assertTrue(millis < 20_000, "a read " + (System.nanoTime() - down) / 1_000_000_000 + " s into the outage: " + millis + " ms");
                    }
                    long left = OUTAGE.toNanos() - (System.nanoTime() - down);
                    if (left > 0) {
                        Thread.sleep(left / 1_000_000);
                    }
                    assertTrue(a.sfu().counters().rtpOut.sum() > forwarded + 100, "the SFU kept forwarding");
                    assertTrue(sub.isConnected(), "the subscriber's signaling socket stayed open");

                    pg.startServer();
                    await(() -> api.get("/api/v1/meetings", token).status() == 200, Duration.ofSeconds(60),
                            "the API back without a restart");
                    var created = api.post("/api/v1/meetings", token, Map.of("title", "After the outage"));
                    assertEquals(201, created.status(), created.body());
                    String id = created.json().path("id").asText();
                    try (var c = DriverManager.getConnection(db.url(), db.user(), db.password());
                         var st = c.prepareStatement("SELECT title FROM meetings WHERE id = ?")) {
                        st.setString(1, id);
                        try (var rs = st.executeQuery()) {
                            assertTrue(rs.next() && rs.getString(1).equals("After the outage"), "the acknowledged write is in PostgreSQL");
                        }
                    }
                    long after = sub.totals()[4];
                    await(() -> sub.totals()[4] > after + 15, Duration.ofSeconds(30), "video after the outage");
                    assertEquals(200, api.get("/health", null).status(), "health is back up");
                }
            }
        }
    }

    private static void assertUnavailable(ApiClient.Response r) {
        assertEquals(503, r.status(), r.body());
        assertEquals("database_unavailable", r.errorCode(), r.body());
        assertEquals("5", r.header("Retry-After"));
        assertFalse(r.body().contains("Exception") || r.body().contains("at com."), "no stack trace: " + r.body());
    }

    private static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }
}
