package com.zoomvconnect.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real launcher in a child JVM: bad configuration ends it with one line and a non-zero exit. */
class MainProcessTest {
    record Result(int exit, String stdout, String stderr) {
    }

    private static Result run(Path dir, List<String> args, String... env) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var cmd = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(args);
        var pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("ZVC_"));
        for (int i = 0; i < env.length; i += 2) {
            pb.environment().put(env[i], env[i + 1]);
        }
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("launcher did not exit");
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes()), new String(p.getErrorStream().readAllBytes()));
    }

    @Test
    void invalidPortExitsWithOneClearLine(@TempDir Path dir) throws Exception {
        Result r = run(dir, List.of(), "ZVC_SERVER_PORT", "not-a-port", "ZVC_DATA_DIR", dir.toString());
        assertEquals(2, r.exit());
        assertEquals("zoomvconnect: Invalid configuration: server.port = 'not-a-port' (expected a port number 0-65535)",
                r.stderr().strip());
    }

    @Test
    void unreadableCertificateExitsWithOneClearLine(@TempDir Path dir) throws Exception {
        Result r = run(dir, List.of(), "ZVC_TLS_CERT", dir.resolve("missing.crt").toString(),
                "ZVC_TLS_KEY", dir.resolve("missing.key").toString(), "ZVC_DATA_DIR", dir.toString(), "ZVC_SERVER_PORT", "0",
                "ZVC_SERVER_REDIRECT_PORT", "-1");
        assertEquals(1, r.exit(), r.stderr());
        String[] lines = r.stderr().strip().split("\n");
        String last = lines[lines.length - 1];
        assertTrue(last.startsWith("zoomvconnect: Cannot read TLS certificate") && last.contains("missing.crt"), r.stderr());
        assertTrue(!r.stderr().contains("\tat "), "no stack trace: " + r.stderr());
    }

    @Test
    void unknownArgumentIsRefused(@TempDir Path dir) throws Exception {
        Result r = run(dir, List.of("--bogus"));
        assertEquals(2, r.exit());
        assertTrue(r.stderr().contains("Unknown argument: --bogus"));
    }
}
