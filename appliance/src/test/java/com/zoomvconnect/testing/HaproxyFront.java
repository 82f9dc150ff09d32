package com.zoomvconnect.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's HAProxy ({@code apt-get install haproxy}) run as a child process with the configuration
 * docs/cluster.md shows ("HAProxy in front"), read from the document itself so the two cannot
 * drift: only its listening ports and the nodes' addresses are replaced by loopback ones. The names
 * stay the document's ({@code meet.example.com}, {@code node1.meet.example.com}, …): a browser maps
 * them to 127.0.0.1 with {@link #RESOLVER_RULES}, a node's JVM with a hosts file ({@link #hostsFile}).
 * A missing haproxy is an error, never a skip.
 */
public final class HaproxyFront implements AutoCloseable {
    private static final Path DOC = Path.of("..", "docs", "cluster.md");
    private static final String BINARY = "/usr/sbin/haproxy";
    /** The names the documented configuration routes on. */
    public static final String SHARED_NAME = "meet.example.com";
    /** Chromium's flag that sends the document's names to loopback, where this HAProxy listens. */
    public static final String RESOLVER_RULES = "--host-resolver-rules=MAP " + SHARED_NAME + " 127.0.0.1, MAP *."
            + SHARED_NAME + " 127.0.0.1";

    private final Path dir;
    private final int httpsPort;
    private final int httpPort;
    private final Process process;

    private HaproxyFront(Path dir, int httpsPort, int httpPort, Process process) {
        this.dir = dir;
        this.httpsPort = httpsPort;
        this.httpPort = httpPort;
        this.process = process;
    }

    /** Node {@code i}'s own name (1-based), which the front routes by SNI to that node. */
    public static String nodeName(int i) {
        return "node" + i + "." + SHARED_NAME;
    }

    /** A hosts file for a JVM ({@code -Djdk.net.hosts.file}) that resolves the document's names to loopback. */
    public static Path hostsFile(Path dir, int nodes) throws IOException {
        var line = new StringBuilder("127.0.0.1 localhost ").append(SHARED_NAME);
        for (int i = 1; i <= nodes; i++) {
            line.append(' ').append(nodeName(i));
        }
        return Files.writeString(dir.resolve("hosts"), line.append('\n').toString());
    }

    /** The configuration block of docs/cluster.md's "HAProxy in front" section, as written there. */
    public static String documentedConfiguration() throws IOException {
        String doc = Files.readString(DOC);
        int section = doc.indexOf("## HAProxy in front");
        int open = doc.indexOf("```\n", section);
        int close = doc.indexOf("```", open + 4);
        if (section < 0 || open < 0 || close < 0) {
            throw new AssertionError("no configuration block under \"HAProxy in front\" in " + DOC);
        }
        return doc.substring(open + 4, close);
    }

    /**
     * The documented configuration listening on loopback ports {@code httpsPort} and {@code httpPort}
     * instead of 443 and 80, with node {@code i} at {@code 127.0.0.1:nodePorts[i-1]} instead of the
     * document's 10.0.0.1i:8443. The document's example has two nodes, so this takes two.
     */
    public static String forLoopback(String documented, int httpsPort, int httpPort, List<Integer> nodePorts) {
        if (nodePorts.size() != 2) {
            throw new IllegalArgumentException("the documented configuration names two nodes, not " + nodePorts.size());
        }
        String config = replace(documented, "bind :443\n", "bind 127.0.0.1:" + httpsPort + "\n");
        config = replace(config, "bind :80\n", "bind 127.0.0.1:" + httpPort + "\n");
        for (int i = 0; i < nodePorts.size(); i++) {
            config = replace(config, "10.0.0.1" + (i + 1) + ":8443", "127.0.0.1:" + nodePorts.get(i));
        }
        return config;
    }

    private static String replace(String config, String documented, String loopback) {
        if (!config.contains(documented)) {
            throw new AssertionError("docs/cluster.md's HAProxy configuration no longer has '" + documented.strip()
                    + "': change HaproxyFront with it");
        }
        return config.replace(documented, loopback);
    }

    /**
     * Runs HAProxy in the foreground on the documented configuration for loopback, after a global
     * section of its own (Debian's daemonises, chroots and logs to syslog): logs to
     * {@code dir/haproxy.log}, and a stats socket in {@code dir} for {@link #servers()}.
     */
    public static HaproxyFront start(Path dir, int httpsPort, int httpPort, List<Integer> nodePorts) throws IOException {
        if (!Files.isExecutable(Path.of(BINARY))) {
            throw new IllegalStateException("HAProxy not found at " + BINARY + ": install it with apt-get install haproxy");
        }
        Path global = Files.writeString(dir.resolve("global.cfg"), """
                global
                    log stdout format iso local0
                    stats socket %s mode 600 level admin
                """.formatted(dir.resolve("haproxy.sock")));
        Path front = Files.writeString(dir.resolve("zoomvconnect.cfg"),
                forLoopback(documentedConfiguration(), httpsPort, httpPort, nodePorts));
        var pb = new ProcessBuilder(BINARY, "-db", "-f", global.toString(), "-f", front.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("haproxy.log").toFile());
        return new HaproxyFront(dir, httpsPort, httpPort, pb.start());
    }

    /** Waits until every server of every backend passes its health check; fails with the log otherwise. */
    public HaproxyFront awaitAllUp(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Server> last = Map.of();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("haproxy exited with " + process.exitValue() + ": " + log());
            }
            try {
                last = servers();
                if (!last.isEmpty() && last.values().stream().allMatch(s -> s.status().equals("UP"))) {
                    return this;
                }
            } catch (IOException e) {
                // the stats socket is not there yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("haproxy's servers not all up within " + timeout + ": " + last + log());
    }

    /** The port that stands for 443. */
    public int httpsPort() {
        return httpsPort;
    }

    /** The port that stands for 80. */
    public int httpPort() {
        return httpPort;
    }

    /** One server line of {@code show stat}: its health-check status and the sessions it was given in all. */
    public record Server(String status, long sessions) {
    }

    /** Every backend's servers by {@code backend/server} (e.g. {@code zvc_any/node1}), from the stats socket. */
    public Map<String, Server> servers() throws IOException {
        String csv = command("show stat");
        List<String> lines = csv.lines().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty() || !lines.get(0).startsWith("# ")) {
            throw new IOException("unexpected answer to show stat: " + csv);
        }
        List<String> header = List.of(lines.get(0).substring(2).split(","));
        int status = header.indexOf("status");
        int total = header.indexOf("stot");
        var out = new HashMap<String, Server>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            if (!f[1].equals("FRONTEND") && !f[1].equals("BACKEND")) {
                out.put(f[0] + "/" + f[1], new Server(f[status], Long.parseLong(f[total])));
            }
        }
        return out;
    }

    /** One command on HAProxy's stats socket, and its whole answer. */
    private String command(String command) throws IOException {
        try (var ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(dir.resolve("haproxy.sock")));
            ch.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
            var out = new ByteArrayOutputStream();
            var buf = ByteBuffer.allocate(8192);
            while (ch.read(buf) >= 0) {
                out.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            return out.toString(StandardCharsets.US_ASCII);
        }
    }

    /** HAProxy's log (connections as {@code option tcplog} writes them, and servers going up or down). */
    public String log() {
        try {
            return "\n--- haproxy.log\n" + Files.readString(dir.resolve("haproxy.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
