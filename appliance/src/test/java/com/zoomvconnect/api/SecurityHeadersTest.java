package com.zoomvconnect.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.TestAppliance;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Error responses carry the same security headers as a 200: those the API sends, those Helidon
 * sends itself (no route, body over the server's limit, a malformed request), and static 404s.
 * Real HTTPS requests against a real appliance.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityHeadersTest {
    private static final List<String> HEADERS = List.of("content-security-policy", "strict-transport-security",
            "x-content-type-options", "referrer-policy", "permissions-policy", "x-frame-options", "cross-origin-opener-policy");

    private Appliance appliance;
    private ApiClient api;
    private String hostToken;
    private String membersOnlyMeeting;
    private Map<String, String> reference;

    /** Status and headers (lower-case names) of one response. */
    record Reply(int status, Map<String, String> headers) {
        static Reply of(ApiClient.Response r) {
            var h = new TreeMap<String, String>();
            r.raw().headers().map().forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), v.get(0)));
            return new Reply(r.status(), h);
        }
    }

    /** One way to get an error status out of the appliance. */
    enum ErrorCase {
        MALFORMED_JSON(400, t -> Reply.of(t.api.post("/api/v1/auth/login", null, "{not json"))),
        HELIDON_BAD_REQUEST(400, t -> t.raw("GET / HTTP/1.1\r\nHost: localhost\r\nno colon in this header\r\n\r\n")),
        UNAUTHENTICATED(401, t -> Reply.of(t.api.get("/api/v1/auth/me", null))),
        GUESTS_NOT_ALLOWED(403, t -> Reply.of(t.api.post("/api/v1/meetings/" + t.membersOnlyMeeting + "/join", null,
                Map.of("displayName", "Guest")))),
        UNKNOWN_API_PATH(404, t -> Reply.of(t.api.get("/api/v1/no-such-thing", null))),
        UNKNOWN_MEETING(404, t -> Reply.of(t.api.get("/api/v1/meetings/" + java.util.UUID.randomUUID(), t.hostToken))),
        STATIC_FILE_NOT_FOUND(404, t -> Reply.of(t.api.get("/js/no-such-module.js", null))),
        NO_ROUTE_FOR_METHOD(404, t -> Reply.of(t.api.raw("DELETE", "/css/app.css", null, null, null))),
        METHOD_NOT_ALLOWED(405, t -> Reply.of(t.api.raw("PUT", "/api/v1/auth/login", null, "application/json", "{}"))),
        EMAIL_TAKEN(409, t -> Reply.of(t.api.post("/api/v1/auth/register", null,
                Map.of("email", "host@example.com", "password", "password1", "displayName", "Again")))),
        BODY_OVER_API_LIMIT(413, t -> Reply.of(t.api.post("/api/v1/auth/login", null,
                "{\"email\":\"" + "x".repeat(Json.MAX_BODY_BYTES) + "\"}"))),
        BODY_OVER_SERVER_LIMIT(413, t -> t.raw("POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: 100000000\r\n\r\n")),
        NOT_JSON(415, t -> Reply.of(t.api.raw("POST", "/api/v1/auth/login", null, "text/plain", "hello"))),
        TOO_MANY_LOGINS(429, t -> {
            ApiClient.Response r;
            int attempts = 0;
            do {
                r = t.api.post("/api/v1/auth/login", null, Map.of("email", "host@example.com", "password", "wrong" + attempts));
            } while (r.status() == 401 && ++attempts < 50);
            return Reply.of(r);
        });

        final int status;
        final Function<SecurityHeadersTest, Reply> request;

        ErrorCase(int status, Function<SecurityHeadersTest, Reply> request) {
            this.status = status;
            this.request = request;
        }
    }

    @BeforeAll
    void start() {
        appliance = TestAppliance.startH2();
        api = new ApiClient(appliance.httpsPort());
        var host = api.post("/api/v1/auth/register", null,
                Map.of("email", "host@example.com", "password", "password1", "displayName", "Host"));
        assertEquals(201, host.status(), host.body());
        hostToken = host.json().path("accessToken").asText();
        var m = api.post("/api/v1/meetings", hostToken, Map.of("title", "Members only", "allowGuests", false));
        assertEquals(201, m.status(), m.body());
        membersOnlyMeeting = m.json().path("code").asText();
        reference = Reply.of(api.get("/", null)).headers();
    }

    @AfterAll
    void stop() {
        appliance.close();
    }

    @ParameterizedTest
    @EnumSource(ErrorCase.class)
    void errorResponsesCarryTheSecurityHeadersOfA200(ErrorCase c) {
        Reply r = c.request.apply(this);
        assertEquals(c.status, r.status(), c + " " + r);
        for (String name : HEADERS) {
            assertNotNull(reference.get(name), "a 200 carries " + name);
            assertEquals(reference.get(name), r.headers().get(name), name + " on " + c + " (" + r.status() + ")");
        }
        assertTrue(r.headers().getOrDefault("content-type", "").startsWith("application/json"),
                "errors use the API's error shape: " + r);
    }

    /** One request written byte for byte, for what an HTTP client library would refuse to send. */
    private Reply raw(String request) {
        try (var socket = (SSLSocket) ApiClient.trustAll().getSocketFactory().createSocket("localhost", appliance.httpsPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            String head = readHead(socket.getInputStream());
            String[] lines = head.split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            var headers = new TreeMap<String, String>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.putIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
            return new Reply(status, headers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        var head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed inside the response head: " + head);
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }
}
