package com.zoomvconnect.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.TestAppliance;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A chat flood while one participant stops reading: the others get every message in clean
 * frames, and the stalled one is cut off with a clean close (1013), or — if it does not even take
 * that — loses its connection, but never sees a broken frame.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignalBackpressureTest {
    /** Enough 4 KB messages to fill the stalled client's TCP buffers and then its outbox. */
    private static final int FLOOD = 3000;
    private static final int ROUNDS = 8; // the broken stream showed in 7 of 8 runs

    private Appliance appliance;
    private ApiClient api;
    private String code;

    @BeforeAll
    void start() {
        // No keep-alive closes here: the stalled client must be cut off for falling behind (1013), not for its silence.
        appliance = TestAppliance.startH2WithSignalLimits(SignalLimits.UNLIMITED.withPingInterval(java.time.Duration.ofMinutes(30)));
        api = new ApiClient(appliance.httpsPort());
        var r = api.post("/api/v1/auth/register", null, Map.of("email", "bp@example.com", "password", "password1", "displayName", "B"));
        code = api.post("/api/v1/meetings", r.json().path("accessToken").asText(), Map.of("title", "flood", "allowGuests", true))
                .json().path("code").asText();
    }

    @AfterAll
    void stop() {
        appliance.close();
    }

    private RawSignalSocket joined(String name, int receiveBuffer) throws IOException {
        String token = api.post("/api/v1/meetings/" + code + "/join", null, Map.of("displayName", name)).json().path("token").asText();
        var s = new RawSignalSocket(appliance.httpsPort(), receiveBuffer);
        s.send("{\"type\":\"join\",\"token\":\"" + token + "\"}");
        var welcome = s.nextType("welcome");
        assertEquals("welcome", welcome.json().path("type").asText());
        return s;
    }

    /** Reads on its own thread until {@code expected} chats arrived; fails on any malformed frame. */
    private static CompletableFuture<Integer> readChats(RawSignalSocket s, int expected) {
        var done = new CompletableFuture<Integer>();
        Thread.ofVirtual().start(() -> {
            int chats = 0;
            try {
                while (chats < expected) {
                    var f = s.next();
                    if (f.isClose()) {
                        throw new AssertionError("a reading client was closed (" + f.closeCode() + ") after " + chats + " chats");
                    }
                    if (f.json().path("type").asText().equals("chat")) {
                        chats++;
                    }
                }
                done.complete(chats);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        return done;
    }

    @Test
    void aStalledClientIsClosedCleanlyWhileOthersGetWholeFrames() throws Exception {
        for (int round = 1; round <= ROUNDS; round++) {
            try (var slow = joined("Slow" + round, 4096);
                 var reader = joined("Reader" + round, 0);
                 var flooder = joined("Flooder" + round, 0)) {
                var readerGot = readChats(reader, FLOOD);
                var flooderGot = readChats(flooder, FLOOD);
                String text = "x".repeat(3990); // with the counter, within the 4000-character chat limit
                var flood = CompletableFuture.runAsync(() -> {
                    try {
                        for (int i = 0; i < FLOOD; i++) {
                            flooder.send("{\"type\":\"chat\",\"text\":\"" + i + text + "\"}");
                        }
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }, r -> Thread.ofVirtual().start(r));
                try {
                    flood.get(120, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    fail("round " + round + ": the server stopped reading the flooder (a write to the stalled client blocked it)");
                }
                assertEquals(FLOOD, readerGot.get(120, TimeUnit.SECONDS), "round " + round);
                assertEquals(FLOOD, flooderGot.get(120, TimeUnit.SECONDS), "round " + round);

                // Now the stalled client reads what it was sent: whole frames, then the end.
                var chats = new AtomicInteger();
                try {
                    while (true) {
                        var f = slow.next();
                        if (f.isClose()) {
                            assertEquals(1013, f.closeCode(), "round " + round + ": close code");
                            System.out.println("round " + round + ": stalled client closed with 1013 after " + chats + " chats");
                            break;
                        }
                        if (f.json().path("type").asText().equals("chat")) {
                            chats.incrementAndGet();
                        }
                    }
                } catch (RawSignalSocket.MalformedFrame e) {
                    fail("round " + round + ": stalled client got a broken frame after " + chats + " chats: " + e.getMessage());
                } catch (SocketTimeoutException e) {
                    fail("round " + round + ": stalled client was never cut off (" + chats + " chats)");
                } catch (EOFException | SocketException e) {
                    // cut off before it took even the close frame: the connection ended, no broken frame
                    System.out.println("round " + round + ": stalled client's connection cut after " + chats + " chats");
                }
                assertTrue(chats.get() < FLOOD, "round " + round + ": the stalled client was cut off, not buffered");
            }
        }
    }
}
