package com.zoomvconnect.media.dtls;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.DatagramTransport;

/**
 * BouncyCastle's view of the shared media socket for one peer: records the receive thread
 * hands over ({@link #offer}) wait in a bounded queue for the handshake thread; sends go
 * straight to the peer's path. A full queue drops (the peer retransmits).
 */
final class QueueTransport implements DatagramTransport {
    static final int MTU = 1200;
    /** Put in the queue by {@link #close}, so a thread waiting in {@link #receive} ends at once. */
    private static final byte[] CLOSED = new byte[0];
    private final ArrayBlockingQueue<byte[]> inbox = new ArrayBlockingQueue<>(64);
    private final DatagramSink sink;
    private volatile boolean closed;

    QueueTransport(DatagramSink sink) {
        this.sink = sink;
    }

    /** Called by the receive thread with a copy of one DTLS datagram; false if dropped. */
    boolean offer(byte[] record) {
        return !closed && inbox.offer(record);
    }

    @Override
    public int getReceiveLimit() {
        return 1500;
    }

    @Override
    public int getSendLimit() {
        return MTU - 28; // IPv4 + UDP headers within a conservative path MTU
    }

    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        if (closed) {
            throw new IOException("transport closed");
        }
        try {
            byte[] r = inbox.poll(Math.max(1, waitMillis), TimeUnit.MILLISECONDS);
            if (r == null) {
                return -1;
            }
            if (r == CLOSED) {
                throw new IOException("transport closed");
            }
            int n = Math.min(len, r.length);
            System.arraycopy(r, 0, buf, off, n);
            return n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    @Override
    public void send(byte[] buf, int off, int len) {
        if (!closed) {
            sink.send(buf, off, len);
        }
    }

    @Override
    public void close() {
        closed = true;
        inbox.clear();
        inbox.offer(CLOSED);
    }
}
