package com.zoomvconnect.app;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the appliance has started, in order. {@link #close} stops it in reverse order, and is the
 * one path both for a start that fails halfway and for a normal stop, so the two cannot drift
 * apart. A part that fails to stop does not keep the others running.
 *
 * <p>Threading: filled by the starting thread, closed once by whoever stops the appliance.
 */
final class Started implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Started.class);

    private record Part(String name, AutoCloseable stop) {
    }

    private final Deque<Part> parts = new ArrayDeque<>();

    /** Records {@code part} as started; it is closed before everything started earlier. */
    <T extends AutoCloseable> T add(String name, T part) {
        parts.push(new Part(name, part));
        return part;
    }

    /** Records how to undo a step that is not itself an {@link AutoCloseable}. */
    void onStop(String name, AutoCloseable stop) {
        parts.push(new Part(name, stop));
    }

    /**
     * Stops everything in reverse order. The first failure is thrown once all parts were asked to
     * stop; later ones are attached to it as suppressed.
     */
    @Override
    public void close() {
        RuntimeException failure = null;
        while (!parts.isEmpty()) {
            Part p = parts.pop();
            try {
                p.stop().close();
            } catch (Exception e) {
                LOG.warn("Stopping the {} failed: {}", p.name(), e.toString());
                if (failure == null) {
                    failure = e instanceof RuntimeException r ? r : new IllegalStateException("Stopping the " + p.name() + " failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Stops everything after {@code cause} broke the start; failures to stop are attached to it. */
    void closeAfter(RuntimeException cause) {
        try {
            close();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
