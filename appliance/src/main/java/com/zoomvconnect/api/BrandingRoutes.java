package com.zoomvconnect.api;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The organisation's branding, read live from the settings {@code zvc-admin branding set} writes:
 * {@code /branding.css} overrides the web client's colour variables, {@code GET /api/v1/branding}
 * gives the product name, logo and favicon, and the installable app's {@code /manifest.webmanifest}
 * and {@code /icons/*.png} carry the product name and brand colour. Short cache lifetimes, so a
 * change shows on the next page load.
 */
public final class BrandingRoutes implements HttpService {
    /** The app icons the manifest lists (W3C Web App Manifest; 192 and 512 px are what browsers ask for). */
    private enum Icon {
        SMALL("icon-192.png", 192, false),
        LARGE("icon-512.png", 512, false),
        MASKABLE("maskable-512.png", 512, true);

        final String file;
        final int size;
        final boolean maskable;

        Icon(String file, int size, boolean maskable) {
            this.file = file;
            this.size = size;
            this.maskable = maskable;
        }
    }

    private final Supplier<Map<String, Object>> branding;
    /** Rendered icons by icon and colour (a handful: colours change rarely). */
    private final Map<String, byte[]> icons = new java.util.concurrent.ConcurrentHashMap<>();

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
        rules.get("/manifest.webmanifest", (req, res) -> {
            res.header(HeaderNames.CONTENT_TYPE, "application/manifest+json");
            res.header(HeaderNames.CACHE_CONTROL, "no-cache");
            try {
                res.send(Json.MAPPER.writeValueAsBytes(manifest(branding.get())));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        });
        for (Icon icon : Icon.values()) {
            rules.get("/icons/" + icon.file, (req, res) -> {
                String colour = String.valueOf(branding.get().get("primaryColor"));
                res.header(HeaderNames.CONTENT_TYPE, "image/png");
                res.header(HeaderNames.CACHE_CONTROL, "no-cache");
                res.send(icons.computeIfAbsent(icon + colour, k -> AppIcon.png(icon.size, colour, icon.maskable)));
            });
        }
        rules.get("/api/v1/branding", (req, res) -> {
            res.header(HeaderNames.CACHE_CONTROL, "no-cache");
            Json.send(res, io.helidon.http.Status.OK_200, branding.get());
        });
    }

    /** The web app manifest: installable from Chromium, Edge and Safari (standalone, shell start URL). */
    static Map<String, Object> manifest(Map<String, Object> b) {
        String name = String.valueOf(b.get("productName"));
        var m = new java.util.LinkedHashMap<String, Object>();
        m.put("name", name);
        m.put("short_name", name.length() <= 12 ? name : name.substring(0, 12).strip());
        m.put("id", "/");
        m.put("start_url", "/");
        m.put("scope", "/");
        m.put("display", "standalone");
        m.put("background_color", "#ffffff");
        m.put("theme_color", b.get("primaryColor"));
        m.put("icons", java.util.Arrays.stream(Icon.values()).map(i -> Map.of("src", "/icons/" + i.file,
                "sizes", i.size + "x" + i.size, "type", "image/png", "purpose", i.maskable ? "maskable" : "any")).toList());
        return m;
    }
}
