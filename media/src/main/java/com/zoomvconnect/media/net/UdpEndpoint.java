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
 * The UDP port of the media plane. One socket per worker, all bound to the same port with
 * {@code SO_REUSEPORT}: the kernel spreads remote addresses over them by a hash of the 4-tuple,
 * so every packet of one flow arrives on the same worker, in order. Each worker is a platform
 * thread that receives into its own reused buffer and hands each datagram to the
 * {@link PacketHandler}; the handler runs on up to {@link #workers()} threads at once. Sending is
 * thread-safe ({@link DatagramChannel#send} is atomic per datagram) and goes out through the
 * sending worker's own socket (same local address and port), so workers do not share a send lock
 * (the JDK holds a lock per socket across the send system call); another thread sends on the
 * socket it chose with {@link #sendOn}.
 * With one worker there is one plain socket, without {@code SO_REUSEPORT}.
 *
 * <p>With {@code sendBatch} the sockets are Netty epoll channels instead ({@link EpollSockets}):
 * same port, same threads, same handler, but what a worker sends while handling a datagram (or
 * running a task given with {@link #executeOnWorker}) goes out in batches, one {@code sendmmsg}
 * each. Where epoll cannot load, the port stays on NIO with one warning.
 */
public final class UdpEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UdpEndpoint.class);
    private static final int MAX_DATAGRAM = 1500 + 100;

    /** The NIO sockets, or null in batch mode. */
    private final DatagramChannel[] channels;
    /** The epoll sockets in batch mode, else null. */
    private final EpollSockets batch;
    private final PacketHandler handler;
    private final NetCounters counters;
    private final Worker[] receivers;
    private final Map<InetSocketAddress, Path> paths = new ConcurrentHashMap<>();
    private volatile boolean running = true;
    /** The socket number a thread that is no worker sends on ({@link #sendOn}), -1 until it chooses. */
    private static final ThreadLocal<int[]> SEND_SLOT = ThreadLocal.withInitial(() -> new int[] {-1});

    /** A receive thread and the socket it reads and sends on. */
    private static final class Worker extends Thread {
        final UdpEndpoint endpoint;
        final DatagramChannel channel;
        final int index;

        Worker(UdpEndpoint endpoint, DatagramChannel channel, int index, String name) {
            super(null, null, name, 0, false);
            this.endpoint = endpoint;
            this.channel = channel;
            this.index = index;
            setDaemon(true);
        }

        @Override
        public void run() {
            endpoint.receiveLoop(channel);
        }
    }

    private UdpEndpoint(DatagramChannel[] channels, PacketHandler handler, NetCounters counters) {
        this.channels = channels;
        this.batch = null;
        this.handler = handler;
        this.counters = counters;
        this.receivers = new Worker[channels.length];
        int port = port();
        for (int i = 0; i < channels.length; i++) {
            receivers[i] = new Worker(this, channels[i], i, i == 0 ? "media-udp-" + port : "media-udp-" + port + "-" + i);
            receivers[i].start();
        }
    }

    /** Batch mode: the workers are {@code batch}'s event loops; it is bound once this exists (see {@link #bindBatched}). */
    private UdpEndpoint(PacketHandler handler, NetCounters counters, InetSocketAddress address, int n) throws IOException {
        this.channels = null;
        this.handler = handler;
        this.counters = counters;
        this.receivers = new Worker[0];
        this.batch = EpollSockets.bind(address, n, this::deliver, counters);
    }

    /** Binds {@code address} (port 0 picks a free port) with one receive thread. */
    public static UdpEndpoint bind(InetSocketAddress address, PacketHandler handler, NetCounters counters) throws IOException {
        return bind(address, 1, handler, counters);
    }

    /**
     * Binds {@code address} (port 0 picks a free port) with {@code workers} sockets and receive
     * threads on that one port (fewer, down to one, where the platform lacks {@code SO_REUSEPORT}).
     */
    public static UdpEndpoint bind(InetSocketAddress address, int workers, PacketHandler handler, NetCounters counters)
            throws IOException {
        return bind(address, workers, false, handler, counters);
    }

    /**
     * As {@link #bind(InetSocketAddress, int, PacketHandler, NetCounters)}; with {@code sendBatch} on
     * Netty's epoll transport, so that a worker's sends go out in batches ({@code media.sendbatch}).
     * Where epoll is not available (another OS, no native library, a temporary directory it cannot
     * load from) the port is bound on NIO as without it, with one warning saying why.
     */
    public static UdpEndpoint bind(InetSocketAddress address, int workers, boolean sendBatch, PacketHandler handler,
                                   NetCounters counters) throws IOException {
        if (sendBatch) {
            String unavailable = EpollSockets.unavailability();
            if (unavailable == null) {
                return bindBatched(address, Math.max(1, workers), handler, counters);
            }
            LOG.warn("media.sendbatch is on but Netty's epoll transport cannot be used ({}): the media port sends one "
                    + "datagram per system call (NIO), as with media.sendbatch off", unavailable);
        }
        int n = Math.max(1, workers);
        DatagramChannel first = DatagramChannel.open();
        if (n > 1 && !first.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
            LOG.warn("SO_REUSEPORT is not available: the media port runs on one thread instead of {}", n);
            n = 1;
        }
        DatagramChannel[] channels = new DatagramChannel[n];
        channels[0] = first;
        try {
            InetSocketAddress where = n > 1 ? claim(address) : address;
            configure(first, n > 1).bind(where);
            int port = ((InetSocketAddress) first.getLocalAddress()).getPort();
            for (int i = 1; i < n; i++) {
                channels[i] = configure(DatagramChannel.open(), true);
                channels[i].bind(new InetSocketAddress(address.getAddress(), port));
            }
        } catch (IOException | RuntimeException e) {
            for (DatagramChannel ch : channels) {
                if (ch != null) {
                    ch.close();
                }
            }
            throw e;
        }
        return new UdpEndpoint(channels, handler, counters);
    }

    private static UdpEndpoint bindBatched(InetSocketAddress address, int n, PacketHandler handler, NetCounters counters)
            throws IOException {
        return new UdpEndpoint(handler, counters, n > 1 ? claim(address) : address, n);
    }

    /**
     * The address the workers bind, checked free first with a plain socket. {@code SO_REUSEPORT} lets
     * any process of the same user bind a port its sockets hold, and the kernel then hands that
     * process a share of the flows: a second appliance started by mistake on the same media port (or,
     * for port 0, one given the same free port) would take some participants' packets silently
     * instead of failing to start. A plain socket fails with "address in use" on a port any socket
     * holds, so the workers bind only a port nobody had a moment before (port 0: the one the kernel
     * gave the plain socket).
     */
    private static InetSocketAddress claim(InetSocketAddress address) throws IOException {
        try (DatagramChannel probe = DatagramChannel.open()) {
            probe.bind(address);
            return new InetSocketAddress(address.getAddress(), ((InetSocketAddress) probe.getLocalAddress()).getPort());
        }
    }

    private static DatagramChannel configure(DatagramChannel ch, boolean reusePort) throws IOException {
        ch.setOption(StandardSocketOptions.SO_RCVBUF, 4 * 1024 * 1024);
        ch.setOption(StandardSocketOptions.SO_SNDBUF, 4 * 1024 * 1024);
        if (reusePort) {
            ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        }
        ch.configureBlocking(true);
        return ch;
    }

    public int port() {
        if (batch != null) {
            return batch.port();
        }
        try {
            return ((InetSocketAddress) channels[0].getLocalAddress()).getPort();
        } catch (IOException e) {
            return -1;
        }
    }

    /** How many sockets and receive threads serve the port. */
    public int workers() {
        return batch != null ? batch.workers() : channels.length;
    }

    /** True if the workers send in batches ({@code media.sendbatch} on, and epoll available). */
    public boolean sendsBatched() {
        return batch != null;
    }

    /**
     * Batch mode only: runs {@code task} on worker {@code worker} modulo {@link #workers()}, after the
     * tasks given to it before, and sends what the task sent as batches when it ends.
     */
    public void executeOnWorker(int worker, Runnable task) {
        if (batch == null) {
            throw new IllegalStateException("not in batch mode");
        }
        batch.execute(worker, task);
    }

    /** True if the calling thread is one of this endpoint's receive workers. */
    public boolean isOwnWorker() {
        Thread t = Thread.currentThread();
        return batch != null ? batch.workerOfCurrentThread() >= 0 : t instanceof Worker w && w.endpoint == this;
    }

    /**
     * Batch mode, on one of this endpoint's workers: sends now what the worker wrote and has not sent
     * (one {@code sendmmsg} or more). Otherwise nothing: other threads' sends leave, or are queued to leave, at once.
     */
    public void flushOwn() {
        if (batch != null) {
            batch.flushCurrent();
        }
    }

    /** The calling thread's worker number (0 to {@link #workers()} - 1) if it is a receive worker of some endpoint, else -1. */
    public static int currentWorker() {
        Thread t = Thread.currentThread();
        if (t instanceof Worker w) {
            return w.index;
        }
        return t instanceof EpollSockets.LoopThread l ? l.index : -1;
    }

    /**
     * The calling thread, if it is no worker, sends from now on through socket {@code slot} modulo
     * {@link #workers()}. Fan-out helper {@code i}, woken by worker {@code w} to forward a shared
     * fan-out's groups, takes {@code w + i}: two threads sending on one socket wait for each other's
     * system calls (docs/performance.md, media workers, third run: at 1 500 subscribers on two
     * workers, starts where the helper shared the worker's socket forwarded 58 680–69 817 packets/s
     * at 54 % loss, at twice the CPU per copy; on a socket of its own, 180 000–188 000 with none).
     */
    public static void sendOn(int slot) {
        SEND_SLOT.get()[0] = slot;
    }

    /** The socket number (modulo the workers) a thread that is no worker sends on: the one chosen with {@link #sendOn}, else its id. */
    static long sendSlot() {
        int slot = SEND_SLOT.get()[0];
        return slot >= 0 ? slot : Thread.currentThread().threadId();
    }

    /** The socket a send from the current thread goes out on: a worker's own, the one chosen with {@link #sendOn}, else one by thread id. */
    private DatagramChannel sendChannel() {
        Thread t = Thread.currentThread();
        if (t instanceof Worker w && w.endpoint == this) {
            return w.channel;
        }
        if (channels.length == 1) {
            return channels[0];
        }
        int slot = SEND_SLOT.get()[0];
        return channels[(int) Math.floorMod(slot >= 0 ? slot : t.threadId(), (long) channels.length)];
    }

    private void receiveLoop(DatagramChannel channel) {
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
            deliver(array, buf.position(), remote);
        }
    }

    /** One received datagram (not empty) in {@code array}, on the receiving worker's thread. */
    private void deliver(byte[] array, int len, InetSocketAddress remote) {
        counters.udpReceived.increment();
        PacketKind kind = PacketKind.of(array[0]);
        if (kind == PacketKind.UNKNOWN) {
            counters.droppedUnknownKind.increment();
            return;
        }
        try {
            handler.onPacket(kind, array, 0, len, path(remote));
        } catch (RuntimeException e) {
            // A bug in one packet's handling must not stop the port for everyone.
            counters.handlerErrors.increment();
            LOG.debug("Packet handler failed", e);
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
        if (batch != null) {
            batch.close();
            return;
        }
        for (DatagramChannel channel : channels) {
            try {
                channel.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        for (Thread receiver : receivers) {
            receiver.interrupt();
        }
    }

    private final class Path implements PacketPath {
        private final InetSocketAddress remote;

        Path(InetSocketAddress remote) {
            this.remote = remote;
        }

        @Override
        public boolean send(byte[] buf, int off, int len) {
            if (batch != null) {
                return batch.send(buf, off, len, remote);
            }
            try {
                sendChannel().send(ByteBuffer.wrap(buf, off, len), remote);
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
