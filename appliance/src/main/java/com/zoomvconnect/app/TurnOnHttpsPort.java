package com.zoomvconnect.app;

import com.zoomvconnect.media.turn.ClientTransport;
import com.zoomvconnect.media.turn.StreamClientPath;
import com.zoomvconnect.media.turn.TurnServer;
import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Semaphore;

/**
 * TURN over TLS on the HTTPS port (RFC 8656 §3.1), so a network that lets only TCP 443 out still
 * reaches the relay and an admin opens no third port. The web server terminates TLS as for any
 * browser, then looks at the first bytes of the decrypted stream: an HTTP request starts with a
 * method name (or HTTP/2's preface), a TURN client's first message is a STUN request — two zero
 * top bits and the magic cookie 0x2112A442 in bytes 4-7 (RFC 8489 §5), which no HTTP request
 * line has. Such a connection is handed to the TURN server as a {@link StreamClientPath}.
 * Chosen over ALPN or SNI because browsers' TURN/TLS clients send neither reliably; the ALPN id
 * "stun.turn" (RFC 7443) is accepted when a client does offer it.
 */
final class TurnOnHttpsPort implements ServerConnectionSelector {
    private static final int STUN_HEADER_PREFIX = 8;
    private static final int MAGIC_COOKIE = 0x2112A442;

    private final TurnServer server;

    TurnOnHttpsPort(TurnServer server) {
        this.server = server;
    }

    @Override
    public int bytesToIdentifyConnection() {
        return STUN_HEADER_PREFIX;
    }

    @Override
    public Support supports(BufferData data) {
        int first = data.get(0) & 0xff;
        int cookie = ((data.get(4) & 0xff) << 24) | ((data.get(5) & 0xff) << 16) | ((data.get(6) & 0xff) << 8) | (data.get(7) & 0xff);
        return (first & 0xC0) == 0 && cookie == MAGIC_COOKIE ? Support.SUPPORTED : Support.UNSUPPORTED;
    }

    @Override
    public Set<String> supportedApplicationProtocols() {
        return Set.of("stun.turn");
    }

    @Override
    public ServerConnection connection(ConnectionContext ctx) {
        return new TurnConnection(ctx);
    }

    /** One TURN client's connection: reads on the web server's connection thread, writes through the path. */
    private final class TurnConnection implements ServerConnection {
        private final ConnectionContext ctx;
        private final StreamClientPath path;
        private volatile long lastReadNanos = System.nanoTime();

        TurnConnection(ConnectionContext ctx) {
            this.ctx = ctx;
            this.path = new StreamClientPath(server, ctx.isSecure() ? ClientTransport.TLS : ClientTransport.TCP,
                    (InetSocketAddress) ctx.remotePeer().address(), (InetSocketAddress) ctx.localPeer().address(),
                    message -> ctx.dataWriter().writeNow(BufferData.create(message)), () -> ctx.serverSocket().close());
        }

        @Override
        public void handle(Semaphore requestSemaphore) {
            serve();
        }

        @Override
        public void handle(Limit limit) {
            serve();
        }

        private void serve() {
            DataReader reader = ctx.dataReader();
            byte[] chunk = new byte[16 * 1024];
            try {
                while (true) {
                    reader.ensureAvailable();
                    int n = Math.min(reader.available(), chunk.length);
                    reader.readBuffer(n).read(chunk, 0, n);
                    lastReadNanos = System.nanoTime();
                    if (!path.feed(chunk, 0, n)) {
                        return;
                    }
                }
            } catch (DataReader.InsufficientDataAvailableException | java.io.UncheckedIOException e) {
                // The client closed the connection (or the socket was closed under us).
            } finally {
                path.close();
            }
        }

        @Override
        public Duration idleTime() {
            return Duration.ofNanos(System.nanoTime() - lastReadNanos);
        }

        @Override
        public void close(boolean interrupt) {
            path.close();
        }
    }
}
