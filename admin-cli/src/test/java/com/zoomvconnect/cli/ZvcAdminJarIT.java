package com.zoomvconnect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar as an administrator runs it: {@code java -jar zvc-admin.jar}, a fresh JVM with
 * nothing on its class path but what the jar's manifest names. Runs after {@code package}.
 */
class ZvcAdminJarIT {
    @TempDir
    Path dir;

    record Run(int code, String out) {
    }

    private Run javaJar(String... args) throws IOException, InterruptedException {
        String jar = System.getProperty("zvc.admin.jar");
        assertTrue(jar != null && Files.isRegularFile(Path.of(jar)), "the built jar (zvc.admin.jar) is missing: " + jar);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar));
        cmd.addAll(List.of(args));
        Path log = dir.resolve("run-" + System.nanoTime() + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("java -jar did not finish within 120 s: " + Files.readString(log));
        }
        return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    @Test
    void theJarRunsOnItsOwn() throws Exception {
        Run help = javaJar("--help");
        assertEquals(0, help.code(), help.out());
        assertTrue(help.out().contains("Usage: zvc-admin"), help.out());

        // A command that needs the appliance's classes: configuration, H2, Flyway, password hashing.
        Path config = dir.resolve("zoomvconnect.yaml");
        Files.writeString(config, "data:\n  dir: " + dir.resolve("data") + "\n");
        Path password = dir.resolve("pw");
        Files.writeString(password, "correct horse battery\n");
        Run add = javaJar("--config", config.toString(), "users", "add", "ops@example.com", "--admin",
                "--password-file", password.toString());
        assertEquals(0, add.code(), add.out());
        Run list = javaJar("--config", config.toString(), "users", "list");
        assertEquals(0, list.code(), list.out());
        assertTrue(list.out().contains("ops@example.com"), list.out());
        assertTrue(!list.out().contains("NoClassDefFoundError") && !list.out().contains("WARNING: A restricted method"), list.out());
    }
}
