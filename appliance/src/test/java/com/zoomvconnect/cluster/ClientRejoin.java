package com.zoomvconnect.cluster;

import com.zoomvconnect.loadgen.SignalClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What the cluster tests' synthetic clients do when their node dies: the web client's rejoin, and
 * waiting for a condition. A class of its own (not {@link ThreeNodesTest}'s) so that a test using it
 * does not reach that class's browser step (SuiteOrderTest).
 */
final class ClientRejoin {
    /** The web client's pauses before each rejoin attempt (web-static js/app.js), the first two resuming on the same URL. */
    static final long[] REJOIN_DELAYS_MS = {0, 1000, 2000, 3000, 4000, 5000, 6000, 7000,
        8000, 8000, 8000, 8000, 8000, 8000, 8000, 8000, 8000, 8000, 8000, 8000};
    static final int RESUME_ATTEMPTS = 2;

    private ClientRejoin() {
    }

    /**
     * The web client's rejoin (js/app.js): once the socket closes, resume on the same URL (a dead
     * node does not answer), then ask for a fresh grant, which names the meeting's node now, and
     * connect there; the pauses between attempts are the web client's.
     */
    static <T> T rejoin(SignalClient old, Supplier<T> freshGrant) {
        try {
            old.closed().get(15, TimeUnit.SECONDS);
            long closedAt = System.nanoTime();
            RuntimeException last = null;
            for (int attempt = 0; attempt < REJOIN_DELAYS_MS.length; attempt++) {
                Thread.sleep(REJOIN_DELAYS_MS[attempt]);
                if (attempt < RESUME_ATTEMPTS) {
                    if (answers(old.url())) {
                        throw new AssertionError("the killed node still answers at " + old.url());
                    }
                    continue;
                }
                try {
                    T joined = freshGrant.get();
                    System.out.printf("rejoined at attempt %d, %d ms after the socket closed%n", attempt,
                            (System.nanoTime() - closedAt) / 1_000_000);
                    return joined;
                } catch (RuntimeException e) {
                    last = e; // the grant still named the dead node, or the connection failed: the next attempt
                    System.out.printf("rejoin attempt %d failed %d ms after the socket closed: %s%n", attempt,
                            (System.nanoTime() - closedAt) / 1_000_000, e);
                }
            }
            throw new AssertionError("could not rejoin in " + REJOIN_DELAYS_MS.length + " attempts", last);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether anything accepts a connection at the URL's host and port (a resume's first step). */
    private static boolean answers(String url) {
        URI u = URI.create(url);
        try (var s = new Socket()) {
            s.connect(new InetSocketAddress(u.getHost(), u.getPort()), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
