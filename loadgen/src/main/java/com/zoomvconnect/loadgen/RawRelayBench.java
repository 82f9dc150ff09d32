package com.zoomvconnect.loadgen;

import com.zoomvconnect.media.net.NetCounters;
import com.zoomvconnect.media.net.PacketKind;
import com.zoomvconnect.media.net.PacketPath;
import com.zoomvconnect.media.net.UdpEndpoint;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The "limit" the SFU is measured against: a trivial relay in the SFU's own process model (one
 * {@link UdpEndpoint}, its blocking receive thread, a send per copy), that re-sends every RTP
 * packet it receives to N receivers with no crypto, no parsing and no state. Reports the CPU the
 * relay thread spends per forwarded packet; the SFU's figure comes from the load generator.
 *
 * <pre>java -cp zoomvconnect.jar com.zoomvconnect.loadgen.RawRelayBench --receivers 100 --pps 600 --seconds 20</pre>
 */
public final class RawRelayBench {
    private RawRelayBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int receivers = Math.min(2000, Integer.parseInt(a.getOrDefault("receivers", "100")));
        int pps = Math.min(20_000, Integer.parseInt(a.getOrDefault("pps", "600")));
        int seconds = Math.min(600, Integer.parseInt(a.getOrDefault("seconds", "20")));
        int size = Integer.parseInt(a.getOrDefault("size", "1000"));
        InetAddress lo = InetAddress.getLoopbackAddress();

        Selector selector = Selector.open();
        List<DatagramChannel> sinks = new ArrayList<>();
        List<PacketPath> paths = new ArrayList<>();
        AtomicLong delivered = new AtomicLong();
        List<UdpEndpoint> holder = new ArrayList<>();
        UdpEndpoint relay = UdpEndpoint.bind(new InetSocketAddress(lo, 0), (PacketKind kind, byte[] buf, int off, int len,
                PacketPath from) -> {
            if (kind == PacketKind.RTP_RTCP) {
                for (PacketPath p : paths) {
                    p.send(buf, off, len);
                }
            }
        }, new NetCounters());
        holder.add(relay);
        for (int i = 0; i < receivers; i++) {
            DatagramChannel ch = DatagramChannel.open();
            ch.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 256 * 1024);
            ch.bind(new InetSocketAddress(lo, 0));
            ch.configureBlocking(false);
            ch.register(selector, SelectionKey.OP_READ);
            sinks.add(ch);
            paths.add(relay.path((InetSocketAddress) ch.getLocalAddress()));
        }
        Thread drain = Thread.ofPlatform().name("relay-sinks").daemon().start(() -> {
            ByteBuffer b = ByteBuffer.allocate(2048);
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    selector.select(100);
                    for (SelectionKey k : selector.selectedKeys()) {
                        DatagramChannel ch = (DatagramChannel) k.channel();
                        b.clear();
                        while (ch.receive(b) != null) {
                            delivered.incrementAndGet();
                            b.clear();
                        }
                    }
                    selector.selectedKeys().clear();
                }
            } catch (IOException | java.nio.channels.ClosedSelectorException e) {
                // closing
            }
        });
        long relayTid = findThread("media-udp-" + relay.port());
        try (DatagramChannel sender = DatagramChannel.open()) {
            sender.connect(new InetSocketAddress(lo, relay.port()));
            ByteBuffer pkt = ByteBuffer.allocate(size);
            pkt.put(0, (byte) 0x80).put(1, (byte) 96);
            long interval = 1_000_000_000L / pps;
            var threads = ManagementFactory.getThreadMXBean();
            long warmupEnd = System.nanoTime() + 2_000_000_000L;
            long end = warmupEnd + seconds * 1_000_000_000L;
            long next = System.nanoTime();
            long cpu0 = -1;
            long sent0 = 0;
            long sent = 0;
            long delivered0 = 0;
            long t0 = 0;
            while (System.nanoTime() < end) {
                long now = System.nanoTime();
                if (cpu0 < 0 && now >= warmupEnd) {
                    cpu0 = threads.getThreadCpuTime(relayTid);
                    sent0 = sent;
                    delivered0 = delivered.get();
                    t0 = now;
                }
                if (now >= next) {
                    pkt.clear();
                    sender.write(pkt);
                    sent++;
                    next += interval;
                } else {
                    java.util.concurrent.locks.LockSupport.parkNanos(next - now);
                }
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            long cpu = threads.getThreadCpuTime(relayTid) - cpu0;
            long forwarded = (sent - sent0) * receivers;
            System.out.printf(Locale.ROOT, "raw relay: receivers=%d in=%d pps out=%.0f pps delivered=%.0f pps%n", receivers, pps,
                    forwarded / secs, (delivered.get() - delivered0) / secs);
            System.out.printf(Locale.ROOT, "relay thread CPU=%.1f%% of one core, %.2f us CPU per forwarded packet"
                    + " (limit ~%.0f packets/s per core)%n", cpu / secs / 1e7, cpu / 1000.0 / Math.max(1, forwarded),
                    forwarded * 1e9 / Math.max(1, cpu));
        } finally {
            drain.interrupt();
            drain.join(1000);
            relay.close();
            for (DatagramChannel ch : sinks) {
                ch.close();
            }
            selector.close();
        }
    }

    private static long findThread(String name) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(name)) {
                return t.threadId();
            }
        }
        throw new IllegalStateException("no thread " + name);
    }
}
