package com.zoomvconnect.media.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one UDP socket of the media plane. A single platform thread receives into one reused
 * buffer and hands each datagram to the {@link PacketHandler}; sending is thread-safe
 * ({@link DatagramChannel#send} is atomic per datagram).
 */
public final class UdpEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UdpEndpoint.class);
    private static final int MAX_DATAGRAM = 1500 + 100;

    private final DatagramChannel channel;
    private final PacketHandler handler;
    private final NetCounters counters;
    private final Thread receiver;
    private final Map<InetSocketAddress, Path> paths = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    private UdpEndpoint(DatagramChannel channel, PacketHandler handler, NetCounters counters) {
        this.channel = channel;
        this.handler = handler;
        this.counters = counters;
        this.receiver = Thread.ofPlatform().name("media-udp-" + port()).daemon().start(this::receiveLoop);
    }

    /** Binds {@code address} (port 0 picks a free port) and starts receiving. */
    public static UdpEndpoint bind(InetSocketAddress address, PacketHandler handler, NetCounters counters) throws IOException {
        DatagramChannel ch = DatagramChannel.open();
        ch.setOption(StandardSocketOptions.SO_RCVBUF, 4 * 1024 * 1024);
        ch.setOption(StandardSocketOptions.SO_SNDBUF, 4 * 1024 * 1024);
        ch.bind(address);
        ch.configureBlocking(true);
        return new UdpEndpoint(ch, handler, counters);
    }

    public int port() {
        try {
            return ((InetSocketAddress) channel.getLocalAddress()).getPort();
        } catch (IOException e) {
            return -1;
        }
    }

    private void receiveLoop() {
        ByteBuffer buf = ByteBuffer.allocate(MAX_DATAGRAM);
        byte[] array = buf.array();
        while (running) {
            SocketAddress from;
            try {
                buf.clear();
                from = channel.receive(buf);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (running) {
                    LOG.warn("UDP receive failed", e);
                }
                continue;
            }
            if (!(from instanceof InetSocketAddress remote) || buf.position() == 0) {
                continue;
            }
            counters.udpReceived.increment();
            int len = buf.position();
            PacketKind kind = PacketKind.of(array[0]);
            if (kind == PacketKind.UNKNOWN) {
                counters.droppedUnknownKind.increment();
                continue;
            }
            try {
                handler.onPacket(kind, array, 0, len, path(remote));
            } catch (RuntimeException e) {
                // A bug in one packet's handling must not stop the port for everyone.
                counters.handlerErrors.increment();
                LOG.debug("Packet handler failed", e);
            }
        }
    }

    /** The path to a remote address (one small object per remote, reused for every packet). */
    public PacketPath path(InetSocketAddress remote) {
        Path p = paths.get(remote);
        if (p == null) {
            if (paths.size() > 100_000) {
                paths.clear(); // bounded: spoofed sources cannot grow this without limit
            }
            p = paths.computeIfAbsent(remote, Path::new);
        }
        return p;
    }

    /** Forgets a remote address once no session uses it. */
    public void forget(InetSocketAddress remote) {
        paths.remove(remote);
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

    private final class Path implements PacketPath {
        private final InetSocketAddress remote;

        Path(InetSocketAddress remote) {
            this.remote = remote;
        }

        @Override
        public boolean send(byte[] buf, int off, int len) {
            try {
                channel.send(ByteBuffer.wrap(buf, off, len), remote);
                counters.udpSent.increment();
                return true;
            } catch (IOException e) {
                counters.udpSendErrors.increment();
                return false;
            }
        }

        @Override
        public InetSocketAddress remote() {
            return remote;
        }

        @Override
        public String protocol() {
            return "udp";
        }

        @Override
        public boolean isOpen() {
            return running;
        }

        @Override
        public String toString() {
            return "udp:" + remote;
        }
    }
}
