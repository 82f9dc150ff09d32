package com.zoomvconnect.api;

import com.zoomvconnect.error.ErrorCode;
import io.helidon.webserver.http.HttpRouting;

/**
 * The browser client: static files from the jar's {@code web/} folder, client-side routes
 * (join links {@code /j/<code>}, recordings, the admin dashboard) answered with the app shell, and JSON 404s for unknown API paths.
 */
public final class WebClientRoutes {
    private WebClientRoutes() {
    }

    /** Mounts the web client and the JSON 404 for unknown API paths; mount it after the API resources. */
    public static void routing(HttpRouting.Builder routing) {
        var assets = new WebAssets("web");
        var shell = assets.find("/index.html").orElseThrow(() -> new IllegalStateException("web client missing from the jar"));
        routing.any("/api/*", (req, res) -> {
            if (req.path().path().startsWith("/api/docs")) {
                res.next();
                return;
            }
            ApiErrors.send(res, ErrorCode.NOT_FOUND,
                    "No such endpoint: " + req.prologue().method().text() + " " + req.path().path());
        });
        routing.get("/j/*", (req, res) -> WebAssets.send(req, res, shell));
        // The client's own pages: a reload or a shared link lands on the app shell.
        routing.get("/selftest", (req, res) -> WebAssets.send(req, res, shell)); // the connection test, public
        routing.get("/recordings", (req, res) -> WebAssets.send(req, res, shell));
        routing.get("/recordings/*", (req, res) -> WebAssets.send(req, res, shell));
        routing.get("/admin", (req, res) -> WebAssets.send(req, res, shell)); // the page says who may use it; its API enforces it
        routing.get("/admin/*", (req, res) -> WebAssets.send(req, res, shell));
        routing.any(assets::handle);
    }
}
