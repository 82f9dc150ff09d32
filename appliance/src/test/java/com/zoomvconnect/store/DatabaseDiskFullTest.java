package com.zoomvconnect.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.SmallDisk;
import com.zoomvconnect.testing.TestAppliance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Embedded H2 on a file system that fills up (a 32 MiB tmpfs this test mounts; CI runs as root):
 * writes are answered {@code 507 disk_full} in the error shape, never a 500; what was acknowledged
 * before stays; when space returns the database is back by itself, without a restart.
 */
class DatabaseDiskFullTest {
    @Test
    void aFullDiskRefusesWritesWith507AndTheDatabaseComesBackWhenThereIsRoom() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(32)) {
            Path dir = Files.createDirectories(disk.path().resolve("data"));
            try (Appliance a = TestAppliance.start(dir, DatabaseConfig.embedded(dir))) {
                var api = new ApiClient(a.httpsPort());
                String token = api.post("/api/v1/auth/register", null, Map.of("email", "h@example.com", "password", "password1",
                        "displayName", "H")).json().path("accessToken").asText();
                String before = api.post("/api/v1/meetings", token, Map.of("title", "Before")).json().path("id").asText();

                Path filler = disk.fill();
                int refused = 0;
                for (int i = 0; i < 10; i++) {
                    var r = api.post("/api/v1/meetings", token, Map.of("title", "During " + i, "description", "x".repeat(3000)));
                    assertTrue(r.status() == 507 || r.status() == 503, "refused, not failed: " + r.status() + " " + r.body());
                    assertEquals(r.status() == 507 ? "disk_full" : "database_unavailable", r.errorCode(), r.body());
                    refused += r.status() == 507 ? 1 : 0;
                }
                assertTrue(refused > 0, "the disk is named as the reason");

                Files.delete(filler);
                assertWritesBackAndKept(api, token, before);
                assertEquals(200, api.get("/health", null).status());
            }
        }
    }

    /**
     * Once there is room again, a write succeeds within a minute without restarting the appliance,
     * and the meeting titled "Before" (id {@code before}), acknowledged before the disk filled, is intact.
     */
    static void assertWritesBackAndKept(ApiClient api, String token, String before) throws InterruptedException {
        int status = 0;
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (status != 201 && System.nanoTime() < deadline) {
            status = api.post("/api/v1/meetings", token, Map.of("title", "After")).status();
            if (status != 201) {
                Thread.sleep(500);
            }
        }
        assertEquals(201, status, "writes work again once there is room, without restarting the appliance");
        var kept = api.get("/api/v1/meetings/" + before, token);
        assertEquals(200, kept.status(), "acknowledged before the disk filled: " + kept.body());
        assertEquals("Before", kept.json().path("title").asText());
    }
}
