package com.zoomvconnect.media.turn;

import java.net.InetSocketAddress;

/** A client's 5-tuple (RFC 8656 §2): at most one allocation each (§7.2, 437 on a second). */
public record FiveTuple(ClientTransport transport, InetSocketAddress client, InetSocketAddress server) {
}
