package com.zoomvconnect.api;

import com.zoomvconnect.error.ErrorCode;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRules;

/** Shared routing rules for API services. */
final class Routes {
    private Routes() {
    }

    /** Answers 405 in the API's error shape for any other method on these paths. */
    static void methodNotAllowed(HttpRules rules, String... paths) {
        for (String path : paths) {
            rules.any(path, (req, res) -> {
                if (req.prologue().method() == Method.OPTIONS) {
                    res.status(204).send();
                    return;
                }
                ApiErrors.send(res, ErrorCode.METHOD_NOT_ALLOWED,
                        "Method " + req.prologue().method().text() + " is not allowed on " + req.prologue().uriPath().path());
            });
        }
    }

    static int intParam(io.helidon.webserver.http.ServerRequest req, String name, int fallback, int min, int max) {
        var value = req.query().first(name);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(value.get());
            if (v < min || v > max) {
                throw com.zoomvconnect.error.AppException.invalidField(name, "must be between " + min + " and " + max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw com.zoomvconnect.error.AppException.invalidField(name, "must be a whole number");
        }
    }
}
