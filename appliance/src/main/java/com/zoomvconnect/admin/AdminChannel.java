package com.zoomvconnect.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zoomvconnect.error.AppException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running appliance's local admin channel: a Unix domain socket ({@code <data>/admin.sock},
 * mode 0600) on which {@code zvc-admin} sends one JSON request per connection —
 * {@code {"key": ..., "command": ..., "args": {...}}} — and reads one JSON response,
 * {@code {"ok": true, "result": ...}} or {@code {"ok": false, "error": {"code", "message"}}}.
 * The key is the content of {@code <data>/secrets/admin.key} (0600, readable by the service user
 * and root only), so only those who can read it administer the appliance.
 */
public final class AdminChannel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminChannel.class);
    static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REQUEST = 1024 * 1024;

    private final ServerSocketChannel server;
    private final Path socket;
    private final byte[] key;
    private final AdminService service;
    private final Thread acceptor;
    private volatile boolean open = true;

    private AdminChannel(ServerSocketChannel server, Path socket, byte[] key, AdminService service) {
        this.server = server;
        this.socket = socket;
        this.key = key;
        this.service = service;
        this.acceptor = Thread.ofVirtual().name("admin-channel").start(this::acceptLoop);
    }

    /** The socket path for a data directory. */
    public static Path socketPath(Path dataDir) {
        return dataDir.resolve("admin.sock");
    }

    /** The key file for a data directory. */
    public static Path keyPath(Path dataDir) {
        return dataDir.resolve("secrets").resolve("admin.key");
    }

    public static AdminChannel start(Path dataDir, AdminService service) throws IOException {
        byte[] key = loadOrCreateKey(keyPath(dataDir));
        Path socket = socketPath(dataDir);
        Files.deleteIfExists(socket); // left by a crash; a running appliance holds the H2 lock, so this is ours
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        ch.bind(UnixDomainSocketAddress.of(socket));
        try {
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the key still guards the channel
        }
        return new AdminChannel(ch, socket, key, service);
    }

    static byte[] loadOrCreateKey(Path file) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.US_ASCII).strip().getBytes(StandardCharsets.US_ASCII);
        }
        Files.createDirectories(file.getParent());
        byte[] raw = new byte[32];
        new java.security.SecureRandom().nextBytes(raw);
        String hex = java.util.HexFormat.of().formatHex(raw);
        Path tmp = file.resolveSibling("admin.key.tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, hex + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return hex.getBytes(StandardCharsets.US_ASCII);
    }

    private void acceptLoop() {
        while (open) {
            try {
                SocketChannel c = server.accept();
                Thread.ofVirtual().name("admin-request").start(() -> serve(c));
            } catch (IOException e) {
                if (open) {
                    LOG.warn("Admin channel accept failed: {}", e.getMessage());
                }
            }
        }
    }

    private void serve(SocketChannel c) {
        try (c) {
            byte[] request = readRequest(c);
            Map<String, Object> response = handle(request);
            c.write(ByteBuffer.wrap((JSON.writeValueAsString(response) + "\n").getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            LOG.debug("Admin request failed: {}", e.getMessage());
        }
    }

    private static byte[] readRequest(SocketChannel c) throws IOException {
        var in = Channels.newInputStream(c);
        var out = new java.io.ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            out.write(b);
            if (out.size() > MAX_REQUEST) {
                throw new IOException("admin request too large");
            }
        }
        return out.toByteArray();
    }

    Map<String, Object> handle(byte[] request) {
        JsonNode req;
        try {
            req = JSON.readTree(request);
        } catch (IOException e) {
            return error("malformed_json", "The request is not JSON");
        }
        if (req == null || !req.isObject()) {
            return error("malformed_json", "The request must be a JSON object");
        }
        byte[] given = req.path("key").asText("").getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(given, key)) {
            return error("unauthorized", "Wrong admin key (read it from " + socket.getParent().resolve("secrets/admin.key") + ")");
        }
        Map<String, String> args = new LinkedHashMap<>();
        if (req.path("args") instanceof ObjectNode o) {
            o.fields().forEachRemaining(e -> args.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
        }
        try {
            Object result = service.execute(req.path("command").asText(""), args);
            var ok = new LinkedHashMap<String, Object>();
            ok.put("ok", true);
            ok.put("result", result);
            return ok;
        } catch (AppException e) {
            return error(e.errorCode().code(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Admin command {} failed", req.path("command").asText(), e);
            return error("internal_error", "The command failed: " + e.getMessage());
        }
    }

    static Map<String, Object> error(String code, String message) {
        var err = new LinkedHashMap<String, Object>();
        err.put("code", code);
        err.put("message", message);
        var m = new LinkedHashMap<String, Object>();
        m.put("ok", false);
        m.put("error", err);
        return m;
    }

    @Override
    public void close() {
        open = false;
        try {
            server.close();
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            // closing anyway
        }
        acceptor.interrupt();
    }
}
