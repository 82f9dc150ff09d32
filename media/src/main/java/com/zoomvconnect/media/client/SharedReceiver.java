package com.zoomvconnect.media.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One platform thread receiving for many {@link ClientPeer}s: their sockets are non-blocking and
 * registered with one selector, and each ready socket is drained before the next wait. A peer on a
 * socket of its own with a virtual thread blocked in {@code receive} costs a wake-up, a re-arm of the
 * poller and a scheduling hop per packet; at hundreds of peers each receiving a packet every few
 * milliseconds that costs the load generator more CPU per packet than the SFU spends forwarding it.
 * Here the thread sleeps {@link #BATCH_NANOS} between rounds, so that a round finds many sockets
 * ready and each packet costs about one {@code recvfrom}; and the SFU's {@code sendto} seldom has a
 * sleeping receiver to wake, as with a real network between them. Packets wait up to that long, which
 * the delay figures of subscribers on a shared receiver include.
 */
public final class SharedReceiver implements AutoCloseable {
    static final long BATCH_NANOS = 1_000_000;
    private static final int MAX_PER_ROUND = 8;
    private final Selector selector;
    private final Queue<ClientPeer> pending = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    public SharedReceiver(String name) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        thread = Thread.ofPlatform().daemon().name(name).start(this::run);
    }

    /** Receives for {@code peer} from now on (its channel is made non-blocking). */
    void add(ClientPeer peer) {
        pending.add(peer);
        selector.wakeup();
    }

    private void run() {
        ByteBuffer buf = ByteBuffer.allocate(2048);
        while (running) {
            try {
                selector.select(200);
            } catch (IOException e) {
                return;
            }
            for (ClientPeer p; (p = pending.poll()) != null; ) {
                try {
                    p.channel().configureBlocking(false);
                    p.channel().register(selector, SelectionKey.OP_READ, p);
                } catch (ClosedChannelException e) {
                    // closed before it got here
                } catch (IOException e) {
                    p.close();
                }
            }
            Iterator<SelectionKey> it = selector.selectedKeys().iterator();
            while (it.hasNext()) {
                SelectionKey key = it.next();
                it.remove();
                ClientPeer peer = (ClientPeer) key.attachment();
                if (!peer.receiving()) {
                    key.cancel();
                    continue;
                }
                DatagramChannel ch = (DatagramChannel) key.channel();
                try {
                    // Level-triggered: a socket with more than this left is ready again next round.
                    for (int i = 0; i < MAX_PER_ROUND; i++) {
                        buf.clear();
                        if (ch.receive(buf) == null) {
                            break;
                        }
                        peer.onDatagram(buf.array(), buf.position(), System.nanoTime());
                    }
                } catch (IOException e) {
                    key.cancel();
                }
            }
            java.util.concurrent.locks.LockSupport.parkNanos(BATCH_NANOS);
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(1000);
            selector.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
