package com.zoomvconnect.testing.browser;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A browser tab a test drives, whichever browser and protocol is behind it. */
public interface BrowserPage extends AutoCloseable {
    /** Evaluates {@code expression} (awaiting promises) and returns its JSON value. */
    JsonNode evaluate(String expression);

    List<String> consoleLog();

    void screenshot(Path png) throws IOException;

    @Override
    void close();

    /** Polls a JavaScript boolean expression until it is true, failing with the console on timeout. */
    default void waitFor(String expression, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                if (evaluate(expression).asBoolean(false)) {
                    return;
                }
            } catch (IllegalStateException e) {
                last = e.getMessage();
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("timed out after " + timeout + " waiting for: " + expression
                + (last.isEmpty() ? "" : " (last error: " + last + ")") + "\nconsole:\n" + String.join("\n", consoleLog()));
    }
}
