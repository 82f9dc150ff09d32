package com.zoomvconnect.media.turn;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A TURN server on loopback UDP with a fake clock and one real peer socket, for the flow tests. */
abstract class TurnServerFixture {
    static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    static final InetAddress LO = InetAddress.getLoopbackAddress();
    /** Outside the allow-list (which holds only 127.0.0.1): a documentation address, RFC 5737. */
    static final InetSocketAddress FORBIDDEN = new InetSocketAddress("192.0.2.10", 5000);

    final FakeClock clock = new FakeClock(1_800_000_000_000L);
    TurnServer server;
    TurnUdpListener listener;
    DatagramSocket peer;

    @BeforeEach
    void start() throws Exception {
        start(TurnConfig.defaults("zvc.test", SECRET, LO, RelayPolicy.only(List.of("127.0.0.1"))));
    }

    void start(TurnConfig config) throws Exception {
        stop();
        server = new TurnServer(config, clock);
        listener = TurnUdpListener.bind(new InetSocketAddress(LO, 0), server);
        peer = new DatagramSocket(new InetSocketAddress(LO, 0));
        peer.setSoTimeout(5000);
    }

    @AfterEach
    void stop() {
        if (listener != null) {
            listener.close();
            server.close();
            peer.close();
        }
    }

    TurnClient client(String participant) throws Exception {
        return new TurnClient(listener.localAddress())
                .credentials(TurnCredentials.issue(SECRET, participant, clock.epochSeconds() + 86_400));
    }

    InetSocketAddress peerAddress() {
        return (InetSocketAddress) peer.getLocalSocketAddress();
    }

    /** Fails if the peer receives anything within its current timeout. */
    void assertPeerGetsNothing() {
        try {
            peer.receive(new DatagramPacket(new byte[100], 100));
            throw new AssertionError("the peer received something");
        } catch (java.net.SocketTimeoutException expected) {
            // nothing relayed
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
