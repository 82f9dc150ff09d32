package com.zoomvconnect.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The CLI's side of the admin channel: one request, one response. */
public final class AdminClient {
    private final Path socket;
    private final String key;

    private AdminClient(Path socket, String key) {
        this.socket = socket;
        this.key = key;
    }

    /** A client if the appliance's socket exists (whether it answers is seen on the first call). */
    public static AdminClient forDataDir(Path dataDir) throws IOException {
        Path socket = AdminChannel.socketPath(dataDir);
        if (!Files.exists(socket)) {
            return null;
        }
        String key = Files.readString(AdminChannel.keyPath(dataDir), StandardCharsets.US_ASCII).strip();
        return new AdminClient(socket, key);
    }

    /** Sends a command; returns the response ({@code ok}, {@code result} or {@code error}). */
    public JsonNode call(String command, Map<String, String> args) throws IOException {
        var req = new LinkedHashMap<String, Object>();
        req.put("key", key);
        req.put("command", command);
        req.put("args", args);
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(socket));
            c.write(ByteBuffer.wrap((AdminChannel.JSON.writeValueAsString(req) + "\n").getBytes(StandardCharsets.UTF_8)));
            return AdminChannel.JSON.readTree(Channels.newInputStream(c));
        }
    }
}
