package com.zoomvconnect.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.loadgen.LatencyHistogram;
import com.zoomvconnect.loadgen.SyntheticPublisher;
import com.zoomvconnect.loadgen.SyntheticSubscriber;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.TestAppliance;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The media port flooded faster than it can read (its receive buffer full): what does not fit is
 * dropped by the kernel (counted in {@code UdpRcvbufErrors}), what is read and is not media is
 * dropped with a counter, the appliance stays up and the meeting's media flows again.
 */
class MediaPortFloodTest {
    @Test
    void aFloodOfJunkOnTheMediaPortIsDroppedAndTheMeetingGoesOn() throws Exception {
        try (Appliance a = TestAppliance.startH2()) {
            var api = new ApiClient(a.httpsPort());
            String base = "https://localhost:" + a.httpsPort();
            String token = api.post("/api/v1/auth/register", null, Map.of("email", "h@example.com", "password", "password1",
                    "displayName", "H")).json().path("accessToken").asText();
            String code = api.post("/api/v1/meetings", token, Map.of("title", "Flooded", "allowGuests", true))
                    .json().path("code").asText();
            try (var pub = SyntheticPublisher.start(base, code, "pub", 300_000, 15);
                 var sub = SyntheticSubscriber.start(base, code, "sub", new LatencyHistogram())) {
                await(() -> sub.streamCount() == 2 && sub.totals()[4] > 10, "media before the flood");
                long junkBefore = a.sfu().netCounters().droppedUnknownKind.sum();
                long kernelBefore = udpRcvbufErrors();
                var sent = new AtomicLong();
                long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                List<Thread> senders = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    senders.add(Thread.ofPlatform().start(() -> {
                        // 0xff is none of STUN, DTLS, RTP/RTCP (RFC 7983 §7): read, counted, dropped.
                        ByteBuffer junk = ByteBuffer.allocate(1200);
                        while (junk.hasRemaining()) {
                            junk.put((byte) 0xff);
                        }
                        var to = new InetSocketAddress("127.0.0.1", a.sfu().port());
                        try (var ch = DatagramChannel.open()) {
                            while (System.nanoTime() < until) {
                                junk.rewind();
                                ch.send(junk, to);
                                sent.incrementAndGet();
                            }
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }));
                }
                for (Thread t : senders) {
                    t.join();
                }
                long counted = a.sfu().netCounters().droppedUnknownKind.sum() - junkBefore;
                long kernel = udpRcvbufErrors() - kernelBefore;
                System.out.println("flood: " + sent + " junk datagrams sent, " + counted + " read and dropped by the appliance, "
                        + kernel + " dropped by the kernel (UdpRcvbufErrors, whole host)");
                assertTrue(counted > 0, "junk read from the port is counted");
                long frames = sub.totals()[4];
                await(() -> sub.totals()[4] > frames + 30, "video after the flood");
                assertEquals(200, api.get("/health", null).status());
            }
        }
    }

    /** The host's count of datagrams the kernel dropped for a full receive buffer (/proc/net/snmp). */
    private static long udpRcvbufErrors() throws java.io.IOException {
        List<String> udp = Files.readAllLines(Path.of("/proc/net/snmp")).stream().filter(l -> l.startsWith("Udp:")).toList();
        List<String> names = List.of(udp.get(0).split("\\s+"));
        return Long.parseLong(udp.get(1).split("\\s+")[names.indexOf("RcvbufErrors")]);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
