package com.zoomvconnect.signal;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * Messages to one client, sent in order by one virtual thread so that whoever produces an event
 * (another participant's thread, the SFU) never blocks on this client's socket. A client that
 * falls {@code capacity} messages behind is cut off rather than allowed to grow memory.
 */
final class Outbox {
    private static final String CLOSE = "\u0000close";

    private final LinkedBlockingQueue<String> queue;
    private final Thread sender;
    private volatile boolean overflowed;
    private final Runnable onOverflow;

    Outbox(String name, int capacity, Consumer<String> send, Runnable onOverflow) {
        this.queue = new LinkedBlockingQueue<>(capacity);
        this.sender = Thread.ofVirtual().name("signal-out-" + name).start(() -> {
            try {
                while (true) {
                    String next = queue.take();
                    if (next == CLOSE) {
                        return;
                    }
                    try {
                        send.accept(next);
                    } catch (RuntimeException e) {
                        return; // socket gone: the close callback cleans up
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        this.onOverflow = onOverflow;
    }

    void offer(String text) {
        if (!queue.offer(text) && !overflowed) {
            overflowed = true;
            onOverflow.run();
        }
    }

    /** Sends what is queued (up to the close marker), then stops. */
    void drainAndFinish() {
        if (!queue.offer(CLOSE)) {
            sender.interrupt();
        }
    }
}
