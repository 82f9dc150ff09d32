package com.zoomvconnect.bench;

import com.zoomvconnect.media.stun.Stun;
import com.zoomvconnect.media.stun.StunException;
import com.zoomvconnect.media.stun.StunMessage;
import com.zoomvconnect.media.stun.StunWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One ICE consent check as the SFU answers it (Sfu.onStun): parse a browser's Binding request
 * (USERNAME, PRIORITY, ICE-CONTROLLING, USE-CANDIDATE, MESSAGE-INTEGRITY, FINGERPRINT), check its
 * fingerprint and integrity with the ICE password, and write the success response with
 * XOR-MAPPED-ADDRESS, MESSAGE-INTEGRITY and FINGERPRINT. A browser sends about one every 2.5 s
 * per transport, the load generator's 1 000 subscribers about 2 000 a second. Run as described in
 * docs/performance.md, with {@code -prof gc} for the bytes per check.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StunCheckBenchmark {
    private final byte[] pwd = "vQBe6ymYk2Tn0Ymf0xUhyqT1".getBytes(StandardCharsets.US_ASCII);
    private byte[] request;
    private InetSocketAddress from;

    @Setup
    public void setUp() throws UnknownHostException {
        byte[] tid = new byte[12];
        for (int i = 0; i < tid.length; i++) {
            tid[i] = (byte) (i * 37 + 5);
        }
        request = new StunWriter(Stun.BINDING_REQUEST, tid)
                .username("sfuF:brW8")
                .priority(1_853_824_767L)
                .tieBreaker(Stun.ICE_CONTROLLING, 0x1234_5678_9abc_def0L)
                .flag(Stun.USE_CANDIDATE)
                .messageIntegrity(pwd)
                .fingerprint()
                .toBytes();
        from = new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, 0, 0, 7}), 54_321);
    }

    @Benchmark
    public byte[] consentCheck() throws StunException {
        StunMessage m = StunMessage.parse(request, 0, request.length);
        if (!m.verifyFingerprint(false) || !m.verifyIntegrity(pwd)) {
            throw new IllegalStateException("the request does not verify");
        }
        return new StunWriter(Stun.BINDING_SUCCESS, m.transactionId())
                .xorMappedAddress(from)
                .messageIntegrity(pwd)
                .fingerprint()
                .toBytes();
    }
}
