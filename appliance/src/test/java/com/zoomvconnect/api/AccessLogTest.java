package com.zoomvconnect.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.TestAppliance;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The access log as an administrator's tools read it: one request, one line, fields that cannot be forged. */
class AccessLogTest {
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private OutputStreamAppender<ILoggingEvent> appender;
    private Logger accessLogger;

    @BeforeEach
    void capture() {
        var context = (LoggerContext) LoggerFactory.getILoggerFactory();
        var encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%msg%n");
        encoder.start();
        appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setOutputStream(captured);
        appender.setImmediateFlush(true);
        appender.start();
        accessLogger = context.getLogger("zoomvconnect.access");
        accessLogger.addAppender(appender);
    }

    @AfterEach
    void release() {
        accessLogger.detachAppender(appender);
        appender.stop();
    }

    private List<String> lines() {
        synchronized (captured) {
            return captured.toString(StandardCharsets.UTF_8).lines().toList();
        }
    }

    private List<String> awaitLinesContaining(String marker) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            var found = lines().stream().filter(l -> l.contains(marker)).toList();
            if (!found.isEmpty() || System.nanoTime() > deadline) {
                return found;
            }
            Thread.sleep(50);
        }
    }

    @Test
    void controlCharactersAndNonAsciiInThePathAreEscapedOnOneLine() throws Exception {
        try (Appliance a = TestAppliance.startH2()) {
            var api = new ApiClient(a.httpsPort());
            // A CR LF that would start a forged entry, an ANSI escape that would recolour a terminal, and "é".
            String forged = "/j/marker%0d%0a10.0.0.1%20GET%20/api/v1/admin/settings%20200%200ms%1b%5B31mcaf%C3%A9";
            assertEquals(200, api.get(forged, null).status());
            var found = awaitLinesContaining("marker");
            assertEquals(1, found.size(), "one request, one line: " + lines());
            String line = found.get(0);
            assertTrue(line.contains("/j/marker%0D%0A10.0.0.1%20GET%20/api/v1/admin/settings%20200%200ms%1B[31mcaf%C3%A9 200 "),
                    "the path is logged percent-encoded, as one field: " + line);
            assertTrue(lines().stream().noneMatch(l -> l.startsWith("10.0.0.1")), "no forged entry: " + lines());
            for (char c : line.toCharArray()) {
                assertTrue(c >= 0x20 && c < 0x7f, "only printable ASCII in " + line);
            }
        }
    }

    @Test
    void errorResponsesAreLoggedWithTheirStatus() throws Exception {
        try (Appliance a = TestAppliance.startH2()) {
            var api = new ApiClient(a.httpsPort());
            assertEquals(401, api.get("/api/v1/auth/me?probe=unauthenticated", null).status());
            assertEquals(404, api.get("/js/probe-missing.js", null).status());
            var me = awaitLinesContaining("/api/v1/auth/me");
            assertEquals(1, me.size(), lines().toString());
            assertTrue(me.get(0).contains(" GET /api/v1/auth/me 401 "), me.get(0));
            var missing = awaitLinesContaining("/js/probe-missing.js");
            assertEquals(1, missing.size(), lines().toString());
            assertTrue(missing.get(0).contains(" GET /js/probe-missing.js 404 "), missing.get(0));
        }
    }
}
