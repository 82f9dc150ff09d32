package com.zoomvconnect.api;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.util.regex.Pattern;

/**
 * The externally visible base URL for links (join links, signaling URL): the configured
 * public URL, or else the HTTPS origin the browser used (from a well-formed Host header).
 */
public final class PublicUrl {
    private static final Pattern HOST = Pattern.compile("^[A-Za-z0-9.\\-]+(:\\d{1,5})?$|^\\[[0-9A-Fa-f:.]+](:\\d{1,5})?$");

    private final String configured;
    private final String fallback;

    /**
     * @param configured public base URL from configuration, blank if none
     * @param fallback   used when the request has no usable Host header
     */
    public PublicUrl(String configured, String fallback) {
        this.configured = strip(configured);
        this.fallback = strip(fallback);
    }

    public String base(ServerRequest req) {
        if (!configured.isEmpty()) {
            return configured;
        }
        return req.headers().first(HeaderNames.HOST)
                .filter(h -> HOST.matcher(h).matches())
                .map(h -> "https://" + h)
                .orElse(fallback);
    }

    /** The WebSocket URL for signaling, on the same origin. */
    public String signaling(ServerRequest req) {
        return base(req).replaceFirst("^http", "ws") + "/signal";
    }

    private static String strip(String url) {
        String u = url == null ? "" : url.trim();
        return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    }
}
