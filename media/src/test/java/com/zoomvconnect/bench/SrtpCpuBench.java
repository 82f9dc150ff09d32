package com.zoomvconnect.bench;

import com.zoomvconnect.media.srtp.SrtpContext;
import com.zoomvconnect.media.srtp.SrtpProfile;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Random;

/**
 * SRTP AES-GCM protect and unprotect, keyed-once GCM against the JDK's GCM cipher initialised per
 * packet, in the CPU time of the measuring thread rather than wall time: on a shared, busy machine
 * (where {@link SrtpBenchmark}'s throughput mostly measures how much of a core the scheduler
 * gave it) a packet's CPU cost still shows. The two are measured in alternating rounds, so load
 * changes hit both; the median round is reported. Run as described in docs/performance.md.
 */
public final class SrtpCpuBench {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private SrtpCpuBench() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int perRound = 20_000;
        if (!SrtpContext.fastGcmAvailable()) {
            throw new IllegalStateException("run with --add-opens java.base/com.sun.crypto.provider=ALL-UNNAMED");
        }
        for (int size : new int[] {100, 1200}) {
            double[][] ns = new double[4][rounds];
            for (int r = 0; r < rounds; r++) {
                for (int variant = 0; variant < 2; variant++) {
                    boolean keyedOnce = variant == 0;
                    double[] pu = measure(keyedOnce, size, perRound, r);
                    ns[variant * 2][r] = pu[0];
                    ns[variant * 2 + 1][r] = pu[1];
                }
            }
            System.out.printf("size %d bytes: keyed-once GCM protect %.0f ns, unprotect %.0f ns; JDK GCM cipher per packet protect %.0f ns,"
                    + " unprotect %.0f ns (CPU time per packet, median of %d rounds)%n", size, median(ns[0]), median(ns[1]),
                    median(ns[2]), median(ns[3]), rounds);
        }
    }

    /** CPU ns per protect and per unprotect of {@code n} packets of {@code size} bytes. */
    private static double[] measure(boolean keyedOnce, int size, int n, int round) {
        byte[] key = new byte[16];
        byte[] salt = new byte[12];
        new Random(round).nextBytes(key);
        var tx = SrtpContext.fromSessionKeys(SrtpProfile.AEAD_AES_128_GCM, key, new byte[0], salt, keyedOnce);
        var rx = SrtpContext.fromSessionKeys(SrtpProfile.AEAD_AES_128_GCM, key, new byte[0], salt, keyedOnce);
        byte[] plain = new byte[size];
        new Random(2).nextBytes(plain);
        plain[0] = (byte) 0x80;
        plain[1] = 96;
        byte[][] packets = new byte[n][];
        int[] lengths = new int[n];
        long t0 = CPU.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) {
            byte[] b = Arrays.copyOf(plain, size + SrtpContext.MAX_OVERHEAD);
            b[2] = (byte) (i >>> 8);
            b[3] = (byte) i;
            lengths[i] = tx.protectRtp(b, 0, size);
            packets[i] = b;
        }
        long t1 = CPU.getCurrentThreadCpuTime();
        int ok = 0;
        for (int i = 0; i < n; i++) {
            ok += rx.unprotectRtp(packets[i], 0, lengths[i]) == size ? 1 : 0;
        }
        long t2 = CPU.getCurrentThreadCpuTime();
        if (ok != n) {
            throw new IllegalStateException("unprotect failed " + (n - ok) + " times");
        }
        return new double[] {(t1 - t0) / (double) n, (t2 - t1) / (double) n};
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
