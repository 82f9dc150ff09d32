package com.zoomvconnect.api;

import com.zoomvconnect.error.AppException;
import com.zoomvconnect.error.ErrorCode;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where failures become the API's error shape {@code {"error":{"code","message"}}}. */
public final class ApiErrors {
    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

    private ApiErrors() {
    }

    /** Installs the translation of every exception type into routing. */
    public static void register(HttpRouting.Builder routing) {
        routing.error(AppException.class, ApiErrors::handleApp);
        routing.error(RequestException.class, (req, res, e) -> send(res, ErrorCode.BAD_REQUEST,
                e.safeMessage() ? e.getMessage() : "Bad request"));
        // Helidon signals protocol outcomes such as 304 Not Modified (static content with an
        // If-None-Match that matches) as exceptions carrying their status: keep that status.
        routing.error(HttpException.class, (req, res, e) -> {
            int status = e.status().code();
            if (status < 400) {
                res.status(e.status()).send();
                return;
            }
            Json.send(res, e.status(), Map.of("error", Map.of("code", status == 404 ? "not_found" : "http_" + status,
                    "message", e.status().reasonPhrase())));
        });
        routing.error(Throwable.class, (req, res, e) -> {
            LOG.error("Unhandled error on {} {}", req.prologue().method().text(), req.path().path(), e);
            send(res, ErrorCode.INTERNAL, "Internal server error");
        });
    }

    private static void handleApp(ServerRequest req, ServerResponse res, AppException e) {
        e.retryAfter().ifPresent(d -> res.header(HeaderNames.RETRY_AFTER, Long.toString(Math.max(1, d.toSeconds()))));
        if (e.errorCode().httpStatus() == 401) {
            res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"zoomvconnect\"");
        }
        send(res, e.errorCode(), e.getMessage());
    }

    public static void send(ServerResponse res, ErrorCode code, String message) {
        Json.send(res, Status.create(code.httpStatus()), Map.of("error", Map.of("code", code.code(), "message", message)));
    }
}
