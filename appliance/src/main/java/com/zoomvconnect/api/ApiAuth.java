package com.zoomvconnect.api;

import com.zoomvconnect.auth.AuthService;
import com.zoomvconnect.auth.Principal;
import com.zoomvconnect.error.AppException;
import com.zoomvconnect.error.ErrorCode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.net.InetSocketAddress;
import java.util.Optional;

/** Resolves the caller of a request from its bearer token. */
public final class ApiAuth {
    private final AuthService auth;

    public ApiAuth(AuthService auth) {
        this.auth = auth;
    }

    /** The authenticated caller, or 401. */
    public Principal require(ServerRequest req) {
        return optional(req).orElseThrow(() -> new AppException(ErrorCode.UNAUTHORIZED,
                "Sign in first: send 'Authorization: Bearer <access token>'"));
    }

    /** The caller if a bearer token is present (401 if it is present but invalid), else empty. */
    public Optional<Principal> optional(ServerRequest req) {
        Optional<String> header = req.headers().first(HeaderNames.AUTHORIZATION);
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String value = header.get().trim();
        if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new AppException(ErrorCode.INVALID_TOKEN, "Authorization must be 'Bearer <access token>'");
        }
        return Optional.of(auth.authenticate(value.substring(7).trim())
                .orElseThrow(() -> new AppException(ErrorCode.INVALID_TOKEN, "The access token is invalid or expired")));
    }

    /** The admin caller, or 401/403. */
    public Principal requireAdmin(ServerRequest req) {
        Principal p = require(req);
        if (!p.isAdmin()) {
            throw AppException.forbidden("Administrators only");
        }
        return p;
    }

    /** A key identifying the client for rate limits: its IP address. */
    public static String clientKey(ServerRequest req) {
        if (req.remotePeer().address() instanceof InetSocketAddress isa && isa.getAddress() != null) {
            return isa.getAddress().getHostAddress();
        }
        return "unknown";
    }
}
