package com.zoomvconnect.api;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;

/**
 * Security headers on every response. The web client is served from our own origin only, so
 * the CSP allows nothing else (but compiling WebAssembly, which the background and noise effects
 * run: 'wasm-unsafe-eval' permits no JavaScript eval); camera, microphone and screen capture are allowed for this origin
 * (browsers require it for getUserMedia/getDisplayMedia under a Permissions-Policy).
 *
 * <p>The filter covers responses that routing completes. Helidon clears a response's headers
 * before an error handler runs, and answers some failures (a malformed request, a body over the
 * server's limit) without routing at all: {@link ApiErrors} applies {@link #forPath} on both
 * paths, so an error page is framed, sniffed and referred no more than a 200.
 */
public final class SecurityHeaders implements Filter {
    static final String CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self' wss: ws:; font-src 'self'; "
            + "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    /** The API docs page (Swagger UI) bootstraps with inline script. */
    static final String DOCS_CSP = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'");
    static final String PERMISSIONS = "camera=(self), microphone=(self), display-capture=(self), "
            + "fullscreen=(self), geolocation=(), payment=(), usb=()";

    private static final List<Header> COMMON = List.of(
            HeaderValues.create(HeaderNames.STRICT_TRANSPORT_SECURITY, "max-age=31536000"),
            HeaderValues.create("X-Content-Type-Options", "nosniff"),
            HeaderValues.create("Referrer-Policy", "no-referrer"),
            HeaderValues.create("Permissions-Policy", PERMISSIONS),
            HeaderValues.create("X-Frame-Options", "DENY"),
            HeaderValues.create("Cross-Origin-Opener-Policy", "same-origin"));
    private static final List<Header> APP = with(CSP);
    private static final List<Header> DOCS = with(DOCS_CSP);

    private static List<Header> with(String csp) {
        var all = new java.util.ArrayList<Header>();
        all.add(HeaderValues.create("Content-Security-Policy", csp));
        all.addAll(COMMON);
        return List.copyOf(all);
    }

    /** The headers for a response to {@code path} (the absolute request path). */
    static List<Header> forPath(String path) {
        return path.startsWith("/api/docs") ? DOCS : APP;
    }

    /** Sets the headers on {@code res}, replacing any of the same name. */
    static void apply(ServerRequest req, ServerResponse res) {
        for (Header h : forPath(req.prologue().uriPath().path())) {
            res.header(h);
        }
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        apply(req, res);
        chain.proceed();
    }
}
