package com.zoomvconnect.api;

import com.zoomvconnect.error.AppException;
import com.zoomvconnect.error.ErrorCode;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Checks a request's query string in place of Helidon's own check, which 4.2.0 gets wrong: it refuses the
 * ':' and '@' that RFC 3986 §3.4 allows unencoded (helidon-io/helidon#9862), so a hand-typed
 * {@code ?from=2026-11-30T10:00:00Z} got a bare 400 before any handler saw it. Refused here, with a
 * message saying what to encode: a malformed percent-escape, and characters no URI may hold unencoded.
 */
public final class QueryCheck implements Filter {
    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        check(req.prologue().query().rawValue());
        chain.proceed();
    }

    /** RFC 3986 §2.1 and §3.4: printable ASCII other than space, '"', '<', '>', '\', '^', '`', '{', '|', '}', and whole %XX escapes. */
    static void check(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || hex(raw.charAt(i + 1)) < 0 || hex(raw.charAt(i + 2)) < 0) {
                    throw new AppException(ErrorCode.BAD_REQUEST, "The query string has a '%' not followed by two hex digits "
                            + "at position " + i + ": write a literal '%' as %25");
                }
                i += 2;
            } else if (c <= 0x20 || c >= 0x7f || "\"<>\\^`{|}".indexOf(c) >= 0) {
                throw new AppException(ErrorCode.BAD_REQUEST, "The query string has a character that must be percent-encoded "
                        + "at position " + i + (c > 0x20 && c < 0x7f ? " ('" + c + "')" : ""));
            }
        }
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
