package com.zoomvconnect.auth.oidc;

import com.zoomvconnect.error.AppException;
import com.zoomvconnect.error.ErrorCode;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The OpenID Connect settings {@code zvc-admin sso set} writes ({@code sso.oidc.*}), read live, so
 * a change applies to the next sign-in without a restart.
 *
 * @param caFile a PEM file of certificates the appliance trusts for this issuer, beside the JDK's own
 */
public record OidcSettings(boolean enabled, URI issuer, String clientId, String clientSecret, List<String> scopes,
                           String displayName, String groupsClaim, Optional<Path> caFile) {
    static final String PREFIX = "sso.oidc.";

    /** From the stored settings (names with the {@code sso.} prefix); blank values take the defaults. */
    public static OidcSettings from(Map<String, String> stored) {
        boolean enabled = "true".equals(get(stored, "enabled"));
        String issuer = get(stored, "issuer");
        String scopes = get(stored, "scopes");
        String name = get(stored, "displayName");
        String groups = get(stored, "groupsClaim");
        String ca = get(stored, "caFile");
        return new OidcSettings(enabled, issuer.isEmpty() ? null : URI.create(issuer.replaceAll("/+$", "")),
                get(stored, "clientId"), get(stored, "clientSecret"),
                List.of((scopes.isEmpty() ? "openid profile email" : scopes).trim().split("[\\s,]+")),
                name.isEmpty() ? "single sign-on" : name, groups.isEmpty() ? "groups" : groups,
                ca.isEmpty() ? Optional.empty() : Optional.of(Path.of(ca)));
    }

    /** Refuses to sign anyone in through an incomplete or insecure configuration. */
    OidcSettings requireUsable() {
        if (!enabled) {
            throw new AppException(ErrorCode.SSO_DISABLED, "Sign-in with OpenID Connect is not enabled on this server");
        }
        if (issuer == null || clientId.isEmpty()) {
            throw new AppException(ErrorCode.SSO_FAILED, "OpenID Connect is enabled but oidc.issuer or oidc.clientId is not set");
        }
        // The issuer's discovery document and keys decide who may sign in: never over plain HTTP.
        if (!"https".equals(issuer.getScheme()) || issuer.getHost() == null) {
            throw new AppException(ErrorCode.SSO_FAILED, "oidc.issuer must be an https:// URL, not " + issuer);
        }
        return this;
    }

    private static String get(Map<String, String> stored, String key) {
        String v = stored.get(PREFIX + key);
        return v == null ? "" : v.strip();
    }
}
