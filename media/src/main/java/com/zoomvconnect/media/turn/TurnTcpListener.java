package com.zoomvconnect.media.turn;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * TURN over plain TCP (RFC 8656 §3.1) on the TURN port, for networks that drop UDP but let TCP
 * out: one virtual thread per connection reads into a {@link StreamClientPath}, which frames the
 * stream and writes answers and relayed data. (TURN over TLS goes through the HTTPS port
 * instead, where the web server terminates TLS; see the appliance's {@code TurnOnHttpsPort}.)
 */
public final class TurnTcpListener implements AutoCloseable {
    /** Connections held open at once; beyond it new ones are closed at accept. */
    static final int MAX_CONNECTIONS = 10_000;

    private final ServerSocket socket;
    private final TurnServer server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean running = true;

    private TurnTcpListener(ServerSocket socket, TurnServer server) {
        this.socket = socket;
        this.server = server;
        this.acceptor = Thread.ofPlatform().name("turn-tcp-" + socket.getLocalPort()).daemon().start(this::acceptLoop);
    }

    public static TurnTcpListener bind(InetSocketAddress address, TurnServer server) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(address, 256);
        return new TurnTcpListener(s, server);
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    private void acceptLoop() {
        while (running) {
            Socket c;
            try {
                c = socket.accept();
            } catch (IOException e) {
                if (!running) {
                    return;
                }
                continue;
            }
            if (open.size() >= MAX_CONNECTIONS) {
                closeQuietly(c);
                continue;
            }
            open.add(c);
            Thread.ofVirtual().name("turn-tcp-client").start(() -> serve(c));
        }
    }

    private void serve(Socket c) {
        StreamClientPath path = null;
        try {
            c.setTcpNoDelay(true);
            OutputStream out = c.getOutputStream();
            path = new StreamClientPath(server, ClientTransport.TCP, (InetSocketAddress) c.getRemoteSocketAddress(),
                    (InetSocketAddress) c.getLocalSocketAddress(), out::write, () -> closeQuietly(c));
            InputStream in = c.getInputStream();
            byte[] chunk = new byte[16 * 1024];
            int n;
            while ((n = in.read(chunk)) > 0) {
                if (!path.feed(chunk, 0, n)) {
                    break;
                }
            }
        } catch (SocketException e) {
            // reset or closed under us: the connection is over
        } catch (IOException e) {
            // same
        } finally {
            if (path != null) {
                path.close();
            }
            closeQuietly(c);
            open.remove(c);
        }
    }

    private static void closeQuietly(Socket c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        running = false;
        closeQuietly(socket);
        open.forEach(TurnTcpListener::closeQuietly);
        acceptor.interrupt();
    }

    private static void closeQuietly(ServerSocket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
