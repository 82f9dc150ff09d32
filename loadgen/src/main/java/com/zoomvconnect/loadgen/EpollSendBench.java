package com.zoomvconnect.loadgen;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.Native;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.SegmentedDatagramPacket;
import io.netty.bootstrap.Bootstrap;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a batched send would save the fan-out: the CPU one thread spends per datagram sending
 * copies of a {@code --size}-byte datagram (1200 by default, an SRTP video packet) round-robin to
 * {@code --receivers} loopback UDP sockets the bench binds itself (1000 by default, one per
 * subscriber, each a different remote address as in a fan-out), as fast as one thread can, by:
 * <ul>
 *   <li>{@code nio}: {@link DatagramChannel#send} once per copy from a heap buffer, what
 *       {@code UdpEndpoint} does today (one {@code sendto} each; the JDK copies the heap bytes into
 *       its per-thread direct buffer);</li>
 *   <li>{@code nio-direct} (optional): the same from a direct buffer, without the JDK's copy;</li>
 *   <li>{@code netty}: Netty's epoll transport, {@code --batches} copies written as
 *       {@link DatagramPacket}s (each in a direct buffer from the channel's allocator, filled from a
 *       heap array as an encrypted copy would be) then one flush; with more than one message
 *       flushed {@code EpollDatagramChannel.doWrite} sends them with one {@code sendmmsg}, with one
 *       it falls back to {@code sendto} (batch 1 is therefore Netty's per-copy overhead alone);</li>
 *   <li>{@code gso} (optional): {@code --batches} segments in one {@link SegmentedDatagramPacket}
 *       (UDP GSO) to <em>one</em> receiver per send: not what a fan-out does (every copy has another
 *       destination), but what a burst to one subscriber (a paced keyframe) could; at most 64
 *       segments and 64 KiB per send, so a batch of 64 becomes 54 at 1200 bytes.</li>
 * </ul>
 * The sending runs on one thread (the NIO sender thread, or the Netty event loop in chunks of up
 * to 20 ms so that it still serves its own I/O events), with the receivers either read by one
 * drain thread ({@code drain}: every delivery enqueues and wakes a reader) or never read
 * ({@code full}: their receive buffers fill in the warm-up and the kernel then drops each copy on
 * delivery). On loopback a send's kernel time includes delivery to the receiving socket, which a
 * NIC's transmit path does not have; both receive modes are shown for that reason.
 *
 * <p>Reported per configuration: datagrams/s on the one thread, and µs of CPU per datagram of the
 * sending thread (total, and user / system) and of the whole process (which includes the drain
 * thread). Configurations run in turn, {@code --repeat} times, each with a warm-up.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp loadgen/target/zoomvconnect-loadgen.jar \
 *     com.zoomvconnect.loadgen.EpollSendBench --receivers 1000 --batches 1,8,32,64 --seconds 3 --repeat 2</pre>
 *
 * To check which system calls a path makes, run a short configuration under
 * {@code strace -f -c -e trace=sendto,sendmsg,sendmmsg} and compare the counts with the
 * datagram totals the bench prints.
 */
public final class EpollSendBench {
    private EpollSendBench() {
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** One configuration's figures. */
    private record Result(String receive, String path, int batch, double seconds, long datagrams, long delivered,
            long threadCpuNs, long threadUserNs, long processCpuNs) {
        String row() {
            double per = Math.max(1, datagrams);
            return String.format(Locale.ROOT, "| %s | %s | %d | %,.0f | %.2f (%.2f / %.2f) | %.2f | %.0f %% |",
                    receive, path, batch, datagrams / seconds, threadCpuNs / 1000.0 / per, threadUserNs / 1000.0 / per,
                    (threadCpuNs - threadUserNs) / 1000.0 / per, processCpuNs / 1000.0 / per,
                    100.0 * delivered / per);
        }
    }

    /** A sender: started once, then runs whenever {@code running} is set; counts datagrams handed to the kernel. */
    private interface Sender {
        long threadId() throws Exception;

        /** The batch this sender can do for a requested one. */
        default int batch(int requested) {
            return requested;
        }

        void start(int batch) throws Exception;

        /** Totals over the whole run, for comparing with a system-call count. */
        String summary();

        void stop() throws Exception;

        long sent();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int receivers = Math.max(1, Math.min(5000, Integer.parseInt(a.getOrDefault("receivers", "1000"))));
        int size = Math.max(12, Math.min(1472, Integer.parseInt(a.getOrDefault("size", "1200"))));
        double seconds = Double.parseDouble(a.getOrDefault("seconds", "3"));
        double warmup = Double.parseDouble(a.getOrDefault("warmup", "1"));
        int repeat = Math.max(1, Integer.parseInt(a.getOrDefault("repeat", "1")));
        List<Integer> batches = new ArrayList<>();
        for (String b : a.getOrDefault("batches", "1,8,32,64").split(",")) {
            batches.add(Math.max(1, Math.min(1024, Integer.parseInt(b.trim()))));
        }
        List<String> paths = List.of(a.getOrDefault("paths", "nio,netty").split(","));
        List<String> receiveModes = List.of(a.getOrDefault("receive", "drain,full").split(","));

        System.out.printf(Locale.ROOT, "epoll available: %s%s; sendmmsg: %s; UDP GSO: %s; kernel %s; %d CPUs; java %s%n",
                Epoll.isAvailable(), Epoll.isAvailable() ? "" : " (" + Epoll.unavailabilityCause() + ")",
                Epoll.isAvailable() && Native.IS_SUPPORTING_SENDMMSG,
                Epoll.isAvailable() && EpollDatagramChannel.isSegmentedDatagramPacketSupported(),
                Epoll.isAvailable() ? Native.KERNEL_VERSION : "?", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));

        System.out.println("start " + java.time.Instant.now() + ", load average " + loadAverage());
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        Selector selector = Selector.open();
        List<DatagramChannel> sinks = new ArrayList<>();
        InetSocketAddress[] targets = new InetSocketAddress[receivers];
        for (int i = 0; i < receivers; i++) {
            DatagramChannel ch = DatagramChannel.open();
            ch.bind(new InetSocketAddress(lo, 0));
            ch.configureBlocking(false);
            ch.register(selector, SelectionKey.OP_READ);
            sinks.add(ch);
            targets[i] = (InetSocketAddress) ch.getLocalAddress();
        }
        AtomicLong delivered = new AtomicLong();
        Drain drain = new Drain(selector, delivered);
        Thread drainThread = Thread.ofPlatform().name("bench-drain").daemon().start(drain);

        byte[] payload = new byte[size];
        new java.util.Random(1).nextBytes(payload);
        payload[0] = (byte) 0x80;
        payload[1] = (byte) 96;

        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        Map<String, Sender> senders = new HashMap<>();
        List<Result> results = new ArrayList<>();
        try {
            for (String p : paths) {
                senders.put(p, switch (p) {
                    case "nio" -> new NioSender(lo, targets, payload, false);
                    case "nio-direct" -> new NioSender(lo, targets, payload, true);
                    case "netty" -> new NettySender(group, lo, targets, payload, false);
                    case "gso" -> new NettySender(group, lo, targets, payload, true);
                    default -> throw new IllegalArgumentException("path " + p + " (nio, nio-direct, netty, gso)");
                });
            }
            for (int r = 0; r < repeat; r++) {
                for (String receive : receiveModes) {
                    drain.reading = receive.equals("drain");
                    for (String p : paths) {
                        Sender sender = senders.get(p);
                        List<Integer> bs = p.startsWith("nio") ? List.of(1)
                                : batches.stream().map(sender::batch).distinct().toList();
                        for (int batch : bs) {
                            Result res = measure(sender, receive, p, batch, warmup, seconds, delivered);
                            results.add(res);
                            System.out.println(res.row() + "  total " + res.datagrams() + " datagrams");
                        }
                    }
                }
            }
            for (Map.Entry<String, Sender> e : senders.entrySet()) {
                System.out.println(e.getKey() + ": " + e.getValue().summary());
            }
        } finally {
            for (Sender s : senders.values()) {
                if (s instanceof AutoCloseable c) {
                    c.close();
                }
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            drainThread.interrupt();
            selector.close();
            for (DatagramChannel ch : sinks) {
                ch.close();
            }
        }
        System.out.println();
        System.out.println("end " + java.time.Instant.now() + ", load average " + loadAverage());
        System.out.printf(Locale.ROOT, "%d receivers, %d-byte datagrams, %.1f s per configuration after %.1f s warm-up%n",
                receivers, size, seconds, warmup);
        System.out.println("| receivers | path | batch | datagrams/s (one thread) | sending thread µs CPU per datagram (user / sys)"
                + " | process µs CPU per datagram | delivered |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (Result res : results) {
            System.out.println(res.row());
        }
    }

    private static Result measure(Sender s, String receive, String path, int batch, double warmup, double seconds,
            AtomicLong delivered) throws Exception {
        long tid = s.threadId();
        s.start(batch);
        Thread.sleep((long) (warmup * 1000));
        long n0 = s.sent();
        long d0 = delivered.get();
        long cpu0 = THREADS.getThreadCpuTime(tid);
        long user0 = THREADS.getThreadUserTime(tid);
        long proc0 = processCpuNs();
        long t0 = System.nanoTime();
        Thread.sleep((long) (seconds * 1000));
        long n1 = s.sent();
        long d1 = delivered.get();
        long cpu1 = THREADS.getThreadCpuTime(tid);
        long user1 = THREADS.getThreadUserTime(tid);
        long proc1 = processCpuNs();
        long t1 = System.nanoTime();
        s.stop();
        return new Result(receive, path, batch, (t1 - t0) / 1e9, n1 - n0, d1 - d0, cpu1 - cpu0, user1 - user0,
                proc1 - proc0);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    /** The process's CPU time (all threads, user + system), from the JDK's bean or else /proc/self/stat. */
    private static long processCpuNs() throws IOException {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long t = os.getProcessCpuTime();
            if (t >= 0) {
                return t;
            }
        }
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L; // utime + stime, 100 ticks/s
    }

    /** Reads every receiver while {@code reading}, else leaves their buffers to fill. */
    private static final class Drain implements Runnable {
        final Selector selector;
        final AtomicLong delivered;
        volatile boolean reading = true;

        Drain(Selector selector, AtomicLong delivered) {
            this.selector = selector;
            this.delivered = delivered;
        }

        @Override
        public void run() {
            ByteBuffer b = ByteBuffer.allocateDirect(2048);
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    if (!reading) {
                        Thread.sleep(20);
                        continue;
                    }
                    selector.select(50);
                    long n = 0;
                    for (SelectionKey k : selector.selectedKeys()) {
                        DatagramChannel ch = (DatagramChannel) k.channel();
                        b.clear();
                        while (ch.receive(b) != null) {
                            n++;
                            b.clear();
                        }
                    }
                    selector.selectedKeys().clear();
                    delivered.addAndGet(n);
                }
            } catch (IOException | ClosedSelectorException | InterruptedException e) {
                // closing
            }
        }
    }

    /** One blocking DatagramChannel and one send per copy from a heap buffer, as UdpEndpoint.Path.send. */
    private static final class NioSender implements Sender, AutoCloseable {
        final DatagramChannel channel;
        final InetSocketAddress[] targets;
        final byte[] payload;
        final AtomicLong sent = new AtomicLong();
        final Thread thread;
        volatile boolean running;
        volatile boolean closed;
        long errors;
        final boolean direct;

        NioSender(InetAddress lo, InetSocketAddress[] targets, byte[] payload, boolean direct) throws IOException {
            this.direct = direct;
            this.channel = DatagramChannel.open();
            channel.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
            channel.bind(new InetSocketAddress(lo, 0));
            this.targets = targets;
            this.payload = payload;
            this.thread = Thread.ofPlatform().name("bench-nio-sender").daemon().start(this::loop);
        }

        private void loop() {
            int r = 0;
            byte[] buf = new byte[payload.length];
            ByteBuffer directBuf = ByteBuffer.allocateDirect(payload.length);
            while (!closed) {
                if (!running) {
                    java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
                    continue;
                }
                for (int i = 0; i < 64; i++) {
                    // a fresh "encrypted" copy per receiver, as the fan-out makes
                    try {
                        if (direct) {
                            directBuf.clear();
                            directBuf.put(payload);
                            directBuf.flip();
                            channel.send(directBuf, targets[r]);
                        } else {
                            System.arraycopy(payload, 0, buf, 0, buf.length);
                            channel.send(ByteBuffer.wrap(buf, 0, buf.length), targets[r]);
                        }
                    } catch (IOException e) {
                        errors++;
                    }
                    if (++r == targets.length) {
                        r = 0;
                    }
                }
                sent.lazySet(sent.get() + 64);
            }
        }

        @Override
        public long threadId() {
            return thread.threadId();
        }

        @Override
        public void start(int batch) {
            running = true;
        }

        @Override
        public void stop() throws InterruptedException {
            running = false;
            Thread.sleep(20);
        }

        @Override
        public long sent() {
            return sent.get();
        }

        @Override
        public String summary() {
            return sent.get() + " datagrams in all (warm-ups included), " + errors + " send errors";
        }

        @Override
        public void close() throws IOException {
            closed = true;
            channel.close();
        }
    }

    /**
     * Netty's epoll datagram channel, driven from its own event loop: {@code batch} writes, one
     * flush, for up to 20 ms at a time, then back to the event loop (so that a partial
     * {@code sendmmsg} can be finished on EPOLLOUT rather than queueing without end).
     */
    private static final class NettySender implements Sender, AutoCloseable {
        final Channel channel;
        final InetSocketAddress[] targets;
        final byte[] payload;
        final boolean gso;
        final AtomicLong sent = new AtomicLong();
        volatile boolean running;
        int batch = 1;
        int next;
        long stalls;

        NettySender(EventLoopGroup group, InetAddress lo, InetSocketAddress[] targets, byte[] payload, boolean gso)
                throws InterruptedException {
            this.channel = new Bootstrap().group(group).channel(EpollDatagramChannel.class)
                    .option(ChannelOption.SO_SNDBUF, 4 << 20)
                    .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(8 << 20, 16 << 20))
                    .handler(new ChannelInboundHandlerAdapter())
                    .bind(new InetSocketAddress(lo, 0)).sync().channel();
            this.targets = targets;
            this.payload = payload;
            this.gso = gso;
        }

        @Override
        public long threadId() throws Exception {
            return channel.eventLoop().submit(() -> Thread.currentThread().threadId()).get();
        }

        @Override
        public int batch(int requested) {
            // one GSO send carries at most 64 segments and 64 KiB
            return gso ? Math.min(requested, Math.min(64, 65_000 / payload.length)) : requested;
        }

        @Override
        public void start(int b) throws Exception {
            channel.eventLoop().submit(() -> {
                batch = b;
                running = true;
                channel.eventLoop().execute(this::chunk);
            }).get();
        }

        private void chunk() {
            if (!running) {
                return;
            }
            ChannelOutboundBuffer pending = channel.unsafe().outboundBuffer();
            if (pending != null && !pending.isEmpty()) {
                stalls++; // the socket's send buffer was full: wait for EPOLLOUT rather than queue more
                channel.eventLoop().schedule(this::chunk, 50, TimeUnit.MICROSECONDS);
                return;
            }
            ByteBufAllocator alloc = channel.alloc();
            long end = System.nanoTime() + 20_000_000L;
            int len = payload.length;
            do {
                if (gso) {
                    ByteBuf buf = alloc.directBuffer(len * batch, len * batch);
                    for (int i = 0; i < batch; i++) {
                        buf.writeBytes(payload);
                    }
                    channel.write(new SegmentedDatagramPacket(buf, len, targets[next]), channel.voidPromise());
                    if (++next == targets.length) {
                        next = 0;
                    }
                } else {
                    for (int i = 0; i < batch; i++) {
                        ByteBuf buf = alloc.directBuffer(len, len);
                        buf.writeBytes(payload);
                        channel.write(new DatagramPacket(buf, targets[next]), channel.voidPromise());
                        if (++next == targets.length) {
                            next = 0;
                        }
                    }
                }
                channel.flush();
                sent.lazySet(sent.get() + batch);
                if (pending != null && !pending.isEmpty()) {
                    break; // not all sent: back to the event loop
                }
            } while (System.nanoTime() < end);
            channel.eventLoop().execute(this::chunk);
        }

        @Override
        public void stop() throws Exception {
            channel.eventLoop().submit(() -> running = false).get();
            Thread.sleep(20);
        }

        @Override
        public long sent() {
            return sent.get();
        }

        @Override
        public String summary() {
            return sent.get() + " datagrams in all (warm-ups included), " + stalls + " waits for a full send buffer";
        }

        @Override
        public void close() {
            running = false;
            channel.close().syncUninterruptibly();
        }
    }
}
