package com.zoomvconnect.api;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Security headers on every response. The web client is served from our own origin only, so
 * the CSP allows nothing else; camera, microphone and screen capture are allowed for this origin
 * (browsers require it for getUserMedia/getDisplayMedia under a Permissions-Policy).
 */
public final class SecurityHeaders implements Filter {
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self' wss: ws:; font-src 'self'; "
            + "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    /** The API docs page (Swagger UI) bootstraps with inline script. */
    static final String DOCS_CSP = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'");
    static final String PERMISSIONS = "camera=(self), microphone=(self), display-capture=(self), "
            + "fullscreen=(self), geolocation=(), payment=(), usb=()";

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String path = req.path().path();
        res.header(HeaderNames.create("Content-Security-Policy"), path.startsWith("/api/docs") ? DOCS_CSP : CSP);
        res.header(HeaderNames.STRICT_TRANSPORT_SECURITY, "max-age=31536000");
        res.header(HeaderNames.create("X-Content-Type-Options"), "nosniff");
        res.header(HeaderNames.create("Referrer-Policy"), "no-referrer");
        res.header(HeaderNames.create("Permissions-Policy"), PERMISSIONS);
        res.header(HeaderNames.create("X-Frame-Options"), "DENY");
        res.header(HeaderNames.create("Cross-Origin-Opener-Policy"), "same-origin");
        chain.proceed();
    }
}
