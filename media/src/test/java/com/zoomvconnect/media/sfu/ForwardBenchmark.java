package com.zoomvconnect.media.sfu;

import com.zoomvconnect.media.net.PacketKind;
import com.zoomvconnect.media.rtp.RtpPacket;
import com.zoomvconnect.media.srtp.SrtpContext;
import com.zoomvconnect.media.srtp.SrtpProfile;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JVM's part of forwarding: one publisher's packet into the SFU's packet path and out to
 * {@code subscribers} down-tracks (SRTP unprotect, the receive stages, and per copy the down-track's
 * decision, the header rewrite and SRTP protect with AES-GCM as browsers negotiate it), on one media
 * worker, with the socket left out: each subscriber's path counts the datagram and returns. The
 * score is per packet in; divided by {@code subscribers} it is the JVM's time per copy, which the
 * load generator's runs add the kernel's {@code sendmmsg} to (docs/performance.md, "The 360p tail
 * taken apart"). Run as docs/performance.md describes for {@code SrtpBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-opens=java.base/com.sun.crypto.provider=ALL-UNNAMED")
public class ForwardBenchmark {
    private static final SrtpProfile PROFILE = SrtpProfile.AEAD_AES_128_GCM;

    @Param({"500"})
    public int subscribers;

    /** {@code audio}: 100-byte Opus packets; {@code video}: 1 200-byte VP8 packets, one a frame. */
    @Param({"audio", "video"})
    public String kind;

    private SfuFixture fixture;
    private SfuFixture.FakePath publisherPath;
    private SrtpContext publisher;
    private long ssrc;
    private int seq;
    private int picture;
    private final byte[] packet = new byte[1500];
    private final java.util.List<SfuFixture.FakePath> paths = new java.util.ArrayList<>();
    private final java.util.List<SfuParticipant> subscribed = new java.util.ArrayList<>();
    private SfuParticipant pub;

    @Setup(Level.Trial)
    public void setUp() {
        if (!SrtpContext.fastGcmAvailable()) {
            throw new IllegalStateException("java.base/com.sun.crypto.provider is not opened");
        }
        // logback without a configuration logs DEBUG: a line per handshake of the setup, none per packet, but noise
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        fixture = new SfuFixture(1, false);
        pub = fixture.join("room", "pub", SfuFixture.quietListener());
        publisherPath = new SfuFixture.FakePath(40000);
        long audio = fixture.publishThroughIce(pub, publisherPath, PROFILE);
        ssrc = kind.equals("audio") ? audio : audio + 1; // the offer's camera SSRC follows the microphone's
        for (int i = 0; i < subscribers; i++) {
            var path = new SfuFixture.FakePath(41000 + i);
            paths.add(path);
            subscribed.add(fixture.subscribeThroughIce("room", "sub" + i, path, PROFILE));
        }
        publisher = SfuFixture.peerContext(PROFILE);
        for (int i = 0; i < 50; i++) {
            forwardOne(); // the first is a key frame: the down-tracks start with it
        }
        int downs = pub.upTracks().stream().filter(u -> u.isVideo() == kind.equals("video")).findFirst().orElseThrow().downs.size();
        if (downs != subscribers) {
            throw new IllegalStateException(downs + " down-tracks, not " + subscribers);
        }
    }

    /**
     * Consent (RFC 7675) as a client's checks would keep it: the SFU drops a peer 30 s after its last,
     * and a trial runs longer than that.
     */
    @Setup(Level.Iteration)
    public void consent() {
        long now = System.nanoTime();
        pub.publishTransport().lastConsentNanos = now;
        for (SfuParticipant s : subscribed) {
            s.subscribe.lastConsentNanos = now;
        }
    }

    /** Every packet reached every subscriber (RTCP the SFU sends on its own adds a few). */
    @TearDown(Level.Trial)
    public void tearDown() {
        fixture.close();
        long sent = paths.stream().mapToLong(p -> p.sent.get()).sum();
        if (sent < (long) seq * subscribers) {
            throw new IllegalStateException(sent + " datagrams to the subscribers for " + seq + " packets x " + subscribers);
        }
    }

    @Benchmark
    public int forwardOne() {
        int s = seq++;
        int len;
        if (kind.equals("audio")) {
            len = 100;
            fill(SfuFixture.OPUS_PT, s, 960L * s, true);
        } else {
            len = 1200;
            fill(SfuFixture.VP8_PT, s, 3000L * s, true);
            int pic = picture++ & 0x7f;
            packet[12] = (byte) 0x90; // X, S, partition 0
            packet[13] = (byte) 0x80; // I: a picture id follows
            packet[14] = (byte) pic;
            packet[15] = (byte) (s == 0 ? 0x10 : 0x11); // VP8 payload header: P = 0 on a key frame
        }
        int n = publisher.protectRtp(packet, 0, len);
        fixture.sfu.onPacket(PacketKind.RTP_RTCP, packet, 0, n, publisherPath);
        return n;
    }

    private void fill(int pt, int s, long timestamp, boolean marker) {
        packet[0] = (byte) 0x80;
        packet[1] = (byte) ((marker ? 0x80 : 0) | pt);
        RtpPacket.setSequence(packet, 0, s & 0xffff);
        RtpPacket.setTimestamp(packet, 0, timestamp & 0xffffffffL);
        RtpPacket.setSsrc(packet, 0, ssrc);
    }
}
