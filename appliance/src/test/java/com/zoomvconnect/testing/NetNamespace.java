package com.zoomvconnect.testing;

import com.zoomvconnect.testing.browser.Chromium;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A network namespace a test creates, joined to the host by a veth pair on a /24 of its own
 * ({@code 10.77.N.1} on the host side, {@code 10.77.N.2} inside), with an optional nftables
 * output filter inside, and Chromium launched in it. Needs root, iproute2, nftables and socat
 * (Chromium's DevTools socket listens on the namespace's loopback; a socat on the host's
 * loopback enters the namespace for each connection, so the test drives the browser whatever
 * happens to the namespace's links). A second link can be added and the namespace moved onto it
 * and back, as a laptop moves from Wi-Fi to a cable. A missing tool fails loudly. Closing kills
 * every process left in the namespace and the relay, and removes the namespace and its veths.
 */
public final class NetNamespace implements AutoCloseable {
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static final int DEVTOOLS_PORT = 9333;
    private static final Pattern COUNTER = Pattern.compile("counter packets (\\d+)");

    private final String name;
    private final String hostIf;
    private final String hostAddress;
    private final String nsAddress;
    private final Path wrapper;
    private final Path relayPid;
    private int secondSubnet = -1;

    private NetNamespace(int subnet) throws IOException {
        this.name = "zvc-ns" + subnet;
        this.hostIf = "zvh" + subnet;
        this.hostAddress = "10.77." + subnet + ".1";
        this.nsAddress = "10.77." + subnet + ".2";
        this.wrapper = Files.createTempFile("zvc-ns-chromium", ".sh");
        this.relayPid = Files.createTempFile("zvc-ns-relay", ".pid");
    }

    private static int nextSubnet() {
        return (int) (ProcessHandle.current().pid() % 100) + 100 + NEXT.getAndIncrement() % 50;
    }

    /** Creates a namespace with a fresh subnet (stale ones of the same name from a killed run are removed first). */
    public static NetNamespace create() {
        int subnet = nextSubnet();
        try {
            NetNamespace ns = new NetNamespace(subnet);
            ns.setUp();
            return ns;
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a network namespace (needs root, iproute2, nftables, socat)", e);
        }
    }

    private void setUp() throws IOException {
        String nsIf = nsInterface();
        quiet("ip", "link", "del", hostIf);
        quiet("ip", "netns", "del", name);
        run("ip", "netns", "add", name);
        run("ip", "link", "add", hostIf, "type", "veth", "peer", "name", nsIf);
        run("ip", "link", "set", nsIf, "netns", name);
        run("ip", "addr", "add", hostAddress + "/24", "dev", hostIf);
        run("ip", "link", "set", hostIf, "up");
        inside("ip", "addr", "add", nsAddress + "/24", "dev", nsIf);
        inside("ip", "link", "set", nsIf, "up");
        inside("ip", "link", "set", "lo", "up");
        for (String tool : List.of("/usr/sbin/nft", "/usr/bin/socat")) {
            if (!Files.isExecutable(Path.of(tool))) {
                throw new IllegalStateException(tool + " is missing: apt-get install nftables socat");
            }
        }
        int relayPort = Ports.free();
        Files.writeString(wrapper, """
                #!/bin/bash
                args=(); for a in "$@"; do [[ $a == --remote-debugging-port=* ]] && a=--remote-debugging-port=%2$d; args+=("$a"); done
                socat TCP-LISTEN:%3$d,bind=127.0.0.1,fork,reuseaddr 'EXEC:ip netns exec %1$s socat STDIO TCP\\:127.0.0.1\\:%2$d' &
                echo $! > %4$s
                exec ip netns exec %1$s /usr/bin/chromium "${args[@]}" 2> >(sed -u 's#ws://127.0.0.1:%2$d#ws://127.0.0.1:%3$d#' >&2)
                """.formatted(name, DEVTOOLS_PORT, relayPort, relayPid));
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
    }

    public String name() {
        return name;
    }

    /** The host's address on the link (where the namespace reaches the appliance). */
    public String hostAddress() {
        return hostAddress;
    }

    public String nsAddress() {
        return nsAddress;
    }

    /** The veth end on the host's side. */
    public String hostInterface() {
        return hostIf;
    }

    /** The veth end inside the namespace. */
    public String nsInterface() {
        return "zvn" + name.substring("zvc-ns".length());
    }

    /**
     * Replaces the namespace's output filter with {@code rules} (nftables rule lines of an output
     * chain whose policy is accept; end with {@code counter drop} to block the rest and count it).
     */
    public void firewall(String... rules) throws IOException {
        quiet("ip", "netns", "exec", name, "nft", "delete", "table", "inet", "zvc");
        Path file = Files.createTempFile("zvc-nft", ".conf");
        try {
            Files.writeString(file, "table inet zvc {\n  chain out {\n    type filter hook output priority 0; policy accept;\n    "
                    + String.join("\n    ", rules) + "\n  }\n}\n");
            inside("nft", "-f", file.toString());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * Sends the namespace's UDP for the host's {@code port} to the host's {@code toPort} instead
     * (destination NAT inside the namespace; its programs see answers from the address they used),
     * e.g. through a {@link DelayLine}. Applies to flows that start afterwards.
     */
    public void redirectUdp(int port, int toPort) throws IOException {
        inside("nft", "add", "table", "ip", "zvcnat");
        inside("nft", "add", "chain", "ip", "zvcnat", "out", "{ type nat hook output priority -100; }");
        inside("nft", "add", "rule", "ip", "zvcnat", "out", "ip", "daddr", hostAddress, "udp", "dport", String.valueOf(port),
                "dnat", "to", hostAddress + ":" + toPort);
    }

    /** Packets counted by the last rule of the filter (its {@code counter drop}). */
    public long blockedPackets() throws IOException {
        Matcher m = COUNTER.matcher(output("ip", "netns", "exec", name, "nft", "list", "chain", "inet", "zvc", "out"));
        long last = -1;
        while (m.find()) {
            last = Long.parseLong(m.group(1));
        }
        if (last < 0) {
            throw new IllegalStateException("no counter in the namespace's filter");
        }
        return last;
    }

    /**
     * Adds a second veth pair on a /24 of its own ({@code 10.77.M.1} on the host); inside it stays
     * down until {@link #moveToSecondLink}.
     */
    public void addSecondLink() throws IOException {
        secondSubnet = nextSubnet();
        String h = "zvh" + secondSubnet;
        String n = "zvn" + secondSubnet;
        quiet("ip", "link", "del", h);
        run("ip", "link", "add", h, "type", "veth", "peer", "name", n);
        run("ip", "link", "set", n, "netns", name);
        run("ip", "addr", "add", "10.77." + secondSubnet + ".1/24", "dev", h);
        run("ip", "link", "set", h, "up");
    }

    /**
     * Takes the namespace off its first link (its address there is gone) and onto the second,
     * with a default route through it, so the host (including {@link #hostAddress()}) is reached
     * from a new address by a new way, as after Wi-Fi to cable.
     */
    public void moveToSecondLink() throws IOException {
        String n = "zvn" + secondSubnet;
        inside("ip", "addr", "flush", "dev", nsInterface());
        inside("ip", "link", "set", nsInterface(), "down");
        inside("ip", "link", "set", n, "up");
        inside("ip", "addr", "add", secondAddress() + "/24", "dev", n);
        inside("ip", "route", "add", "default", "via", "10.77." + secondSubnet + ".1");
    }

    /** Undoes {@link #moveToSecondLink}: back on the first link, the second down. */
    public void moveToFirstLink() throws IOException {
        String n = "zvn" + secondSubnet;
        quiet("ip", "netns", "exec", name, "ip", "route", "del", "default");
        inside("ip", "addr", "flush", "dev", n);
        inside("ip", "link", "set", n, "down");
        inside("ip", "link", "set", nsInterface(), "up");
        inside("ip", "addr", "add", nsAddress + "/24", "dev", nsInterface());
    }

    /** The namespace's address on its second link. */
    public String secondAddress() {
        return "10.77." + secondSubnet + ".2";
    }

    /** A headless Chromium inside the namespace, driven from the host. */
    public Chromium chromium(String... flags) {
        return Chromium.launchBinary(wrapper.toString(), flags);
    }

    /** Runs a command inside the namespace. */
    public void inside(String... cmd) throws IOException {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", name));
        all.addAll(List.of(cmd));
        run(all.toArray(String[]::new));
    }

    @Override
    public void close() {
        // Chromium and socat started inside keep the namespace alive: end them first.
        try {
            for (String pid : output("ip", "netns", "pids", name).split("\\s+")) {
                if (!pid.isBlank()) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        } catch (IOException | RuntimeException e) {
            // removing anyway
        }
        try {
            String pid = Files.readString(relayPid).trim();
            if (!pid.isEmpty()) {
                // The relay's forks (one per DevTools connection) end with their connections.
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
            }
            Files.deleteIfExists(relayPid);
        } catch (IOException | RuntimeException e) {
            // no relay was started
        }
        quiet("ip", "link", "del", hostIf);
        if (secondSubnet >= 0) {
            quiet("ip", "link", "del", "zvh" + secondSubnet);
        }
        quiet("ip", "netns", "del", name);
        try {
            Files.deleteIfExists(wrapper);
        } catch (IOException e) {
            // a temp file
        }
    }

    private static void run(String... cmd) throws IOException {
        output(cmd);
    }

    private static String output(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return out;
    }

    private static void quiet(String... cmd) {
        try {
            new ProcessBuilder(cmd).redirectErrorStream(true).start().waitFor(30, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            // cleanup only
        }
    }
}
