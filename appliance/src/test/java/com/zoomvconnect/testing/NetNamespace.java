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
 * (Chromium's DevTools socket listens on the namespace's loopback; socat relays it to
 * {@code 10.77.N.2} so the test drives the browser from the host). A missing tool fails loudly.
 * Closing kills every process left in the namespace and removes it and its veth.
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

    private NetNamespace(int subnet) throws IOException {
        this.name = "zvc-ns" + subnet;
        this.hostIf = "zvh" + subnet;
        this.hostAddress = "10.77." + subnet + ".1";
        this.nsAddress = "10.77." + subnet + ".2";
        this.wrapper = Files.createTempFile("zvc-ns-chromium", ".sh");
    }

    /** Creates a namespace with a fresh subnet (stale ones of the same name from a killed run are removed first). */
    public static NetNamespace create() {
        int subnet = (int) (ProcessHandle.current().pid() % 100) + 100 + NEXT.getAndIncrement() % 50;
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
        Files.writeString(wrapper, """
                #!/bin/bash
                args=(); for a in "$@"; do [[ $a == --remote-debugging-port=* ]] && a=--remote-debugging-port=%3$d; args+=("$a"); done
                ip netns exec %1$s socat TCP-LISTEN:%3$d,bind=%2$s,fork,reuseaddr TCP:127.0.0.1:%3$d &
                exec ip netns exec %1$s /usr/bin/chromium "${args[@]}" 2> >(sed -u 's#ws://127.0.0.1:%3$d#ws://%2$s:%3$d#' >&2)
                """.formatted(name, nsAddress, DEVTOOLS_PORT));
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
        quiet("ip", "link", "del", hostIf);
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
