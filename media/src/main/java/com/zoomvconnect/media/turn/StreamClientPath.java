package com.zoomvconnect.media.turn;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One TURN client on a stream connection (TCP, or TLS such as the HTTPS port's, RFC 8656 §3.1):
 * the bytes its connection's reader receives are cut into messages ({@link StreamFramer}) and
 * handed to the server; what the server sends is queued and written by this path's own virtual
 * thread, so the relay's receive thread never waits on a slow TCP peer. A full queue drops the
 * message ({@link TurnDrop#STREAM_BACKLOG}), as a congested UDP path would lose it: media is
 * real-time, and a TCP peer that cannot keep up is better served by the sender's congestion
 * control than by seconds of queue. Closing the path removes its allocation (§3.1: the allocation
 * lives as long as the connection).
 */
public final class StreamClientPath implements ClientPath, AutoCloseable {
    /** Messages queued for a slow peer before dropping: about a second of one HD video stream. */
    static final int QUEUE = 512;
    private static final byte[] POISON = new byte[0];

    /** Where the path's bytes go: the connection's blocking write (called by one thread only). */
    @FunctionalInterface
    public interface Output {
        void write(byte[] message) throws IOException;
    }

    private final TurnServer server;
    private final FiveTuple fiveTuple;
    private final Output output;
    private final Runnable closeConnection;
    private final StreamFramer framer = new StreamFramer();
    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final StreamFramer.Sink toServer;
    private final Thread writer;

    /**
     * A path for a connection from {@code remote} to {@code local}; {@code closeConnection} closes
     * the underlying connection (called once, when the path closes or its output fails).
     */
    public StreamClientPath(TurnServer server, ClientTransport transport, InetSocketAddress remote, InetSocketAddress local,
                            Output output, Runnable closeConnection) {
        if (!transport.isStream()) {
            throw new IllegalArgumentException("a stream path needs TCP or TLS, not " + transport);
        }
        this.server = server;
        this.fiveTuple = new FiveTuple(transport, remote, local);
        this.output = output;
        this.closeConnection = closeConnection;
        this.toServer = message -> server.onPacket(message, this);
        server.counters().streamConnections.increment();
        server.counters().streamsOpen.increment();
        this.writer = Thread.ofVirtual().name("turn-stream-writer").start(this::writeLoop);
    }

    /**
     * Feeds bytes read from the connection. Returns false when they are neither STUN nor
     * ChannelData: the stream has lost its framing and the caller must close the connection.
     */
    public boolean feed(byte[] b, int off, int len) {
        try {
            framer.feed(b, off, len, toServer);
            return true;
        } catch (StreamFramer.FramingException e) {
            server.counters().dropped(TurnDrop.MALFORMED);
            return false;
        } catch (RuntimeException e) {
            // A bug in one message's handling closes this client, not the listener.
            server.counters().dropped(TurnDrop.INTERNAL_ERROR);
            return false;
        }
    }

    @Override
    public boolean send(ByteBuffer message) {
        if (closed.get()) {
            return false;
        }
        byte[] copy = new byte[message.remaining()];
        message.get(copy);
        if (!queue.offer(copy)) {
            server.counters().dropped(TurnDrop.STREAM_BACKLOG);
            return false;
        }
        return true;
    }

    @Override
    public FiveTuple fiveTuple() {
        return fiveTuple;
    }

    private void writeLoop() {
        try {
            while (true) {
                byte[] m = queue.take();
                if (m == POISON) {
                    return;
                }
                output.write(m);
            }
        } catch (IOException e) {
            close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The connection ended (or failed): its allocation is removed and the writer stops. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.counters().streamsOpen.decrement();
        server.onPathClosed(this);
        queue.clear();
        if (!queue.offer(POISON)) {
            writer.interrupt();
        }
        closeConnection.run();
    }
}
