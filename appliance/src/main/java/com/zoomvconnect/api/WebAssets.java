package com.zoomvconnect.api;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The web client's files, read from the jar's {@code web/} folder once into memory and served
 * with a strong ETag, each when first asked for. Holding them in memory (a few hundred kilobytes,
 * and ~20 MB more once the background effects' models and wasm have been loaded) avoids extracting jar
 * entries to temporary files per request, which raced when a page loaded several modules at once.
 */
final class WebAssets {
    /** A file ready to serve. */
    record Asset(byte[] body, String contentType, String etag) {
    }

    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"), Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"), Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"), Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"),
            Map.entry("ico", "image/x-icon"), Map.entry("json", "application/json"), Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("woff2", "font/woff2"), Map.entry("wasm", "application/wasm"), Map.entry("webmanifest", "application/manifest+json"));

    private final String root;
    private final ConcurrentHashMap<String, Optional<Asset>> cache = new ConcurrentHashMap<>();

    WebAssets(String root) {
        this.root = root;
    }

    /** The asset at a request path ("/" is index.html), or empty. Paths escaping the root are never found. */
    Optional<Asset> find(String path) {
        String p = path.equals("/") || path.isEmpty() ? "/index.html" : path;
        if (p.contains("..") || p.contains("\\") || p.contains("//") || p.indexOf('\0') >= 0 || p.length() > 300) {
            return Optional.empty();
        }
        Optional<Asset> known = cache.get(p);
        if (known != null) {
            return known;
        }
        // Read outside the map: computeIfAbsent would hold the bin's lock through the read, and
        // every other first request hashed to that bin would wait on it. Two first requests for
        // one file may both read it; the first stored is served from then on.
        Optional<Asset> loaded = load(p);
        Optional<Asset> raced = cache.putIfAbsent(p, loaded);
        return raced != null ? raced : loaded;
    }

    private Optional<Asset> load(String p) {
        String resource = root + p;
        try (InputStream in = WebAssets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] body = in.readAllBytes();
            String ext = p.substring(p.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
            String type = TYPES.getOrDefault(ext, "application/octet-stream");
            String etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body), 0, 12) + "\"";
            return Optional.of(new Asset(body, type, etag));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Serves GET/HEAD for a known asset (with 304 revalidation); otherwise passes to the next route. */
    void handle(ServerRequest req, ServerResponse res) {
        Method m = req.prologue().method();
        if (m != Method.GET && m != Method.HEAD) {
            res.next();
            return;
        }
        Optional<Asset> asset = find(req.path().path());
        if (asset.isEmpty()) {
            res.next();
            return;
        }
        send(req, res, asset.get());
    }

    static void send(ServerRequest req, ServerResponse res, Asset a) {
        res.header(HeaderNames.ETAG, a.etag());
        // Revalidate on every load: an upgrade of the appliance must reach browsers at once.
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        if (req.headers().first(HeaderNames.IF_NONE_MATCH).filter(a.etag()::equals).isPresent()) {
            res.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, a.contentType());
        if (req.prologue().method() == Method.HEAD) {
            res.header(HeaderNames.CONTENT_LENGTH, Integer.toString(a.body().length));
            res.send();
            return;
        }
        res.send(a.body());
    }
}
