package com.zoomvconnect.media.dtls;

/** Where a DTLS endpoint's records go: the peer's selected ICE path. */
@FunctionalInterface
public interface DatagramSink {
    void send(byte[] buf, int off, int len);
}
