package com.zoomvconnect.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.testing.Ports;
import com.zoomvconnect.testing.BrowserTest;
import com.zoomvconnect.testing.ApiClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real launcher in a child JVM, killed with SIGKILL while clients register, create and
 * change meetings over HTTPS: after a restart on the same data dir and ports, every write the API
 * answered 2xx for is there. The last kill also hits a running meeting ({@link MeetingThroughCrash}),
 * which is there again after the restart, and two Chromiums in another meeting, which rejoin by
 * themselves and decode each other again ({@link BrowsersThroughCrash}); the last restart comes
 * after the packaged unit's restart delay (one more JVM start would cost the suite 20–30 s).
 */
class KillDurabilityTest implements BrowserTest {
    private static final int ROUNDS = 3;
    private static final int WORKERS = 4;
    /** systemd's {@code RestartSec} in the packaged unit. */
    private static final int RESTART_SEC = 3;
    private static final String PASSWORD = "password1";
    private static final Pattern PORT = Pattern.compile("\\(also https://localhost:(\\d+)/\\)");

    /** Acknowledged registrations (email) and, per meeting, the titles it may have: the last acknowledged and one in flight. */
    private final Set<String> accounts = ConcurrentHashMap.newKeySet();
    private final Map<String, Set<String>> titles = new ConcurrentHashMap<>();
    private BrowsersThroughCrash browsers;

    @AfterEach
    void closeBrowsers() throws java.io.IOException {
        if (browsers != null) {
            browsers.close();
        }
    }

    @Test
    void everyAcknowledgedWriteAndTheRunningMeetingSurviveKillDashNine(@TempDir Path dir) throws Exception {
        String admin = "admin@example.com";
        int[] ports = {Ports.free(), Ports.free(), Ports.free()}; // HTTPS, media, TURN: the same ones at every restart
        MeetingThroughCrash meeting = null;
        for (int round = 0; round < ROUNDS; round++) {
            Process p = start(dir, round, ports);
            try {
                var api = new ApiClient(port(p, dir.resolve("stdout-" + round + ".log")));
                if (round == 0) {
                    var r = api.post("/api/v1/auth/register", null, Map.of("email", admin, "password", PASSWORD, "displayName", "Admin"));
                    assertEquals(201, r.status(), r.body());
                    openRegistration(api, r.json().path("accessToken").asText());
                } else {
                    assertAllPresent(api, admin, dir);
                }
                String token = login(api, admin);
                if (round == ROUNDS - 1) {
                    meeting = MeetingThroughCrash.start(api, "https://localhost:" + ports[0], token);
                    browsers = BrowsersThroughCrash.start(api, "https://localhost:" + ports[0], token);
                }
                writeUntilKilled(p, api, token, round);
            } finally {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
                if (meeting != null) {
                    meeting.close();
                }
            }
        }
        // The packaged unit restarts a killed process after RestartSec=3 (systemd/zoomvconnect.service);
        // no systemd runs the tests, so the test waits as long before it starts the process again.
        long killed = System.nanoTime();
        Thread.sleep(RESTART_SEC * 1000L);
        Process p = start(dir, ROUNDS, ports);
        try {
            var api = new ApiClient(port(p, dir.resolve("stdout-" + ROUNDS + ".log")));
            long back = System.nanoTime();
            // Both Chromiums rejoin by themselves (the web client's automatic rejoin) and decode each other again.
            long millis = browsers.awaitRejoinedAndDecoding(back, Duration.ofSeconds(90));
            System.out.printf("browsers: decoding each other again %d ms after the restarted appliance answered "
                    + "(%d ms after the kill; load %.1f)%n", millis, (System.nanoTime() - killed) / 1_000_000,
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            assertTrue(millis <= 15_000, "both browsers decode each other within 15 s of the process being back: " + millis + " ms");
            meeting.checkAfterRestart(api, "https://localhost:" + ports[0], login(api, admin), back);
            assertAllPresent(api, admin, dir);
        } finally {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Lets later accounts register. Registration policy is the server's to decide: this is the one
     * place that knows how a test gets it opened (the first account is the administrator).
     */
    private static void openRegistration(ApiClient api, String adminToken) {
        var r = api.patch("/api/v1/admin/settings", adminToken, Map.of("selfRegistration", true));
        assertEquals(200, r.status(), r.body());
    }

    /** Workers write concurrently; the process is killed (SIGKILL) while they still do. */
    private void writeUntilKilled(Process p, ApiClient api, String token, int round) throws Exception {
        var stop = new AtomicBoolean();
        var registered = new AtomicInteger();
        var created = new AtomicInteger();
        var patched = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            int worker = w;
            workers.add(Thread.ofPlatform().start(() -> {
                List<String> mine = new ArrayList<>();
                for (int i = 0; !stop.get(); i++) {
                    try {
                        switch (i % 3) {
                            case 0 -> {
                                String email = "u" + round + "-" + worker + "-" + i + "@example.com";
                                var r = api.post("/api/v1/auth/register", null, Map.of("email", email, "password", PASSWORD,
                                        "displayName", "U"));
                                if (r.status() == 201) {
                                    accounts.add(email);
                                    registered.incrementAndGet();
                                }
                            }
                            case 1 -> {
                                String title = "m" + round + "-" + worker + "-" + i;
                                var r = api.post("/api/v1/meetings", token, Map.of("title", title));
                                if (r.status() == 201) {
                                    String id = r.json().path("id").asText();
                                    titles.put(id, Set.of(title));
                                    mine.add(id);
                                    created.incrementAndGet();
                                }
                            }
                            default -> {
                                if (mine.isEmpty()) {
                                    continue;
                                }
                                String id = mine.get(i % mine.size());
                                String title = "p" + round + "-" + worker + "-" + i;
                                String acked = titles.get(id).iterator().next();
                                titles.put(id, Set.of(acked, title)); // in flight: either may be stored
                                var r = api.patch("/api/v1/meetings/" + id, token, Map.of("title", title));
                                if (r.status() == 200) {
                                    titles.put(id, Set.of(title));
                                    patched.incrementAndGet();
                                } else {
                                    titles.put(id, Set.of(acked));
                                }
                            }
                        }
                    } catch (IllegalStateException e) {
                        return; // the server is gone: what was in flight is neither acknowledged nor required
                    }
                }
            }));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while ((registered.get() < 3 || created.get() < 8 || patched.get() < 8) && System.nanoTime() < deadline
                && p.isAlive()) {
            Thread.sleep(20);
        }
        p.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no H2 close
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the appliance did not die");
        stop.set(true);
        for (Thread t : workers) {
            t.join(60_000);
        }
        assertTrue(registered.get() >= 3 && created.get() >= 8 && patched.get() >= 8,
                "too few writes before the deadline: " + registered + " registrations, " + created + " meetings, "
                        + patched + " patches");
    }

    private void assertAllPresent(ApiClient api, String admin, Path dir) throws java.io.IOException {
        String token = login(api, admin);
        List<String> missing = new ArrayList<>();
        for (var e : titles.entrySet()) {
            var r = api.get("/api/v1/meetings/" + e.getKey(), token);
            if (r.status() != 200 || !e.getValue().contains(r.json().path("title").asText())) {
                missing.add("meeting " + e.getKey() + " " + e.getValue() + ": " + r.status() + " "
                        + (r.json() == null ? "" : r.json().path("title").asText()));
            }
        }
        for (String email : accounts) {
            var r = api.post("/api/v1/auth/login", null, Map.of("email", email, "password", PASSWORD));
            if (r.status() != 200) {
                missing.add("account " + email + ": " + r.status());
            }
        }
        if (!missing.isEmpty()) {
            var problems = new StringBuilder();
            try (var logs = Files.list(dir)) {
                for (Path log : logs.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                    Files.readAllLines(log).stream().filter(l -> l.contains("Exception") || l.contains("ERROR") || l.contains("WARN"))
                            .limit(20).forEach(l -> problems.append('\n').append(log.getFileName()).append(": ").append(l));
                }
            }
            throw new AssertionError(missing.size() + " acknowledged writes lost of " + (titles.size() + accounts.size())
                    + ": " + missing + problems);
        }
    }

    private static String login(ApiClient api, String email) {
        var r = api.post("/api/v1/auth/login", null, Map.of("email", email, "password", PASSWORD));
        assertEquals(200, r.status(), r.body());
        return r.json().path("accessToken").asText();
    }

    /** A port free for TCP and UDP alike (the media port is both). */

    private static Process start(Path dir, int round, int[] ports) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var pb = new ProcessBuilder(java, "-Xmx512m", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()).directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("ZVC_"));
        pb.environment().putAll(Map.of("ZVC_DATA_DIR", dir.resolve("data").toString(), "ZVC_SERVER_HOST", "127.0.0.1",
                "ZVC_SERVER_PORT", Integer.toString(ports[0]), "ZVC_SERVER_REDIRECT_PORT", "-1",
                "ZVC_MEDIA_PORT", Integer.toString(ports[1]), "ZVC_TURN_PORT", Integer.toString(ports[2]),
                "ZVC_RECORDING_MIN_FREE_MB", "0"));
        pb.redirectOutput(dir.resolve("stdout-" + round + ".log").toFile());
        pb.redirectError(dir.resolve("stderr-" + round + ".log").toFile());
        return pb.start();
    }

    /** The HTTPS port the child announces once it is ready. */
    private static int port(Process p, Path stdout) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240); // a busy machine starts slowly
        while (System.nanoTime() < deadline) {
            var m = PORT.matcher(Files.exists(stdout) ? Files.readString(stdout) : "");
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            if (!p.isAlive()) {
                throw new AssertionError("the appliance exited with " + p.exitValue() + ": "
                        + Files.readString(stdout.resolveSibling(stdout.getFileName().toString().replace("stdout", "stderr"))));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the appliance did not start within 240 s");
    }
}
