package com.zoomvconnect.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UDP relay that holds every datagram for a settable time before passing it on, both ways: the
 * delay line for kernels without {@code sch_netem}. Clients send to {@link #port()} on the bound
 * address (a namespace's DNAT rule sends them there without their knowing); each client address
 * gets its own socket towards {@code target}, so the target sees one peer per client and answers
 * through the same relay. Order is kept (a datagram never leaves before one that came in
 * earlier), so lowering the delay drains the queue rather than reordering it.
 * Threads: one reader per socket and one writer; all daemons, ended by {@link #close()}.
 */
public final class DelayLine implements AutoCloseable {
    private record Held(long due, DatagramSocket out, SocketAddress to, byte[] data) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(due - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(due, ((Held) o).due);
        }
    }

    private final DatagramSocket front;
    private final InetSocketAddress target;
    private final Map<SocketAddress, DatagramSocket> upstream = new ConcurrentHashMap<>();
    private final DelayQueue<Held> queue = new DelayQueue<>();
    private final AtomicLong lastDue = new AtomicLong();
    private final AtomicLong forwarded = new AtomicLong();
    private volatile long delayNanos;
    private volatile boolean closed;

    /** Listens on {@code bind} (port 0: any free port) and relays to {@code target}. */
    public DelayLine(InetSocketAddress bind, InetSocketAddress target) throws SocketException {
        this.front = new DatagramSocket(bind);
        this.target = target;
        front.setReceiveBufferSize(1 << 20);
        start("delay-line-front", () -> read(front, null));
        start("delay-line-writer", this::write);
    }

    public int port() {
        return front.getLocalPort();
    }

    /** Sets the one-way delay added to each direction from now on. */
    public void delay(long millis) {
        delayNanos = TimeUnit.MILLISECONDS.toNanos(millis);
    }

    /** Datagrams passed on so far, both ways. */
    public long forwarded() {
        return forwarded.get();
    }

    private static void start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
    }

    /** Reads from {@code in}: from the front socket ({@code client} null) or one client's upstream socket. */
    private void read(DatagramSocket in, SocketAddress client) {
        byte[] buf = new byte[2048];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        while (!closed) {
            try {
                p.setLength(buf.length);
                in.receive(p);
            } catch (IOException e) {
                return; // closed
            }
            byte[] data = java.util.Arrays.copyOf(buf, p.getLength());
            if (client == null) {
                hold(upstreamFor(p.getSocketAddress()), target, data);
            } else {
                hold(front, client, data);
            }
        }
    }

    private DatagramSocket upstreamFor(SocketAddress client) {
        return upstream.computeIfAbsent(client, c -> {
            try {
                DatagramSocket s = new DatagramSocket(new InetSocketAddress(target.getAddress(), 0));
                s.setReceiveBufferSize(1 << 20);
                start("delay-line-up", () -> read(s, c));
                return s;
            } catch (SocketException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private void hold(DatagramSocket out, SocketAddress to, byte[] data) {
        long due = lastDue.accumulateAndGet(System.nanoTime() + delayNanos, Math::max);
        queue.add(new Held(due, out, to, data));
    }

    private void write() {
        while (!closed) {
            try {
                Held h = queue.poll(200, TimeUnit.MILLISECONDS);
                if (h != null) {
                    h.out().send(new DatagramPacket(h.data(), h.data().length, h.to()));
                    forwarded.incrementAndGet();
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                // a closed socket at the end, or an unreachable client: dropped like on a wire
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        front.close();
        upstream.values().forEach(DatagramSocket::close);
    }
}
