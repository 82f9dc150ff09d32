package com.zoomvconnect.signal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zoomvconnect.testing.ApiClient;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import javax.net.ssl.SSLSocket;

/**
 * A WebSocket client on a bare TLS socket that reads only when told to and parses every frame
 * strictly (RFC 6455 §5.2): an unmasked server frame, FIN set, no RSV bits, a known opcode, and a
 * text payload that is whole UTF-8 JSON. Anything else is a {@link MalformedFrame}. Unlike
 * {@code java.net.http.WebSocket} it can stop reading, as a client on a stalled network does.
 */
final class RawSignalSocket implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A frame that a conforming server never sends. */
    static final class MalformedFrame extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MalformedFrame(String message) {
            super(message);
        }
    }

    /** One server frame: a text message (JSON), or the close with its status. */
    record Frame(JsonNode json, int closeCode) {
        boolean isClose() {
            return json == null;
        }
    }

    private final Socket tcp;
    private final SSLSocket socket;
    private final DataInputStream in;
    private final OutputStream out;

    /** Opens and upgrades; {@code receiveBuffer} > 0 shrinks the TCP window the server sees. */
    RawSignalSocket(int port, int receiveBuffer) throws IOException {
        tcp = new Socket();
        if (receiveBuffer > 0) {
            tcp.setReceiveBufferSize(receiveBuffer); // before connect, so the window scale stays small
        }
        tcp.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        tcp.setSoTimeout(30_000);
        socket = (SSLSocket) ApiClient.trustAll().getSocketFactory().createSocket(tcp, "localhost", port, true);
        out = socket.getOutputStream();
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        out.write(("GET " + SignalEndpoint.PATH + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(nonce) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        in = new DataInputStream(socket.getInputStream());
        String head = readHead(in);
        if (!head.startsWith("HTTP/1.1 101")) {
            throw new IOException("upgrade refused: " + head);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        var head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("no upgrade answer");
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** Sends one masked text frame (clients must mask, RFC 6455 §5.3). */
    synchronized void send(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        var frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(0x81);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift) & 0xff);
            }
        }
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /**
     * The next text message or close frame; pings are skipped. Throws {@link MalformedFrame} for
     * a broken stream, {@link EOFException} or {@link SocketException} when the connection ends.
     */
    Frame next() throws IOException {
        while (true) {
            int b0 = in.readUnsignedByte();
            int b1 = in.readUnsignedByte();
            boolean fin = (b0 & 0x80) != 0;
            int opcode = b0 & 0x0f;
            if ((b0 & 0x70) != 0) {
                throw new MalformedFrame("RSV bits set: " + Integer.toHexString(b0));
            }
            if ((b1 & 0x80) != 0) {
                throw new MalformedFrame("server frame is masked");
            }
            long length = b1 & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            if (length > SignalCodec.MAX_MESSAGE_CHARS * 4L) {
                throw new MalformedFrame("frame length " + length);
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            switch (opcode) {
                case 0x1 -> {
                    if (!fin) {
                        throw new MalformedFrame("fragmented text (the server sends whole messages)");
                    }
                    return new Frame(json(payload), 0);
                }
                case 0x8 -> {
                    int code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                    if (payload.length > 2) {
                        utf8(payload, 2);
                    }
                    return new Frame(null, code);
                }
                case 0x9, 0xA -> {
                    // control frames between messages are fine
                }
                default -> throw new MalformedFrame("opcode " + opcode);
            }
        }
    }

    /** The next message that is not a chat, for a client that does not care about the flood. */
    Frame nextType(String type) throws IOException {
        while (true) {
            Frame f = next();
            if (f.isClose() || f.json().path("type").asText().equals(type)) {
                return f;
            }
        }
    }

    private static JsonNode json(byte[] payload) {
        String text = utf8(payload, 0);
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || !node.isObject() || !node.path("type").isTextual()) {
                throw new MalformedFrame("not a signaling message: " + abbreviate(text));
            }
            return node;
        } catch (IOException e) {
            throw new MalformedFrame("text frame is not JSON: " + abbreviate(text));
        }
    }

    private static String utf8(byte[] payload, int offset) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload, offset, payload.length - offset)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedFrame("payload is not UTF-8");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 60) + "…" + s.substring(s.length() - 60);
    }

    /** Drops the TCP connection at once, even while a write is blocked (TLS's close would wait for it). */
    @Override
    public void close() {
        try {
            tcp.setSoLinger(true, 0);
            tcp.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
