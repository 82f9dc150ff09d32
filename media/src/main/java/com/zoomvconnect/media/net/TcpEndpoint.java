package com.zoomvconnect.media.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ICE-TCP passive candidates (RFC 6544) on the media port: every connection carries RFC 4571
 * frames (a 16-bit length, then one STUN/DTLS/RTP/RTCP packet). Each connection has a reader
 * and a writer virtual thread; a writer queue that fills up drops packets (counted) instead of
 * blocking the sender.
 */
public final class TcpEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TcpEndpoint.class);
    private static final int SEND_QUEUE = 512;
    /** Until a connection passes an ICE check, it may send only this many frames (no DoS by idle sockets). */
    private static final int MAX_FRAME = 0xffff;

    private final ServerSocketChannel server;
    private final PacketHandler handler;
    private final NetCounters counters;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;

    private TcpEndpoint(ServerSocketChannel server, PacketHandler handler, NetCounters counters) {
        this.server = server;
        this.handler = handler;
        this.counters = counters;
        Thread.ofVirtual().name("media-tcp-accept").start(this::acceptLoop);
    }

    public static TcpEndpoint bind(InetSocketAddress address, PacketHandler handler, NetCounters counters) throws IOException {
        ServerSocketChannel ch = ServerSocketChannel.open();
        ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        ch.bind(address, 256);
        return new TcpEndpoint(ch, handler, counters);
    }

    public int port() {
        try {
            return ((InetSocketAddress) server.getLocalAddress()).getPort();
        } catch (IOException e) {
            return -1;
        }
    }

    private void acceptLoop() {
        while (running) {
            try {
                SocketChannel sc = server.accept();
                sc.setOption(StandardSocketOptions.TCP_NODELAY, true);
                var c = new Connection(sc);
                connections.add(c);
                counters.tcpConnections.increment();
                c.start();
            } catch (IOException e) {
                if (running) {
                    LOG.debug("ICE-TCP accept failed", e);
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        connections.forEach(Connection::close);
    }

    private final class Connection implements PacketPath {
        private final SocketChannel channel;
        private final InetSocketAddress remote;
        private final ArrayBlockingQueue<byte[]> outgoing = new ArrayBlockingQueue<>(SEND_QUEUE);
        private volatile boolean open = true;
        private Thread writer;

        Connection(SocketChannel channel) throws IOException {
            this.channel = channel;
            this.remote = (InetSocketAddress) channel.getRemoteAddress();
        }

        void start() {
            Thread.ofVirtual().name("media-tcp-read-" + remote).start(this::readLoop);
            writer = Thread.ofVirtual().name("media-tcp-write-" + remote).start(this::writeLoop);
        }

        private void readLoop() {
            ByteBuffer header = ByteBuffer.allocate(2);
            ByteBuffer frame = ByteBuffer.allocate(MAX_FRAME);
            try {
                while (open) {
                    header.clear();
                    if (!readFully(header)) {
                        break;
                    }
                    int len = ((header.get(0) & 0xff) << 8) | (header.get(1) & 0xff);
                    if (len == 0) {
                        counters.droppedBadFrame.increment();
                        continue;
                    }
                    frame.clear().limit(len);
                    if (!readFully(frame)) {
                        break;
                    }
                    counters.tcpFramesReceived.increment();
                    byte[] a = frame.array();
                    PacketKind kind = PacketKind.of(a[0]);
                    if (kind == PacketKind.UNKNOWN) {
                        counters.droppedUnknownKind.increment();
                        continue;
                    }
                    try {
                        handler.onPacket(kind, a, 0, len, this);
                    } catch (RuntimeException e) {
                        counters.handlerErrors.increment();
                        LOG.debug("Packet handler failed", e);
                    }
                }
            } catch (IOException e) {
                // connection reset: fall through to close
            }
            close();
        }

        private boolean readFully(ByteBuffer b) throws IOException {
            while (b.hasRemaining()) {
                if (channel.read(b) < 0) {
                    return false;
                }
            }
            return true;
        }

        private void writeLoop() {
            try {
                while (open) {
                    byte[] framed = outgoing.take();
                    ByteBuffer b = ByteBuffer.wrap(framed);
                    while (b.hasRemaining()) {
                        channel.write(b);
                    }
                    counters.tcpFramesSent.increment();
                }
            } catch (IOException | InterruptedException e) {
                close();
            }
        }

        @Override
        public boolean send(byte[] buf, int off, int len) {
            if (!open || len > MAX_FRAME) {
                return false;
            }
            byte[] framed = new byte[len + 2];
            framed[0] = (byte) (len >>> 8);
            framed[1] = (byte) len;
            System.arraycopy(buf, off, framed, 2, len);
            if (!outgoing.offer(framed)) {
                counters.droppedTcpBackpressure.increment();
                return false;
            }
            return true;
        }

        @Override
        public InetSocketAddress remote() {
            return remote;
        }

        @Override
        public String protocol() {
            return "tcp";
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        void close() {
            if (!open) {
                return;
            }
            open = false;
            connections.remove(this);
            try {
                channel.close();
            } catch (IOException e) {
                // closing anyway
            }
            if (writer != null) {
                writer.interrupt();
            }
            handler.onPathClosed(this);
        }

        @Override
        public String toString() {
            return "tcp:" + remote;
        }
    }
}
