package com.zoomvconnect.bench;

import com.zoomvconnect.media.srtp.SrtpContext;
import com.zoomvconnect.media.srtp.SrtpProfile;
import java.util.Random;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * SRTP protect and unprotect of RTP packets for both profiles, one thread: packets per second
 * per core. {@code AEAD_AES_128_GCM} is the keyed-once GCM the appliance uses (AES-CTR plus the
 * JDK's GHASH); {@code AEAD_AES_128_GCM_JDK_CIPHER} re-initialises the JDK's GCM cipher per packet,
 * as before. Run as described in docs/performance.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-opens=java.base/com.sun.crypto.provider=ALL-UNNAMED")
public class SrtpBenchmark {
    @Param({"AES128_CM_HMAC_SHA1_80", "AEAD_AES_128_GCM", "AEAD_AES_128_GCM_JDK_CIPHER"})
    public String profile;

    /** Packet length with the RTP header: 1200 for video, 100 for Opus audio. */
    @Param({"1200", "100"})
    public int size;

    private SrtpContext tx;
    private SrtpContext rx;
    private final byte[] packet = new byte[1200 + SrtpContext.MAX_OVERHEAD];
    private final byte[] work = new byte[1200 + SrtpContext.MAX_OVERHEAD];
    private byte[] protectedPacket;
    private int protectedLength;
    private int seq;

    @Setup(Level.Trial)
    public void setUp() {
        byte[] key = new byte[16];
        byte[] salt = new byte[14];
        new Random(1).nextBytes(key);
        if (profile.startsWith("AEAD_AES_128_GCM")) {
            boolean keyedOnce = profile.equals("AEAD_AES_128_GCM");
            if (keyedOnce && !SrtpContext.fastGcmAvailable()) {
                throw new IllegalStateException("java.base/com.sun.crypto.provider is not opened");
            }
            tx = SrtpContext.fromSessionKeys(SrtpProfile.AEAD_AES_128_GCM, key, new byte[0], salt, keyedOnce);
            rx = SrtpContext.fromSessionKeys(SrtpProfile.AEAD_AES_128_GCM, key, new byte[0], salt, keyedOnce);
        } else {
            var p = SrtpProfile.valueOf(profile);
            tx = new SrtpContext(p, key, salt);
            rx = new SrtpContext(p, key, salt);
        }
        new Random(2).nextBytes(packet);
        packet[0] = (byte) 0x80;
        packet[1] = 96;
        protectedPacket = new byte[packet.length];
    }

    @Benchmark
    public int protect() {
        System.arraycopy(packet, 0, work, 0, size);
        int s = seq++ & 0xffff;
        work[2] = (byte) (s >>> 8);
        work[3] = (byte) s;
        return tx.protectRtp(work, 0, size);
    }

    @Setup(Level.Invocation)
    public void prepareUnprotect() {
        // A fresh, valid packet per invocation (replay protection would reject a repeat).
        System.arraycopy(packet, 0, protectedPacket, 0, size);
        int s = seq++ & 0xffff;
        protectedPacket[2] = (byte) (s >>> 8);
        protectedPacket[3] = (byte) s;
        protectedLength = tx.protectRtp(protectedPacket, 0, size);
    }

    @Benchmark
    public int unprotect() {
        return rx.unprotectRtp(protectedPacket, 0, protectedLength);
    }
}
