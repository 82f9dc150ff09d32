package com.zoomvconnect.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Redis server for tests: Debian's {@code redis-server} ({@code apt-get install redis-server})
 * started by the test on a free loopback port in a temporary directory, with nothing saved to disk,
 * and killed by {@link #close}. There is no fallback and no skipping: without the binary the Redis
 * tests fail with a clear message (in CI too, where {@code .ci/run} installs it).
 */
public final class RedisServer implements AutoCloseable {
    private final Path binary;
    private final Path dir;
    private final int port;
    private Process process;

    private RedisServer(Path binary, Path dir, int port) {
        this.binary = binary;
        this.dir = dir;
        this.port = port;
    }

    /** Starts a server of the caller's own; it answers PING on return. */
    public static RedisServer start() {
        Path binary = findBinary();
        try {
            var server = new RedisServer(binary, Files.createTempDirectory("zvc-redis-"), Ports.free());
            server.startServer();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server for tests: " + e.getMessage(), e);
        }
    }

    /** {@code redis://127.0.0.1:<port>}. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Starts the server (again) on the same port; returns once it answers PING. */
    public synchronized void startServer() {
        try {
            process = new ProcessBuilder(List.of(binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--dir", dir.toString(), "--save", "", "--appendonly", "no", "--daemonize", "no",
                    "--logfile", dir.resolve("redis.log").toString()))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + binary + ": " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!answersPing()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String log = "";
                try {
                    log = Files.readString(dir.resolve("redis.log"));
                } catch (IOException e) {
                    // no log written
                }
                stopServer();
                throw new IllegalStateException("redis-server did not answer on port " + port + " within 30 s\n" + log);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /** Kills the server (SIGKILL: no goodbye to the clients, as a crash or a power cut) and waits for it to go. */
    public synchronized void stopServer() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    @Override
    public void close() {
        stopServer();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }

    private boolean answersPing() {
        try (var s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            s.setSoTimeout(1_000);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] reply = in.readNBytes(7);
            return new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    private static Path findBinary() {
        for (String candidate : List.of(System.getenv().getOrDefault("ZVC_TEST_REDIS_SERVER", ""), "/usr/bin/redis-server",
                "/usr/local/bin/redis-server")) {
            if (!candidate.isEmpty() && Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        throw new IllegalStateException("redis-server not found (looked at $ZVC_TEST_REDIS_SERVER, /usr/bin and /usr/local/bin). "
                + "Install it with: apt-get install redis-server");
    }

}
