package com.zoomvconnect.media.sfu;

import com.zoomvconnect.media.net.UdpEndpoint;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The threads beside the receiving one that run a shared fan-out's groups ({@link SharedFanOut}):
 * {@link #wake} asks each of them to run the ready groups, at most one such request waiting per
 * thread, and {@link #runsHere} says whether the calling thread may run groups itself.
 */
abstract sealed class FanOutHelpers implements AutoCloseable {
    /** Threads beside the receiving one; 0: fan-outs are not shared. */
    abstract int count();

    /** Runs {@code drain} on every helper (in batch mode: every worker but the calling one) that has no run of it waiting. */
    abstract void wake(Runnable drain);

    /** True if the calling thread may run groups: its copies leave in the order it sends them, before it lets a group go. */
    abstract boolean runsHere();

    /** Sends what the calling thread wrote and has not sent yet (a group's copies, before the group is let go). */
    abstract void sent();

    @Override
    public abstract void close();

    /**
     * NIO sockets: threads of their own ({@code media-fanout-N}); helper {@code i}, woken by worker
     * {@code w}, sends on socket {@code w + i}, not the waking worker's; sends leave at once.
     */
    static FanOutHelpers threads(int helpers) {
        return new Threads(helpers);
    }

    /** Batch mode: the helpers are the media port's workers, whose sends batch until the worker flushes. */
    static FanOutHelpers workers(UdpEndpoint udp) {
        return new Workers(udp);
    }

    private static final class Threads extends FanOutHelpers {
        private final ThreadPoolExecutor[] helpers;
        private final AtomicBoolean[] waiting;

        Threads(int n) {
            helpers = new ThreadPoolExecutor[Math.max(0, n)];
            waiting = new AtomicBoolean[helpers.length];
            for (int i = 0; i < helpers.length; i++) {
                waiting[i] = new AtomicBoolean();
                helpers[i] = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1),
                        Thread.ofPlatform().name("media-fanout-" + (i + 1)).daemon().factory(),
                        new ThreadPoolExecutor.DiscardPolicy()); // only after close
            }
        }

        @Override
        int count() {
            return helpers.length;
        }

        @Override
        void wake(Runnable drain) {
            int from = Math.max(0, UdpEndpoint.currentWorker());
            for (int i = 0; i < helpers.length; i++) {
                AtomicBoolean w = waiting[i];
                int slot = from + i + 1;
                if (w.compareAndSet(false, true)) {
                    helpers[i].execute(() -> {
                        w.set(false); // before it drains: a group readied from now on wakes it again
                        // a socket other than the waking worker's (docs/performance.md, media workers)
                        UdpEndpoint.sendOn(slot);
                        drain.run();
                    });
                }
            }
        }

        @Override
        boolean runsHere() {
            return true;
        }

        @Override
        void sent() {
            // NIO sends leave at once
        }

        @Override
        public void close() {
            for (ThreadPoolExecutor h : helpers) {
                h.shutdownNow();
            }
        }
    }

    private static final class Workers extends FanOutHelpers {
        private final UdpEndpoint udp;
        private final AtomicBoolean[] waiting;

        Workers(UdpEndpoint udp) {
            this.udp = udp;
            this.waiting = new AtomicBoolean[udp.workers()];
            for (int i = 0; i < waiting.length; i++) {
                waiting[i] = new AtomicBoolean();
            }
        }

        @Override
        int count() {
            return waiting.length - 1;
        }

        @Override
        void wake(Runnable drain) {
            int me = udp.isOwnWorker() ? UdpEndpoint.currentWorker() : -1;
            for (int i = 0; i < waiting.length; i++) {
                AtomicBoolean w = waiting[i];
                if (i != me && w.compareAndSet(false, true)) {
                    udp.executeOnWorker(i, () -> {
                        w.set(false);
                        drain.run();
                    });
                }
            }
        }

        /** A worker of this port only: another thread's datagrams are flushed by the worker whose socket it used, later. */
        @Override
        boolean runsHere() {
            return udp.isOwnWorker();
        }

        @Override
        void sent() {
            udp.flushOwn();
        }

        @Override
        public void close() {
            // the workers are the media port's; it stops them
        }
    }
}
