package com.zoomvconnect.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.PostgresServer;
import com.zoomvconnect.testing.SmallDisk;
import com.zoomvconnect.testing.TestAppliance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL on a file system that fills up (a 96 MiB tmpfs this test mounts; CI runs as root):
 * writes are answered {@code 507 disk_full} (SQLSTATE 53100) or {@code 503 database_unavailable}
 * (PostgreSQL stops itself when it cannot write its WAL), never a 500; what was acknowledged before
 * stays; once there is room again — and PostgreSQL is started again if it had stopped, as its
 * administrator would — the appliance writes again without a restart.
 */
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

    @Test
    void aFullDiskUnderPostgresRefusesWritesClearlyAndKeepsWhatWasAcknowledged() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(96); PostgresServer pg = PostgresServer.startPrivateIn(disk.path())) {
            String name = "zvc_full";
            try (var c = DriverManager.getConnection(pg.url("postgres"), "zvc", ""); var st = c.createStatement()) {
                st.execute("CREATE DATABASE " + name);
            }
            var db = new DatabaseConfig(pg.url(name), "zvc", "", 5);
            try (Appliance a = TestAppliance.start(TestAppliance.tempDir(), db)) {
                var api = new ApiClient(a.httpsPort());
                String token = api.post("/api/v1/auth/register", null, Map.of("email", "h@example.com", "password", "password1",
                        "displayName", "H")).json().path("accessToken").asText();
                String before = api.post("/api/v1/meetings", token, Map.of("title", "Before")).json().path("id").asText();

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
            }
        }
    }
}
