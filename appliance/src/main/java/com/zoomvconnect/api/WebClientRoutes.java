package com.zoomvconnect.api;

import com.zoomvconnect.error.ErrorCode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.staticcontent.ClasspathHandlerConfig;
import io.helidon.webserver.staticcontent.StaticContentFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The browser client: static files from the jar's {@code web/} folder, client-side routes
 * (join links {@code /j/<code>}) answered with the app shell, and JSON 404s for unknown API paths.
 */
public final class WebClientRoutes {
    private static final byte[] INDEX = load("web/index.html");

    private WebClientRoutes() {
    }

    public static void register(HttpRouting.Builder routing) {
        routing.any("/api/*", (req, res) -> {
            if (req.path().path().startsWith("/api/docs")) {
                res.next();
                return;
            }
            ApiErrors.send(res, ErrorCode.NOT_FOUND,
                    "No such endpoint: " + req.prologue().method().text() + " " + req.path().path());
        });
        routing.get("/j/*", WebClientRoutes::shell);
        routing.register("/", StaticContentFeature.createService(ClasspathHandlerConfig.builder()
                .location("web")
                .welcome("index.html")
                .build()));
    }

    private static void shell(ServerRequest req, ServerResponse res) {
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.send(INDEX);
    }

    private static byte[] load(String resource) {
        try (InputStream in = WebClientRoutes.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("web client resource missing from the jar: " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
