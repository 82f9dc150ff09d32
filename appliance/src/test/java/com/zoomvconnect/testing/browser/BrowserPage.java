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

    /**
     * What a timed-out wait reports of the page: where it is, the room's state, the last steps of
     * its step log (window.zvcNetwork: lobby, join, welcome, publish offer answered, ICE paths...) and the
     * start of its visible text (an error page, a toast).
     */
    String PAGE_STATE = "JSON.stringify({url: location.href, readyState: document.readyState,"
            + " room: window.zvc?.room?.state ?? null,"
            + " network: (window.zvcNetwork ?? []).slice(-15).map(s => new Date(s.at).toISOString().slice(11, 23) + ' ' + s.what),"
            + " text: (document.body?.innerText ?? '').slice(0, 400)})";

    /** Polls a JavaScript boolean expression until it is true, failing with the page's state and console on timeout. */
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
        String page;
        try {
            page = evaluate(PAGE_STATE).asText();
        } catch (RuntimeException e) {
            page = "(not readable: " + e.getMessage() + ")";
        }
        throw new AssertionError("timed out after " + timeout + " waiting for: " + expression
                + (last.isEmpty() ? "" : " (last error: " + last + ")") + "\npage: " + page + "\nconsole:\n"
                + String.join("\n", consoleLog()));
    }
}
