package com.zoomvconnect.media.turn;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * TURN over UDP: one socket, one platform thread receiving into one reused buffer, one
 * {@link ClientPath} per client address (so a 5-tuple's look-up costs nothing per packet).
 */
public final class TurnUdpListener implements AutoCloseable {
    private static final int MAX_DATAGRAM = 65_535;

    private final DatagramChannel channel;
    private final TurnServer server;
    private final InetSocketAddress local;
    private final Map<InetSocketAddress, Path> paths = new ConcurrentHashMap<>();
    private final Thread receiver;
    private volatile boolean running = true;

    private TurnUdpListener(DatagramChannel channel, TurnServer server) throws IOException {
        this.channel = channel;
        this.server = server;
        this.local = (InetSocketAddress) channel.getLocalAddress();
        this.receiver = Thread.ofPlatform().name("turn-udp-" + local.getPort()).daemon().start(this::receiveLoop);
    }

    public static TurnUdpListener bind(InetSocketAddress address, TurnServer server) throws IOException {
        DatagramChannel ch = DatagramChannel.open();
        ch.bind(address);
        return new TurnUdpListener(ch, server);
    }

    public InetSocketAddress localAddress() {
        return local;
    }

    private void receiveLoop() {
        ByteBuffer buf = ByteBuffer.allocate(MAX_DATAGRAM);
        while (running) {
            SocketAddress from;
            try {
                buf.clear();
                from = channel.receive(buf);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                continue;
            }
            if (from instanceof InetSocketAddress remote) {
                buf.flip();
                try {
                    server.onPacket(buf, path(remote));
                } catch (RuntimeException e) {
                    // A bug in one message's handling must not stop the port for everyone.
                    server.counters().dropped(TurnDrop.INTERNAL_ERROR);
                }
            }
        }
    }

    private Path path(InetSocketAddress remote) {
        Path p = paths.get(remote);
        if (p == null) {
            if (paths.size() > 100_000) {
                paths.clear(); // bounded: spoofed sources cannot grow this without limit
            }
            p = paths.computeIfAbsent(remote, Path::new);
        }
        return p;
    }

    @Override
    public void close() {
        running = false;
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
        receiver.interrupt();
    }

    private final class Path implements ClientPath {
        private final InetSocketAddress remote;
        private final FiveTuple fiveTuple;

        Path(InetSocketAddress remote) {
            this.remote = remote;
            this.fiveTuple = new FiveTuple(ClientTransport.UDP, remote, local);
        }

        @Override
        public boolean send(ByteBuffer message) {
            try {
                channel.send(message, remote);
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public FiveTuple fiveTuple() {
            return fiveTuple;
        }
    }
}
