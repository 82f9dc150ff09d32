package com.zoomvconnect.e2e;

import com.zoomvconnect.testing.DelayLine;
import com.zoomvconnect.testing.NetNamespace;
import java.io.IOException;

/**
 * The impairments of {@link ImpairedNetworkBenchmark}, laid on a namespace's veth link without
 * {@code sch_netem} (this kernel has none): {@code tbf} on the host's end for a downlink rate,
 * nftables {@code numgen random} for loss and a plain {@code drop} for a blackout (on both ends,
 * so both ways), and a {@link DelayLine} the namespace's media already flows through for delay.
 * Loss and blackout rules match only the veth, never loopback (the DevTools relay stays up).
 */
final class ImpairedLink {
    /** One condition of the matrix: what the viewer's link suffers and for how long. */
    enum Condition {
        LOSS_5("5 % loss both ways", 30),
        LOSS_10("10 % loss both ways", 30),
        DOWN_1M("1 Mbit/s downlink", 30),
        DOWN_300K("300 kbit/s downlink", 30),
        DELAY_150("+150 ms each way", 30),
        BLACKOUT_5S("5 s blackout both ways", 5);

        final String label;
        final int seconds;

        Condition(String label, int seconds) {
            this.label = label;
            this.seconds = seconds;
        }
    }

    private final NetNamespace ns;
    private final DelayLine delay;

    ImpairedLink(NetNamespace ns, DelayLine delay) {
        this.ns = ns;
        this.delay = delay;
    }

    /** A link without a delay line: every condition but {@link Condition#DELAY_150}. */
    ImpairedLink(NetNamespace ns) {
        this(ns, null);
    }

    void apply(Condition c) throws IOException {
        switch (c) {
            case LOSS_5 -> drop("numgen random mod 100 < 5 ");
            case LOSS_10 -> drop("numgen random mod 100 < 10 ");
            case DOWN_1M -> rate("1mbit");
            case DOWN_300K -> rate("300kbit");
            case DELAY_150 -> {
                if (delay == null) {
                    throw new IllegalStateException("this link has no delay line");
                }
                delay.delay(150);
            }
            case BLACKOUT_5S -> drop("");
        }
    }

    /** Back to a clean link, whatever was applied. */
    void clear() {
        if (delay != null) {
            delay.delay(0);
        }
        quiet("tc", "qdisc", "del", "dev", ns.hostInterface(), "root");
        quiet("nft", "delete", "table", "inet", "zvcimp");
        try {
            ns.firewall();
        } catch (IOException e) {
            throw new IllegalStateException("cannot clear the namespace's filter", e);
        }
    }

    /** Drops what matches {@code match} on the veth, leaving the host and the namespace. */
    private void drop(String match) throws IOException {
        run("nft", "add", "table", "inet", "zvcimp");
        run("nft", "add", "chain", "inet", "zvcimp", "out", "{ type filter hook output priority 0; }");
        run(("nft add rule inet zvcimp out oifname " + ns.hostInterface() + " " + match + "drop").split(" "));
        ns.firewall("oifname " + ns.nsInterface() + " " + match + "drop");
    }

    /** A token bucket on the host's end: the namespace's downlink, with 200 ms of queue. */
    private void rate(String rate) throws IOException {
        run("tc", "qdisc", "replace", "dev", ns.hostInterface(), "root", "tbf", "rate", rate, "burst", "16kbit",
                "latency", "200ms");
    }

    private static void run(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", cmd) + ": " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static void quiet(String... cmd) {
        try {
            new ProcessBuilder(cmd).redirectErrorStream(true).start().waitFor();
        } catch (IOException | InterruptedException e) {
            // cleanup only
        }
    }
}
