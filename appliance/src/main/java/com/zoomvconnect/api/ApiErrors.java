package com.zoomvconnect.api;

import com.zoomvconnect.error.AppException;
import com.zoomvconnect.error.ErrorCode;
import io.helidon.http.DirectHandler;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpException;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.ErrorHandler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where failures become the API's error shape {@code {"error":{"code","message"}}}. */
public final class ApiErrors {
    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

    private ApiErrors() {
    }

    /** Installs the translation of every exception type into routing. */
    public static void routing(HttpRouting.Builder routing) {
        routing.error(AppException.class, withHeaders(ApiErrors::handleApp));
        routing.error(RequestException.class, withHeaders((req, res, e) -> send(res, ErrorCode.BAD_REQUEST,
                e.safeMessage() ? e.getMessage() : "Bad request")));
        // Helidon signals protocol outcomes such as 304 Not Modified (static content with an
        // If-None-Match that matches) as exceptions carrying their status: keep that status.
        routing.error(HttpException.class, withHeaders((req, res, e) -> {
            int status = e.status().code();
            if (status < 400) {
                res.status(e.status()).send();
                return;
            }
            Json.send(res, e.status(), body(status, e.status().reasonPhrase()));
        }));
        routing.error(Throwable.class, withHeaders((req, res, e) -> {
            // A state of the server, not a defect: one WARN line per request, no stack trace; clients retry.
            if (isDiskFull(e)) { // nothing was stored: the transaction did not commit
                refuse(req, res, e, ErrorCode.DISK_FULL, "60", "The server's disk is full: the change was not saved");
                return;
            }
            if (isDatabaseUnavailable(e)) {
                refuse(req, res, e, ErrorCode.DATABASE_UNAVAILABLE, "5", "The database is unavailable; try again in a few seconds");
                return;
            }
            LOG.error("Unhandled error on {} {}", AccessLog.escape(req.prologue().method().text()),
                    AccessLog.escape(req.prologue().uriPath().path()), e);
            send(res, ErrorCode.INTERNAL, "Internal server error");
        }));
    }

    private static void refuse(io.helidon.webserver.http.ServerRequest req, io.helidon.webserver.http.ServerResponse res,
                               Throwable e, ErrorCode code, String retryAfter, String message) {
        LOG.warn("{} on {} {}: {}", code.code(), AccessLog.escape(req.prologue().method().text()),
                AccessLog.escape(req.prologue().uriPath().path()), rootMessage(e));
        res.header(HeaderNames.RETRY_AFTER, retryAfter);
        send(res, code, message);
    }

    /**
     * True when {@code e} comes from a database that cannot be reached rather than from a bad
     * query: the pool timed out waiting for a connection, or the driver reports a connection
     * failure (SQLSTATE class 08, SQL:2016 §24.1) or a server shutting down or starting
     * (PostgreSQL's 57P01–57P03).
     */
    static boolean isDatabaseUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException || t instanceof java.sql.SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().matches("57P0[123]"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when the database could not write its file for lack of space (ENOSPC, as the JDK words
     * it) — H2 — or PostgreSQL reports SQLSTATE 53100 {@code disk_full} (it could not extend a
     * table's file). H2 wraps it in causes and suppressed exceptions that refer back to each other:
     * each is looked at once.
     */
    static boolean isDiskFull(Throwable e) {
        var seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<Throwable, Boolean>());
        var todo = new java.util.ArrayDeque<Throwable>();
        todo.add(e);
        while (!todo.isEmpty()) {
            Throwable t = todo.poll();
            if (!seen.add(t)) {
                continue;
            }
            if (t instanceof java.io.IOException && String.valueOf(t.getMessage()).contains("No space left on device")
                    || t instanceof java.sql.SQLException sql && "53100".equals(sql.getSQLState())) {
                return true;
            }
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            todo.addAll(java.util.List.of(t.getSuppressed()));
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** Helidon empties a response's headers before an error handler runs; the security headers go back on. */
    private static <T extends Throwable> ErrorHandler<T> withHeaders(ErrorHandler<T> handler) {
        return (req, res, e) -> {
            SecurityHeaders.apply(req, res);
            handler.handle(req, res, e);
        };
    }

    /**
     * For failures Helidon answers without routing (a malformed request line or header, a
     * declared body over the server's limit, an error inside an error handler): the same error
     * shape and security headers as every other response.
     */
    public static DirectHandlers directHandlers() {
        DirectHandler handler = (request, eventType, status, headers, message) -> {
            var response = DirectHandler.TransportResponse.builder()
                    .status(status)
                    .headers(headers)
                    .keepAlive(eventType.keepAlive());
            for (Header h : SecurityHeaders.forPath(request.path())) {
                response.header(h);
            }
            // The message of a request Helidon could not parse is safe by contract, but stays short.
            String text = message == null || message.isBlank() || message.length() > 200 ? status.reasonPhrase() : message;
            try {
                return response.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, "application/json"))
                        .header(HeaderValues.create(HeaderNames.CACHE_CONTROL, "no-store"))
                        .entity(Json.MAPPER.writeValueAsBytes(body(status.code(), text)))
                        .build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        var builder = DirectHandlers.builder();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            builder.addHandler(type, handler);
        }
        return builder.build();
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

    /** The error body for a status Helidon chose: a stable code where one fits the status. */
    private static Map<String, Object> body(int status, String message) {
        String code = switch (status) {
            case 400 -> ErrorCode.BAD_REQUEST.code();
            case 404 -> ErrorCode.NOT_FOUND.code();
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED.code();
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE.code();
            case 500 -> ErrorCode.INTERNAL.code();
            default -> "http_" + status;
        };
        return Map.of("error", Map.of("code", code, "message", message));
    }
}
