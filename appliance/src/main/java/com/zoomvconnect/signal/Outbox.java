package com.zoomvconnect.signal;

import io.helidon.websocket.WsCloseCodes;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Everything written to one client, in order, by one virtual thread: messages, pongs and the
 * close frame. Whoever produces an event (another participant's thread, the SFU, a timer) never
 * blocks on this client's socket, and never writes to it either: Helidon's {@code WsSession}
 * builds every frame in one shared buffer without a lock, so a close written by another thread
 * while a data frame is half sent splices the close into that frame and breaks the stream.
 * <p>
 * A client that falls {@code capacity} messages behind is cut off: what is queued is dropped,
 * the close frame ({@code 1013}) goes out after the frame in progress, and if the client does
 * not take even that within {@code abortAfter} its TCP connection is cut.
 */
final class Outbox {
    /** Where the sender thread writes; only ever called from that thread (abort excepted). */
    interface Sink {
        void text(String text);

        void pong(byte[] payload);

        /** A WebSocket ping (RFC 6455 §5.5.2) with no payload. */
        void ping();

        void close(int code, String reason);

        /** Drops the TCP connection without another byte (the client stopped reading). */
        void abort();
    }

    private sealed interface Item {
    }

    private record Text(String text) implements Item {
    }

    private record Ping() implements Item {
    }

    private record Pong(byte[] payload) implements Item {
    }

    private record Close(int code, String reason) implements Item {
    }

    private record Stop() implements Item {
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Outbox.class);

    private final LinkedBlockingQueue<Item> queue;
    private final String name;
    private final int capacity;
    private final Sink sink;
    private final ScheduledExecutorService timer;
    private final long abortAfterMillis;
    /** Held by the sender while it writes, so a closing listener can wait for the frame in progress. */
    private final ReentrantLock writing = new ReentrantLock();
    private final Object state = new Object();
    private boolean closing;
    /** The sender stops before its next write. */
    private volatile boolean done;
    /** The connection has ended; nothing left to abort. */
    private volatile boolean finished;

    Outbox(String name, int capacity, Sink sink, ScheduledExecutorService timer, long abortAfterMillis) {
        this.queue = new LinkedBlockingQueue<>(capacity + 2); // room for the close and stop markers
        this.sink = sink;
        this.timer = timer;
        this.abortAfterMillis = abortAfterMillis;
        this.capacity = capacity;
        this.name = name;
        Thread.ofVirtual().name("signal-out-" + name).start(this::run);
    }

    private void run() {
        try {
            while (true) {
                Item next = queue.take();
                if (next instanceof Stop) {
                    return;
                }
                writing.lock();
                try {
                    if (done) {
                        return;
                    }
                    switch (next) {
                        case Text t -> sink.text(t.text());
                        case Pong p -> sink.pong(p.payload());
                        case Ping p -> sink.ping();
                        case Close c -> {
                            sink.close(c.code(), c.reason());
                            return;
                        }
                        case Stop s -> {
                            return;
                        }
                    }
                } catch (RuntimeException e) {
                    return; // socket gone: Helidon's close or error callback cleans up
                } finally {
                    writing.unlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            done = true;
        }
    }

    /** Queues a message; a client this far behind is closed with 1013 instead. */
    void offer(String text) {
        synchronized (state) {
            if (closing) {
                return;
            }
            if (queue.size() >= capacity) {
                queue.clear(); // the client gets a clean close, not the backlog
                LOG.info("Signaling connection {} fell {} messages behind: closed (1013, too slow)", name, capacity);
                closeLocked(WsCloseCodes.TRY_AGAIN_LATER, "too slow");
                return;
            }
            queue.offer(new Text(text));
        }
    }

    /** Sends a ping in turn with the messages; nothing while closing, or when the queue is full (that client is cut off anyway). */
    void ping() {
        synchronized (state) {
            if (!closing && queue.size() < capacity) { // the last places are the close's and the stop's
                queue.offer(new Ping());
            }
        }
    }

    /** Answers a ping (RFC 6455 §5.5.2) in turn with the messages. */
    void pong(byte[] payload) {
        synchronized (state) {
            if (!closing && queue.size() < capacity) {
                queue.offer(new Pong(payload));
            }
        }
    }

    /** Sends what is queued, then the close frame; cuts the connection if that does not happen in time. */
    void close(int code, String reason) {
        synchronized (state) {
            if (closing) {
                return;
            }
            if (queue.size() >= capacity) {
                queue.clear();
            }
            closeLocked(code, reason);
        }
    }

    private void closeLocked(int code, String reason) {
        closing = true;
        queue.offer(new Close(code, reason));
        // The close frame is queued behind a write that may never finish (a client that stopped
        // reading keeps the socket's buffers full), and a peer that never answers it keeps the
        // connection open: either way it ends here.
        try {
            timer.schedule(this::abortIfOpen, abortAfterMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // shutting down: the server closes every connection anyway
        }
    }

    private void abortIfOpen() {
        if (!finished) {
            finished = true;
            sink.abort();
        }
    }

    /**
     * The client closed (Helidon is about to answer its close frame on its own thread): stop
     * sending, and wait a bounded time for a frame in progress so the answer follows it whole.
     */
    void finish() {
        finished = true;
        synchronized (state) {
            closing = true;
            queue.clear();
            queue.offer(new Stop());
        }
        try {
            if (writing.tryLock(2, TimeUnit.SECONDS)) {
                done = true;
                writing.unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
