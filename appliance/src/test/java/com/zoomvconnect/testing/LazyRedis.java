package com.zoomvconnect.testing;

/**
 * A redis-server for a cluster test class's bus: started on first use, closed after the nodes that
 * use it have stopped (so their buses do not see Redis vanish).
 */
public final class LazyRedis {
    private RedisServer server;

    /** The server's {@code redis://} URI, starting it the first time. */
    public synchronized String uri() {
        if (server == null) {
            server = RedisServer.start();
        }
        return server.uri();
    }

    /** Runs {@code stopNodes}, then closes the server if it was started. */
    public synchronized void closeAfter(Runnable stopNodes) {
        try {
            stopNodes.run();
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }
}
