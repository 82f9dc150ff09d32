package com.zoomvconnect.media.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The media port's sockets on Netty's epoll transport ({@code media.sendbatch}): one
 * {@link EpollDatagramChannel} per worker on the one port ({@code SO_REUSEPORT}), each on an event
 * loop of one thread, which is the worker. Datagrams a worker sends while it handles a received one
 * (or a shared fan-out's group, flushed before the group is let go) are written without a flush and go out together when it is done, in
 * batches of at most {@link #BATCH}: Netty sends a flush of several datagrams with one
 * {@code sendmmsg} (docs/performance.md, "Netty epoll sendmmsg against NIO send"). A send from any
 * other thread (DTLS, timers, probes) is written and flushed at once, which Netty carries out as a
 * task on the socket's loop. One thread per socket, so a socket's datagrams leave in the order they
 * were written.
 */
final class EpollSockets {
    /** Datagrams written before a worker flushes anyway: 32–64 per {@code sendmmsg} got the whole saving in the benchmark. */
    static final int BATCH = 64;
    private static final int RECEIVE_BUFFER = 2048;

    /** Where received datagrams go, on the receiving worker's thread. */
    interface Receiver {
        void received(byte[] buf, int len, InetSocketAddress from);
    }

    /** A worker's thread: the event loop of one socket. */
    static final class LoopThread extends FastThreadLocalThread {
        final EpollSockets owner;
        final int index;

        LoopThread(Runnable r, String name, EpollSockets owner, int index) {
            super(null, r, name);
            this.owner = owner;
            this.index = index;
            setDaemon(true);
        }
    }

    /** One socket and what its worker keeps between datagrams (touched on the worker's thread only, but {@link #channel}). */
    private final class Socket extends ChannelInboundHandlerAdapter {
        final byte[] in = new byte[RECEIVE_BUFFER];
        Channel channel;
        int pending;
        /** True while {@link #flush} runs: an exception then is a refused datagram of the flush. */
        boolean flushing;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            DatagramPacket p = (DatagramPacket) msg;
            try {
                ByteBuf content = p.content();
                int len = Math.min(content.readableBytes(), in.length);
                if (len > 0) {
                    content.getBytes(content.readerIndex(), in, 0, len);
                    receiver.received(in, len, p.sender());
                }
            } finally {
                p.release();
            }
            flush(); // this datagram's copies never wait for the next one's
        }

        /**
         * A worker's datagrams are written with the channel's void promise, so a datagram the kernel
         * refuses comes here (Netty goes on with the rest of the batch). Inside {@link #flush} that is
         * what it is; outside, Netty names the system call that failed (a flush it finished later, once
         * the kernel's buffer had room again). Anything else is a receive error.
         */
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (flushing || cause instanceof IOException && String.valueOf(cause.getMessage()).startsWith("send")) {
                counters.udpSent.decrement(); // counted when it was flushed
                counters.udpSendErrors.increment();
            } else {
                counters.handlerErrors.increment();
            }
        }

        void flush() {
            if (pending > 0) {
                counters.udpSendBatches.increment();
                counters.udpBatchedDatagrams.add(pending);
                counters.udpSent.add(pending); // less the ones refused, above
                pending = 0;
                flushing = true;
                try {
                    channel.flush();
                } finally {
                    flushing = false;
                }
            }
        }
    }

    private final Receiver receiver;
    private final NetCounters counters;
    private final EventLoopGroup[] loops;
    private final Socket[] sockets;
    /** Counts a datagram of a thread that is no worker once the kernel took it or refused it; one instance for all. */
    private final ChannelFutureListener sent;

    /**
     * Netty's buffer leak detection off, unless the operator chose a level ({@code -Dio.netty.leakDetection.level}).
     * Its default samples one buffer in 128 and records a stack trace (a {@code Throwable}) at every hand-over of a
     * sampled one, and every write passes the datagram along the pipeline for that: at a fan-out of 1 000 it was
     * nearly half of what a worker allocated and 3 % of its samples (docs/performance.md, "The 360p tail taken
     * apart"). The workers release every buffer they are given, and Netty releases what it writes. Takes effect for
     * channels created after it (Netty reads it when it builds a pipeline), in this JVM.
     */
    static void leakDetectionOffUnlessChosen() {
        if (System.getProperty("io.netty.leakDetection.level") == null && System.getProperty("io.netty.leakDetectionLevel") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
    }

    /** Why epoll cannot be used here, or null if it can. Never throws (Netty's classes or native library may be missing). */
    static String unavailability() {
        try {
            if (Epoll.isAvailable()) {
                return null;
            }
            Throwable cause = Epoll.unavailabilityCause();
            return cause == null ? "unknown" : cause.toString();
        } catch (Throwable t) { // NoClassDefFoundError, UnsatisfiedLinkError, SecurityException
            return t.toString();
        }
    }

    private EpollSockets(int n, Receiver receiver, NetCounters counters) {
        this.receiver = receiver;
        this.counters = counters;
        this.loops = new EventLoopGroup[n];
        this.sockets = new Socket[n];
        this.sent = f -> {
            if (f.isSuccess()) {
                counters.udpSent.increment();
            } else {
                counters.udpSendErrors.increment(); // this datagram only: Netty goes on with the rest of the batch
            }
        };
    }

    /**
     * Binds {@code n} sockets on {@code address} (its port already claimed free, or 0 for n = 1) and
     * starts their workers, named as the NIO workers are.
     */
    static EpollSockets bind(InetSocketAddress address, int n, Receiver receiver, NetCounters counters) throws IOException {
        leakDetectionOffUnlessChosen();
        EpollSockets s = new EpollSockets(n, receiver, counters);
        try {
            InetSocketAddress where = address;
            for (int i = 0; i < n; i++) {
                int index = i;
                Socket socket = s.new Socket();
                s.sockets[i] = socket;
                ThreadFactory threads = r -> new LoopThread(r, "media-udp-starting-" + index, s, index);
                s.loops[i] = new MultiThreadIoEventLoopGroup(1, threads, EpollIoHandler.newFactory());
                Bootstrap b = new Bootstrap().group(s.loops[i]).channel(EpollDatagramChannel.class)
                        .option(ChannelOption.SO_RCVBUF, 4 * 1024 * 1024)
                        .option(ChannelOption.SO_SNDBUF, 4 * 1024 * 1024)
                        .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(RECEIVE_BUFFER))
                        // a 1000-copy fan-out is queued before its flushes: no writability events for it
                        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(8 << 20, 16 << 20))
                        .handler(socket);
                if (n > 1) {
                    b.option(EpollChannelOption.SO_REUSEPORT, true);
                }
                socket.channel = b.bind(where).syncUninterruptibly().channel();
                int port = ((InetSocketAddress) socket.channel.localAddress()).getPort();
                where = new InetSocketAddress(address.getAddress(), port);
                String name = i == 0 ? "media-udp-" + port : "media-udp-" + port + "-" + i;
                // renamed before bind returns: a packet read before the rename would name another thread
                s.loops[i].submit(() -> Thread.currentThread().setName(name)).syncUninterruptibly();
            }
        } catch (Exception e) { // Netty rethrows the bind's own IOException from syncUninterruptibly, undeclared
            s.close();
            if (e instanceof BindException be) {
                throw be;
            }
            if (e instanceof IOException io) {
                if (String.valueOf(io.getMessage()).contains("in use")) { // as NIO says it: "address in use" is a BindException
                    var be = new BindException(io.getMessage());
                    be.initCause(io);
                    throw be;
                }
                throw io;
            }
            throw new IOException("cannot bind the media port with epoll: " + e.getMessage(), e);
        }
        return s;
    }

    int port() {
        return ((InetSocketAddress) sockets[0].channel.localAddress()).getPort();
    }

    int workers() {
        return sockets.length;
    }

    /** The calling thread's worker number if it is a worker of these sockets, else -1. */
    int workerOfCurrentThread() {
        return Thread.currentThread() instanceof LoopThread t && t.owner == this ? t.index : -1;
    }

    /**
     * Sends one datagram: from a worker of these sockets on its own socket, flushed when the worker
     * is done (or {@link #BATCH} are waiting); from any other thread on the socket it chose
     * ({@link UdpEndpoint#sendOn}, else by thread id), flushed at once. Never throws; false if the socket is closed.
     */
    boolean send(byte[] buf, int off, int len, InetSocketAddress to) {
        int own = workerOfCurrentThread();
        Socket s = sockets[own >= 0 ? own : (int) Math.floorMod(UdpEndpoint.sendSlot(), (long) sockets.length)];
        Channel ch = s.channel;
        if (!ch.isActive()) {
            counters.udpSendErrors.increment();
            return false;
        }
        if (!ch.isWritable()) {
            // The kernel has refused more for a while (EAGAIN; Netty waits for EPOLLOUT): NIO's blocking send would
            // stall the worker here; dropping keeps the queue bounded (the high water mark) and the worker going.
            counters.droppedUdpBackpressure.increment();
            return false;
        }
        ByteBuf b = ch.alloc().directBuffer(len);
        b.writeBytes(buf, off, len);
        DatagramPacket packet = new DatagramPacket(b, to);
        if (own >= 0) {
            // No promise per datagram (an allocation and a listener call per copy, a third of what a worker allocated at a
            // fan-out of 1 000): a refused datagram reaches exceptionCaught, counted there.
            ch.write(packet, ch.voidPromise());
            if (++s.pending >= BATCH) {
                s.flush();
            }
        } else {
            ch.writeAndFlush(packet, ch.newPromise().addListener(sent));
        }
        return true;
    }

    /** On a worker of these sockets: flushes what it wrote (see {@link #send}). Elsewhere nothing. */
    void flushCurrent() {
        int own = workerOfCurrentThread();
        if (own >= 0) {
            sockets[own].flush();
        }
    }

    /**
     * Runs {@code task} on worker {@code socket} (modulo the workers) and then sends what it
     * wrote, as one batch or more. Tasks given to one worker run one after another, in order.
     */
    void execute(int socket, Runnable task) {
        Socket s = sockets[Math.floorMod(socket, sockets.length)];
        s.channel.eventLoop().execute(() -> {
            try {
                task.run();
            } finally {
                s.flush();
            }
        });
    }

    /** Closes the sockets (waiting up to a second for each, as NIO's close returns with the port free) and stops the workers. */
    void close() {
        for (Socket s : sockets) {
            if (s != null && s.channel != null) {
                var closed = s.channel.close();
                if (!s.channel.eventLoop().inEventLoop()) {
                    closed.awaitUninterruptibly(1000);
                }
            }
        }
        for (EventLoopGroup g : loops) {
            if (g != null) {
                g.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            }
        }
    }
}
