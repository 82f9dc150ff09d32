package com.zoomvconnect.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.PostgresServer;
import com.zoomvconnect.testing.SmallDisk;
import com.zoomvconnect.testing.SuiteOrder;
import com.zoomvconnect.testing.TestAppliance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * PostgreSQL on a file system that fills up (a 96 MiB tmpfs this test mounts; CI runs as root):
 * writes are answered {@code 507 disk_full} (SQLSTATE 53100) or {@code 503 database_unavailable}
 * (PostgreSQL stops itself when it cannot write its WAL), never a 500; what was acknowledged before
 * stays; once there is room again — and PostgreSQL is started again if it had stopped, as its
 * administrator would — the appliance writes again without a restart.
 *
 * <p>Two cases, since PostgreSQL meets them differently: the tables' file system full (the table's
 * file cannot grow: SQLSTATE 53100, the statement fails, the server stays up), and the WAL's own file
 * system full (it cannot write a new WAL segment inside a critical section: PANIC, and crash recovery
 * fails while the disk is still full, so the server stops).
 *
 * <p>On a PostgreSQL and a tmpfs of its own: it runs beside the classes that start no browser, after
 * the soak on the soak's worker ({@link SuiteOrder}), as it ran beside the soak before.
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(SuiteOrder.CPU)
class PostgresDiskFullTest {
    /** The longest description a meeting takes (MeetingValidation). */
    private static final int DESCRIPTION = 4000;

    /** Random letters: PostgreSQL compresses a repeated character to nothing. */
    private static String noise(int length) {
        var random = java.util.concurrent.ThreadLocalRandom.current();
        var out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append((char) ('a' + random.nextInt(26)));
        }
        return out.toString();
    }

    /** A host and one meeting ("Before") stored through an appliance on a new database {@code database} of {@code pg}; then {@code body}. */
    private static void withAStoredMeeting(PostgresServer pg, String database, Body body) throws Exception {
        try (var c = DriverManager.getConnection(pg.url("postgres"), "zvc", ""); var st = c.createStatement()) {
            st.execute("CREATE DATABASE " + database);
        }
        try (Appliance a = TestAppliance.start(TestAppliance.tempDir(), new DatabaseConfig(pg.url(database), "zvc", "", 5))) {
            var api = new ApiClient(a.httpsPort());
            String token = api.post("/api/v1/auth/register", null, Map.of("email", "h@example.com", "password", "password1",
                    "displayName", "H")).json().path("accessToken").asText();
            body.run(api, token, api.post("/api/v1/meetings", token, Map.of("title", "Before")).json().path("id").asText());
        }
    }

    private interface Body {
        void run(ApiClient api, String token, String before) throws Exception;
    }

    @Test
    void aFullDiskUnderPostgresRefusesWritesClearlyAndKeepsWhatWasAcknowledged() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(96); PostgresServer pg = PostgresServer.startPrivateIn(disk.path())) {
            withAStoredMeeting(pg, "zvc_full", (api, token, before) -> {
                Path filler = disk.fill();
                // Rows fit in PostgreSQL's buffers and its current WAL segment for a while: writes go on until
                // PostgreSQL needs a new segment or a data page written out, then fail (bounded).
                List<String> answers = new ArrayList<>();
                int refused = 0;
                for (int i = 0; i < 3000 && refused < 5; i++) {
                    var r = api.post("/api/v1/meetings", token, Map.of("title", "During " + i, "description", noise(DESCRIPTION)));
                    if (r.status() != 201) {
                        answers.add(i + ": " + r.status() + " " + r.errorCode());
                        refused++;
                    }
                    assertTrue(r.status() == 507 || r.status() == 503 || r.status() == 201,
                            "refused clearly (or stored in space PostgreSQL still had), not failed: " + r.status() + " " + r.body());
                    if (r.status() == 507) {
                        assertEquals("disk_full", r.errorCode(), r.body());
                    } else if (r.status() == 503) {
                        assertEquals("database_unavailable", r.errorCode(), r.body());
                    }
                }
                System.out.println("PostgreSQL on a full disk, the API answered: " + answers);
                assertTrue(refused > 0,
                        "the full disk was noticed: " + answers + "\n" + Files.readString(pg.logFile()));

                Files.delete(filler);
                if (!pg.isRunning()) {
                    System.out.println("PostgreSQL stopped itself on the full disk; started again as its administrator would");
                    pg.startServer();
                }
                DatabaseDiskFullTest.assertWritesBackAndKept(api, token, before);
            });
        }
    }

    @Test
    void aFullWalDiskStopsPostgresAndTheApiAnswers503UntilItIsBackWithNothingAcknowledgedLost() throws Exception {
        try (SmallDisk walDisk = SmallDisk.mount(48); PostgresServer pg = PostgresServer.startPrivateWithWalIn(walDisk.path())) {
            withAStoredMeeting(pg, "zvc_walfull", (api, token, before) -> {
                Path filler = walDisk.fill();
                // Each write adds WAL; the current segment has room for a few, then PostgreSQL needs a new one.
                List<String> acknowledged = new ArrayList<>();
                List<String> answers = new ArrayList<>();
                for (int i = 0; i < 3000 && pg.isRunning(); i++) {
                    var r = api.post("/api/v1/meetings", token, Map.of("title", "During " + i, "description", noise(DESCRIPTION)));
                    if (r.status() == 201) {
                        acknowledged.add(r.json().path("id").asText());
                        continue;
                    }
                    answers.add(i + ": " + r.status() + " " + r.errorCode());
                    assertTrue(r.status() == 503 || r.status() == 507,
                            "refused clearly, not failed: " + r.status() + " " + r.body());
                    assertEquals(r.status() == 503 ? "database_unavailable" : "disk_full", r.errorCode(), r.body());
                }
                // The loop ends at the first refused connection, which crash recovery gives too: wait for the end of
                // the story (recovery cannot write its end-of-recovery WAL either, and the postmaster shuts down).
                String log = "";
                for (long deadline = System.nanoTime() + 30_000_000_000L; System.nanoTime() < deadline; Thread.sleep(200)) {
                    log = Files.readString(pg.logFile());
                    if (log.contains("PANIC") && log.lastIndexOf("database system is shut down") > log.lastIndexOf("PANIC")) {
                        break;
                    }
                }
                System.out.println("PostgreSQL's WAL disk full after " + acknowledged.size() + " stored meetings; the API answered: "
                        + answers + "; PostgreSQL said: " + log.lines().filter(l -> l.contains("PANIC")
                                || l.contains("FATAL:  could not write") || l.contains("shutting down")).toList());
                assertTrue(log.contains("PANIC") && log.lastIndexOf("database system is shut down") > log.lastIndexOf("PANIC"),
                        "PostgreSQL stopped itself on the full WAL disk:\n" + log);
                assertFalse(pg.isRunning(), "PostgreSQL is down");

                // While it is down, reads and writes are answered 503 database_unavailable within the pool's
                // connection timeout (5 s), not hung (asked side by side: each waits out that timeout).
                long t0 = System.nanoTime();
                var read = CompletableFuture.supplyAsync(() -> api.get("/api/v1/meetings/" + before, token));
                var write = CompletableFuture.supplyAsync(() -> api.post("/api/v1/meetings", token, Map.of("title", "While down")));
                for (var r : List.of(read.get(), write.get())) {
                    assertEquals(503, r.status(), r.body());
                    assertEquals("database_unavailable", r.errorCode(), r.body());
                }
                System.out.printf("two requests while it was down answered 503 in %d ms%n", (System.nanoTime() - t0) / 1_000_000);

                Files.delete(filler);
                pg.startServer(); // as its administrator would, once there is room
                t0 = System.nanoTime();
                DatabaseDiskFullTest.assertWritesBackAndKept(api, token, before);
                System.out.printf("writes succeeded again %d ms after PostgreSQL was back%n", (System.nanoTime() - t0) / 1_000_000);
                for (String id : acknowledged) {
                    assertEquals(200, api.get("/api/v1/meetings/" + id, token).status(), "acknowledged while the WAL disk filled: " + id);
                }
            });
        }
    }
}
