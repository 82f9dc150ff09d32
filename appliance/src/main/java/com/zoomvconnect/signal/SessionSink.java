package com.zoomvconnect.signal;

import io.helidon.common.buffers.BufferData;
import io.helidon.webserver.ConnectionContext;
import io.helidon.websocket.WsSession;

/** A Helidon WebSocket session as an {@link Outbox} writes it: only ever from the outbox's sender thread. */
final class SessionSink implements Outbox.Sink {
    private final WsSession session;
    private final Runnable onAbort;

    SessionSink(WsSession session, Runnable onAbort) {
        this.session = session;
        this.onAbort = onAbort;
    }

    @Override
    public void text(String text) {
        session.send(text, true);
    }

    @Override
    public void pong(byte[] payload) {
        session.pong(BufferData.create(payload));
    }

    @Override
    public void ping() {
        session.ping(BufferData.empty());
    }

    @Override
    public void close(int code, String reason) {
        session.close(code, reason);
    }

    /** Closes the TCP socket under the session; a write blocked on it fails, no frame is written. */
    @Override
    public void abort() {
        if (session.socketContext() instanceof ConnectionContext c) {
            try {
                c.serverSocket().close();
            } catch (RuntimeException e) {
                // already closed
            }
        }
        onAbort.run();
    }
}
