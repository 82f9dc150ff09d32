package com.zoomvconnect.api;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request on the {@code zoomvconnect.access} logger: client, method, path, status,
 * time. The path is the decoded one, so it is percent-encoded again before it is written: a
 * {@code %0d%0a} in a request must not start a forged line, nor a {@code %1b} drive the terminal
 * of whoever reads the log, nor a {@code %20} shift the fields.
 */
public final class AccessLog implements Filter {
    private static final Logger LOG = LoggerFactory.getLogger("zoomvconnect.access");
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long start = System.nanoTime();
        try {
            chain.proceed();
        } finally {
            if (LOG.isInfoEnabled()) {
                String client = req.remotePeer().address() instanceof InetSocketAddress isa && isa.getAddress() != null
                        ? isa.getAddress().getHostAddress() : "-";
                // The query string is left out: it may carry tokens or passcodes. The prologue's
                // path is the whole one; req.path() is relative to the service that handled it.
                LOG.info("{} {} {} {} {}ms", client, escape(req.prologue().method().text()),
                        escape(req.prologue().uriPath().path()), res.status().code(), (System.nanoTime() - start) / 1_000_000);
            }
        }
    }

    /**
     * {@code s} with every character outside printable ASCII, and space and {@code %}, written as
     * the percent-encoded bytes of its UTF-8 form (RFC 3986 §2.1): one field on one line, and
     * unambiguous, since a literal {@code %} becomes {@code %25}.
     */
    static String escape(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > ' ' && c < 0x7f && c != '%') {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            int cp = s.codePointAt(i);
            i += Character.charCount(cp) - 1;
            for (byte b : Character.toString(cp).getBytes(StandardCharsets.UTF_8)) {
                out.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
            }
        }
        return out == null ? s : out.toString();
    }
}
