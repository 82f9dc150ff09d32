package com.zoomvconnect.auth.sso;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads an identity provider's answer to a sign-in request sent by {@code zvc-admin sso test}: its login
 * page (the request is acceptable) or an error page (Keycloak answers an unregistered redirect URI with
 * HTTP 400 "Invalid parameter: redirect_uri", Entra ID with an AADSTS50011 page), in a few words.
 */
public final class IdpPages {
    private static final Pattern TAGS = Pattern.compile("(?is)<(script|style)[^>]*>.*?</\\1>|<[^>]+>");
    private static final Pattern SPACE = Pattern.compile("\\s+");
    private static final int EXCERPT = 200;

    private IdpPages() {
    }

    /**
     * @param back    where the IdP would send the browser back (a redirect there answers the request)
     * @param accepts said when the IdP went on with the request
     * @param fix     what the administrator should do when it refused
     */
    public static Check judge(String provider, String name, HttpResponse<String> res, String back, String accepts, String fix) {
        int status = res.statusCode();
        if (status >= 300 && status < 400) {
            String location = res.headers().firstValue("Location").orElse("");
            if (location.startsWith(back) && location.contains("error=")) {
                return Check.fail(provider, name, accepts + "; the IdP sent the browser back with " + query(location) + "; " + fix);
            }
            String where = location.startsWith(back) ? "back to the appliance" : "on to " + host(location);
            return Check.pass(provider, name, accepts + "; the IdP accepted it and sent the browser " + where);
        }
        String text = text(res.body());
        String lower = text.toLowerCase(Locale.ROOT);
        boolean complains = lower.contains("aadsts50011") || lower.contains("invalid parameter") || lower.contains("invalid redirect")
                || lower.contains("redirect_uri") && (lower.contains("invalid") || lower.contains("mismatch") || lower.contains("not match"))
                || lower.contains("client not found") || lower.contains("invalid request") || lower.contains("invalid_request");
        if (status >= 400 || complains) {
            return Check.fail(provider, name, accepts + ", but the IdP answered HTTP " + status + " with an error page"
                    + (text.isEmpty() ? "" : " (\"" + excerpt(text, lower) + "\")") + "; " + fix);
        }
        return Check.pass(provider, name, accepts + "; the IdP accepted it and showed its sign-in page");
    }

    /** The visible words of an HTML page. */
    static String text(String html) {
        return html == null ? "" : SPACE.matcher(TAGS.matcher(html).replaceAll(" ")).replaceAll(" ").strip();
    }

    private static String excerpt(String text, String lower) {
        int at = -1;
        for (String word : new String[] {"invalid", "error", "not found", "aadsts"}) {
            int i = lower.indexOf(word);
            if (i >= 0 && (at < 0 || i < at)) {
                at = i;
            }
        }
        int from = Math.max(0, at < 0 ? 0 : at - 40);
        String cut = text.substring(from, Math.min(text.length(), from + EXCERPT)).strip();
        return (from > 0 ? "…" : "") + cut + (from + EXCERPT < text.length() ? "…" : "");
    }

    private static String query(String location) {
        String q = URI.create(location).getRawQuery();
        return q == null ? location : java.net.URLDecoder.decode(q, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String host(String location) {
        try {
            URI u = URI.create(location);
            return u.getHost() == null ? "its own page " + u.getPath() : u.getHost();
        } catch (IllegalArgumentException e) {
            return location;
        }
    }
}
