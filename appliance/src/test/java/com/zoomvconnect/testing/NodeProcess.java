package com.zoomvconnect.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.admin.AdminClient;
import com.zoomvconnect.app.Main;
import com.zoomvconnect.store.DatabaseConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One appliance of a cluster in a JVM of its own, started from the test's class path with the
 * real launcher ({@link Main}) and configured through {@code ZVC_*} variables, on loopback ports:
 * it can be killed with SIGKILL like a production process. Its data directory gets the token key
 * given (every node of a cluster shares it, docs/cluster.md "Set-up").
 */
public final class NodeProcess implements AutoCloseable {
    /** The C1 compiler only: three JVMs start on two cores in half the time; the figures of a test do not matter. */
    public static final List<String> TEST_JVM_OPTIONS = List.of("-Xmx384m", "-XX:TieredStopAtLevel=1");

    private final String nodeId;
    private final Path dir;
    private final int httpsPort;
    private final Process process;

    private NodeProcess(String nodeId, Path dir, int httpsPort, Process process) {
        this.nodeId = nodeId;
        this.dir = dir;
        this.httpsPort = httpsPort;
        this.process = process;
    }

    /**
     * Starts node {@code nodeId} on {@code db} with the {@code cluster.*} settings in {@code cluster}
     * (keys as in the YAML file, e.g. {@code node-timeout}); returns at once, see {@link #awaitReady}.
     */
    public static NodeProcess start(String nodeId, DatabaseConfig db, byte[] tokenKey, Map<String, String> cluster) {
        return start(nodeId, db, tokenKey, cluster, TEST_JVM_OPTIONS);
    }

    /**
     * Nodes {@code node1} … {@code node<count>} of one cluster on a fresh database of the shared
     * PostgreSQL, with one random token key and the {@code cluster.*} settings in {@code cluster};
     * returns once all are ready (cold JVMs on a busy machine: up to 240 s each).
     */
    public static List<NodeProcess> startCluster(int count, Map<String, String> cluster) throws InterruptedException {
        DatabaseConfig db = PostgresServer.shared().newDatabase();
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        var nodes = new java.util.ArrayList<NodeProcess>();
        for (int i = 1; i <= count; i++) {
            nodes.add(start("node" + i, db, key, cluster));
        }
        for (NodeProcess n : nodes) {
            n.awaitReady(Duration.ofSeconds(240));
        }
        return nodes;
    }

    /** Closes the clients (newest first; a client whose node is gone fails quietly), then the nodes. */
    public static void stopAll(List<? extends AutoCloseable> clients, List<NodeProcess> nodes) {
        for (AutoCloseable c : clients.reversed()) {
            try {
                c.close();
            } catch (Exception e) {
                // its node is gone
            }
        }
        nodes.forEach(NodeProcess::close);
    }

    /** As {@link #start(String, DatabaseConfig, byte[], Map)} with these JVM options (a benchmark wants the full compiler). */
    public static NodeProcess start(String nodeId, DatabaseConfig db, byte[] tokenKey, Map<String, String> cluster,
                                    List<String> jvmOptions) {
        Path launcher = Path.of(System.getProperty("java.home"), "bin", "java");
        if (!Files.isExecutable(launcher)) {
            throw new AssertionError("no java launcher at " + launcher + " to start appliance " + nodeId + " in a process of its own");
        }
        try {
            Path dir = Files.createTempDirectory("zvc-node-" + nodeId + "-");
            Path secrets = Files.createDirectories(dir.resolve("data").resolve("secrets"));
            Files.write(secrets.resolve("token.key"), tokenKey);
            int https = freePort();
            var env = new HashMap<String, String>();
            env.putAll(Map.of("ZVC_DATA_DIR", dir.resolve("data").toString(), "ZVC_SERVER_HOST", "127.0.0.1",
                    "ZVC_SERVER_PORT", Integer.toString(https), "ZVC_SERVER_REDIRECT_PORT", "-1",
                    "ZVC_MEDIA_PORT", Integer.toString(freePort()), "ZVC_TURN_PORT", Integer.toString(freePort()),
                    "ZVC_RECORDING_MIN_FREE_MB", "0", "ZVC_DATABASE_URL", db.url(), "ZVC_DATABASE_USER", db.user(),
                    "ZVC_DATABASE_PASSWORD", db.password()));
            env.putAll(Map.of("ZVC_CLUSTER_ENABLED", "true", "ZVC_CLUSTER_NODE__ID", nodeId,
                    "ZVC_CLUSTER_ADVERTISED__URL", "https://127.0.0.1:" + https));
            cluster.forEach((k, v) -> env.put("ZVC_CLUSTER_" + k.toUpperCase(Locale.ROOT).replace("-", "__")
                    .replace('.', '_'), v));
            var command = new java.util.ArrayList<String>();
            command.add(launcher.toString());
            command.addAll(jvmOptions);
            command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    Main.class.getName()));
            var pb = new ProcessBuilder(command).directory(dir.toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("ZVC_"));
            pb.environment().putAll(env);
            pb.redirectOutput(dir.resolve("stdout.log").toFile());
            pb.redirectError(dir.resolve("stderr.log").toFile());
            return new NodeProcess(nodeId, dir, https, pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the node answers {@code /health/ready}; fails with its log when it exits or does not answer in time. */
    public NodeProcess awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        var api = new ApiClient(httpsPort);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("appliance " + nodeId + " exited with " + process.exitValue() + ": " + log());
            }
            try {
                if (api.get("/health/ready", null).status() == 200) {
                    return this;
                }
            } catch (IllegalStateException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("appliance " + nodeId + " did not answer /health/ready within " + timeout + ": " + log());
    }

    public String nodeId() {
        return nodeId;
    }

    public int httpsPort() {
        return httpsPort;
    }

    /** {@code https://127.0.0.1:<port>}, the node's advertised URL. */
    public String base() {
        return "https://127.0.0.1:" + httpsPort;
    }

    public ApiClient api() {
        return new ApiClient(httpsPort);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** What {@code zvc-admin status} says, over the node's admin socket. */
    public JsonNode status() throws IOException {
        return AdminClient.forDataDir(dir.resolve("data")).call("status", Map.of()).path("result");
    }

    /** The data directory (the admin socket is there). */
    public Path dataDir() {
        return dir.resolve("data");
    }

    /** SIGKILL: no shutdown hook, no goodbye to the cluster; returns once the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("appliance " + nodeId + " survived SIGKILL for 30 s");
        }
    }

    /** The last lines of the node's output (for failure messages). */
    public String log() {
        var out = new StringBuilder();
        for (String f : List.of("stdout.log", "stderr.log")) {
            try {
                List<String> lines = Files.readAllLines(dir.resolve(f));
                out.append("\n--- ").append(nodeId).append(' ').append(f).append('\n')
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
            } catch (IOException e) {
                out.append("\n(no ").append(f).append(')');
            }
        }
        return out.toString();
    }

    /** A clean stop (SIGTERM), then SIGKILL if it takes over 20 s; its directory is removed. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        if (!process.isAlive()) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                // a temporary directory left behind
            }
        }
    }

    /** A port free for TCP and UDP alike (the media and TURN ports are both). */
    public static int freePort() throws IOException {
        for (int i = 0; i < 20; i++) {
            try (var s = new ServerSocket(0); var d = new DatagramSocket(s.getLocalPort())) {
                return s.getLocalPort();
            } catch (java.net.BindException e) {
                // taken for UDP: another
            }
        }
        throw new IOException("no port free for both TCP and UDP");
    }
}
