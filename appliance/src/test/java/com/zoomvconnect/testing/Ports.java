package com.zoomvconnect.testing;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ports for the servers tests start in processes of their own (appliances, PostgreSQL, Redis,
 * Keycloak, HAProxy) and for addresses where nothing must listen.
 *
 * <p>A port from {@code bind(0)} lies in the kernel's ephemeral range, the range every outgoing
 * connection takes its local port from: between the probe socket closing and the child process
 * binding the port, a connection of a test running beside may take it (a CI run: a cluster node
 * exited with "Address already in use"). These ports come from below the ephemeral range, each
 * handed out once per JVM and checked free for TCP and UDP alike (an appliance's media and TURN
 * ports are both). The starting point depends on the process id, so two builds on one machine
 * start far apart.
 */
public final class Ports {
    private static final int LOWEST = 10_000;
    private static final int END = ephemeralStart();
    private static final AtomicInteger NEXT = new AtomicInteger(LOWEST + (int) (ProcessHandle.current().pid() * 7919 % (END - LOWEST)));

    private Ports() {
    }

    /** A loopback port free for TCP and UDP now, outside the ephemeral range and not handed out before by this JVM. */
    public static int free() throws IOException {
        for (int i = 0; i < END - LOWEST; i++) {
            int port = LOWEST + Math.floorMod(NEXT.getAndIncrement() - LOWEST, END - LOWEST);
            try (var s = new ServerSocket(port); var d = new DatagramSocket(port)) {
                return port;
            } catch (IOException e) {
                // taken: the next one
            }
        }
        throw new IOException("no port free for TCP and UDP between " + LOWEST + " and " + END);
    }

    /** The first port of the ephemeral range ({@code net.ipv4.ip_local_port_range}), or Linux's default 32768. */
    private static int ephemeralStart() {
        try {
            // readAllLines: Files.readString reads one byte of this file (its size shows as 0), a JDK 25 quirk
            int low = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).getFirst().trim().split("\\s+")[0]);
            if (low <= LOWEST + 1_000) {
                throw new IllegalStateException("the ephemeral port range starts at " + low + ": no room below it for test servers' ports");
            }
            return low;
        } catch (IOException | NumberFormatException e) {
            return 32_768;
        }
    }
}
