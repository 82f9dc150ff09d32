package com.zoomvconnect.api;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The organisation's branding, read live from the settings {@code zvc-admin branding set} writes:
 * {@code /branding.css} overrides the web client's colour variables and {@code GET
 * /api/v1/branding} gives the product name, logo and favicon. Short cache lifetimes, so a change
 * shows on the next page load.
 */
public final class BrandingRoutes implements HttpService {
    private final Supplier<Map<String, Object>> branding;

    private BrandingRoutes(Supplier<Map<String, Object>> branding) {
        this.branding = branding;
    }

    /**
     * Mounts {@code /branding.css} and {@code /api/v1/branding}. {@code branding} reads the current
     * settings (the admin service's; a supplier, so the API does not depend on the admin package).
     */
    public static void routing(HttpRouting.Builder routing, Supplier<Map<String, Object>> branding) {
        routing.register(new BrandingRoutes(branding));
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/branding.css", (req, res) -> {
            Map<String, Object> b = branding.get();
            String css = ":root {\n  --zvc-brand: " + b.get("primaryColor") + ";\n  --zvc-surface: " + b.get("accentColor") + ";\n}\n";
            res.header(HeaderNames.CONTENT_TYPE, "text/css; charset=utf-8");
            res.header(HeaderNames.CACHE_CONTROL, "no-cache");
            res.send(css);
        });
        rules.get("/api/v1/branding", (req, res) -> {
            res.header(HeaderNames.CACHE_CONTROL, "no-cache");
            Json.send(res, io.helidon.http.Status.OK_200, branding.get());
        });
    }
}
