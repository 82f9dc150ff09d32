package com.zoomvconnect.media.net;

import java.net.InetSocketAddress;

/**
 * Where to send packets back to one remote transport address: a UDP 5-tuple on the shared
 * socket, or an ICE-TCP connection. Sending never blocks the caller for long and never throws.
 */
public interface PacketPath {
    /** Sends one packet (one datagram, or one RFC 4571 frame on TCP). Returns false if it was dropped. */
    boolean send(byte[] buf, int off, int len);

    InetSocketAddress remote();

    /** {@code udp} or {@code tcp}. */
    String protocol();

    /** True while the path can carry packets (TCP connections can close). */
    boolean isOpen();
}
