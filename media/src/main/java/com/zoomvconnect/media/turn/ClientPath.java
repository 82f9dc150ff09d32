package com.zoomvconnect.media.turn;

import java.nio.ByteBuffer;

/**
 * One TURN client as a listener sees it: its 5-tuple and a way to answer it. A listener keeps one
 * path per client and passes the same object with every message, so the server's look-ups cost no
 * allocation. {@link #send} never blocks for long and never throws; a stream path frames nothing
 * (TURN messages delimit themselves, RFC 8656 §12.5) but must keep each message whole.
 */
public interface ClientPath {
    /** Sends the buffer's remaining bytes as one message; false if dropped. */
    boolean send(ByteBuffer message);

    FiveTuple fiveTuple();
}
