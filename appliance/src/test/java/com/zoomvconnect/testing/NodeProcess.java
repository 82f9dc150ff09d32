package com.zoomvconnect.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.admin.AdminClient;
import com.zoomvconnect.app.Main;
import com.zoomvconnect.store.DatabaseConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;

/**
 * One appliance in a JVM of its own (a node of a cluster, or one on its own), started from the
 * test's class path with the real launcher ({@link Main}) and configured through {@code ZVC_*}
 * variables, on loopback ports: it can be killed with SIGKILL like a production process, and what
 * it measures of itself is its own. A cluster node's data directory gets the token key given
 * (every node of a cluster shares it, docs/cluster.md "Set-up").
 */
public final class NodeProcess implements AutoCloseable {
    /** The C1 compiler only: three JVMs start on two cores in half the time; the figures of a test do not matter. */
    public static final List<String> TEST_JVM_OPTIONS = List.of("-Xmx384m", "-XX:TieredStopAtLevel=1");

    /**
     * Nodes still running: ended if the test JVM is stopped (surefire's timeout, Ctrl-C) before their
     * tests close them, so no appliance outlives the run holding its ports and a core.
     */
    private static final java.util.Set<Process> RUNNING = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly), "node-processes-end"));
    }

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
        var settings = new HashMap<String, String>(Map.of("database.url", db.url(), "database.user", db.user(),
                "database.password", db.password(), "cluster.enabled", "true", "cluster.node-id", nodeId));
        cluster.forEach((k, v) -> settings.put("cluster." + k, v));
        // The node's own loopback URL, unless the caller names it (HaproxyFrontTest: its name on the front).
        return launch(nodeId, tokenKey, settings, jvmOptions, https -> cluster.containsKey("advertised-url") ? Map.of()
                : Map.of("cluster.advertised-url", "https://127.0.0.1:" + https));
    }

    /**
     * One appliance on its own, no cluster: embedded H2 in its data directory, open registration,
     * and these {@code settings} (keys as in the YAML file, e.g. {@code recording.transcription}).
     * Returns at once, see {@link #awaitReady}.
     */
    public static NodeProcess single(String name, Map<String, String> settings, List<String> jvmOptions) {
        var all = new HashMap<String, String>(Map.of("auth.registration.policy", "open"));
        all.putAll(settings);
        return launch(name, null, all, jvmOptions, https -> Map.of());
    }

    /**
     * The launcher: loopback ports, no redirect socket, no free-disk floor for recordings, then
     * {@code settings} and what {@code byPort} derives from the HTTPS port, as {@code ZVC_*}
     * variables. A {@code tokenKey} (or null: the appliance makes one) goes into its data directory.
     */
    private static NodeProcess launch(String nodeId, byte[] tokenKey, Map<String, String> settings, List<String> jvmOptions,
                                      java.util.function.IntFunction<Map<String, String>> byPort) {
        Path launcher = Path.of(System.getProperty("java.home"), "bin", "java");
        if (!Files.isExecutable(launcher)) {
            throw new AssertionError("no java launcher at " + launcher + " to start appliance " + nodeId + " in a process of its own");
        }
        try {
            Path dir = Files.createTempDirectory("zvc-node-" + nodeId + "-");
            Path secrets = Files.createDirectories(dir.resolve("data").resolve("secrets"));
            if (tokenKey != null) {
                Files.write(secrets.resolve("token.key"), tokenKey);
            }
            int https = Ports.free();
            var all = new HashMap<String, String>(Map.of("data.dir", dir.resolve("data").toString(), "server.host", "127.0.0.1",
                    "server.port", Integer.toString(https), "server.redirect.port", "-1",
                    "media.port", Integer.toString(Ports.free()), "turn.port", Integer.toString(Ports.free()),
                    "recording.min.free.mb", "0"));
            all.putAll(settings);
            all.putAll(byPort.apply(https));
            var command = new java.util.ArrayList<String>();
            command.add(launcher.toString());
            command.addAll(jvmOptions);
            command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    Main.class.getName()));
            var pb = new ProcessBuilder(command).directory(dir.toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("ZVC_"));
            all.forEach((k, v) -> pb.environment().put(envName(k), v));
            pb.redirectOutput(dir.resolve("stdout.log").toFile());
            pb.redirectError(dir.resolve("stderr.log").toFile());
            Process process = pb.start();
            RUNNING.add(process);
            process.onExit().thenRun(() -> RUNNING.remove(process));
            return new NodeProcess(nodeId, dir, https, process);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code cluster.node-id} is {@code ZVC_CLUSTER_NODE__ID} (docs/configuration.md: {@code .} is {@code _}, {@code -} is {@code __}). */
    static String envName(String key) {
        return "ZVC_" + key.toUpperCase(Locale.ROOT).replace("-", "__").replace('.', '_');
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

    /**
     * The node's {@code /metrics}, one value per meter name (the first series of each, labels
     * dropped): e.g. {@code zvc_sfu_packet_caches}, {@code zvc_db_connections}.
     */
    public Map<String, Double> metrics() {
        var r = api().get("/metrics", null);
        if (r.status() != 200) {
            throw new IllegalStateException("/metrics -> " + r.status() + " " + r.body());
        }
        var values = new HashMap<String, Double>();
        for (String line : r.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int end = line.indexOf('{') >= 0 ? line.indexOf('{') : line.indexOf(' ');
            values.putIfAbsent(line.substring(0, end), Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
        }
        return values;
    }

    /** The process id (for {@code jcmd} and {@code /proc/<pid>}). */
    public long pid() {
        return process.pid();
    }

    /** Everything the node has written so far, standard output then standard error. */
    public List<String> output() {
        var lines = new java.util.ArrayList<String>();
        for (String f : List.of("stdout.log", "stderr.log")) {
            try {
                lines.addAll(Files.readAllLines(dir.resolve(f)));
            } catch (IOException e) {
                lines.add("(no " + f + ": " + e.getMessage() + ")");
            }
        }
        return lines;
    }

    /**
     * A JUnit extension that prints the last lines of every node's output when a test fails, before
     * the nodes stop and their directories go: register it with the list the test keeps its nodes in.
     */
    public static AfterTestExecutionCallback logsOnFailure(List<NodeProcess> nodes) {
        return context -> context.getExecutionException().ifPresent(e -> {
            for (NodeProcess n : List.copyOf(nodes)) {
                System.out.println(context.getDisplayName() + " failed; output of " + n.log());
            }
        });
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

}
