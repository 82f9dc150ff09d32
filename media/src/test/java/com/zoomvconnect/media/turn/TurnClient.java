package com.zoomvconnect.media.turn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.media.stun.Stun;
import com.zoomvconnect.media.stun.StunMessage;
import com.zoomvconnect.media.stun.StunWriter;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.Random;
import java.util.function.UnaryOperator;

/** A TURN client over a real loopback UDP socket, doing the long-term credential dance as a browser does. */
final class TurnClient implements AutoCloseable {
    private static final Random RANDOM = new Random(8656);
    final DatagramSocket socket;
    final InetSocketAddress server;
    String username;
    String password;
    String realm;
    String nonce;

    TurnClient(InetSocketAddress server) throws IOException {
        this.server = server;
        this.socket = new DatagramSocket(new InetSocketAddress(server.getAddress(), 0));
        socket.setSoTimeout(5000);
    }

    TurnClient credentials(TurnCredentials.Issued c) {
        this.username = c.username();
        this.password = c.password();
        return this;
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    static byte[] tid() {
        byte[] t = new byte[12];
        synchronized (RANDOM) {
            RANDOM.nextBytes(t);
        }
        return t;
    }

    byte[] key() {
        return TurnCredentials.longTermKey(username, realm, password);
    }

    /** Sends a request once, signed if a realm and nonce are known; returns the response. */
    StunMessage requestOnce(int method, byte[] tid, UnaryOperator<StunWriter> attributes) throws Exception {
        StunWriter w = attributes.apply(new StunWriter(method, tid));
        if (realm != null && nonce != null && username != null) {
            w.username(username).realm(realm).nonce(nonce).messageIntegrity(key());
        }
        send(w.toBytes());
        while (true) {
            byte[] r = receive();
            if ((r[0] & 0xC0) == 0) {
                StunMessage m = StunMessage.parse(r, 0, r.length);
                if (Arrays.equals(m.transactionId(), tid)) {
                    return m;
                }
            }
        }
    }

    /** A request as a browser makes it: on 401 or 438, learn realm and nonce and try again. */
    StunMessage request(int method, UnaryOperator<StunWriter> attributes) throws Exception {
        for (int attempt = 0; ; attempt++) {
            StunMessage m = requestOnce(method, tid(), attributes);
            int code = m.errorCode().orElse(0);
            if ((code == 401 || code == 438) && attempt < 2 && m.nonce().isPresent()) {
                realm = m.realm().orElseThrow();
                nonce = m.nonce().orElseThrow();
                continue;
            }
            return m;
        }
    }

    StunMessage allocate() throws Exception {
        return request(Stun.ALLOCATE, w -> w.int32(Stun.REQUESTED_TRANSPORT, 17 << 24));
    }

    void send(byte[] b) throws IOException {
        socket.send(new DatagramPacket(b, b.length, server));
    }

    byte[] receive() throws IOException {
        var p = new DatagramPacket(new byte[70_000], 70_000);
        socket.receive(p);
        return Arrays.copyOf(p.getData(), p.getLength());
    }

    /** True if nothing arrives within {@code millis}. */
    boolean silentFor(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            receive();
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } finally {
            socket.setSoTimeout(5000);
        }
    }

    static void assertSuccess(StunMessage m) {
        assertTrue(Stun.messageClass(m.type()) == Stun.CLASS_SUCCESS, "success expected, got error " + m.errorCode());
    }

    @Override
    public void close() {
        socket.close();
    }
}
