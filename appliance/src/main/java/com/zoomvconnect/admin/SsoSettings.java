package com.zoomvconnect.admin;

import com.zoomvconnect.auth.ldap.LdapSettings;
import com.zoomvconnect.error.AppException;
import com.zoomvconnect.error.ErrorCode;
import com.zoomvconnect.store.Database;
import com.zoomvconnect.store.SettingsDao;
import com.zoomvconnect.store.UserDao;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code zvc-admin sso show|set}: the single sign-on and LDAP settings, checked before they are stored. */
final class SsoSettings {
    /** SSO fields stored for the single-sign-on feature (as settings named {@code sso.<key>}; see docs/sso.md). */
    static final List<String> KEYS = List.of("oidc.enabled", "oidc.issuer", "oidc.clientId", "oidc.clientSecret",
            "oidc.scopes", "oidc.displayName", "oidc.groupsClaim", "oidc.caFile", "adminGroups",
            "saml.enabled", "saml.idpMetadataUrl", "saml.idpEntityId", "saml.spEntityId", "saml.displayName",
            "saml.groupsAttribute", "saml.caFile",
            "ldap.enabled", "ldap.url", "ldap.startTls", "ldap.bindDn", "ldap.bindPassword", "ldap.userBase", "ldap.userFilter",
            "ldap.groupBase", "ldap.groupFilter", "ldap.emailAttribute", "ldap.nameAttribute", "ldap.caFile", "only");

    private final Database db;
    private final Clock clock;
    private final SettingsDao settings = new SettingsDao();
    private final UserDao users = new UserDao();

    SsoSettings(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    Map<String, Object> show(boolean maskSecrets) {
        Map<String, String> all = db.jdbi().withHandle(settings::all);
        var m = new LinkedHashMap<String, Object>();
        for (String k : KEYS) {
            String v = all.getOrDefault("sso." + k, "");
            m.put(k, maskSecrets && (k.endsWith("Secret") || k.endsWith("Password")) && !v.isEmpty() ? "********" : v);
        }
        return m;
    }

    Map<String, Object> set(Map<String, String> a) {
        Map<String, String> changes = new LinkedHashMap<>();
        for (String k : KEYS) {
            String v = a.get(k);
            if (v == null) {
                continue;
            }
            v = v.strip();
            if (k.endsWith("enabled") || k.endsWith("startTls") || k.equals("only")) {
                if (!v.equals("true") && !v.equals("false")) {
                    throw AppException.invalidField(k, "must be true or false");
                }
            } else if ((k.endsWith("issuer") || k.endsWith("Url")) && !v.isEmpty()) {
                try {
                    URI u = URI.create(v);
                    if (!"https".equals(u.getScheme()) || u.getHost() == null) {
                        throw AppException.invalidField(k, "must be an https:// URL");
                    }
                } catch (IllegalArgumentException e) {
                    throw AppException.invalidField(k, "must be an https:// URL");
                }
            } else if (k.endsWith("caFile") && !v.isEmpty() && !Files.isReadable(Path.of(v))) {
                throw AppException.invalidField(k, "must name a readable PEM file of CA certificates");
            } else if (v.length() > 2048) {
                throw AppException.invalidField(k, "is too long");
            }
            changes.put(k, v);
        }
        if (changes.isEmpty()) {
            throw new AppException(ErrorCode.BAD_REQUEST, "Nothing to change: give at least one of " + KEYS);
        }
        Map<String, Object> merged = new LinkedHashMap<>(show(false));
        merged.putAll(changes);
        if ("true".equals(merged.get("oidc.enabled")) && (isBlank(merged.get("oidc.issuer")) || isBlank(merged.get("oidc.clientId")))) {
            throw AppException.invalidField("oidc.enabled", "needs oidc.issuer and oidc.clientId");
        }
        if ("true".equals(merged.get("saml.enabled")) && isBlank(merged.get("saml.idpMetadataUrl"))) {
            throw AppException.invalidField("saml.enabled", "needs saml.idpMetadataUrl");
        }
        LdapSettings.parse(merged); // enabled LDAP settings must be usable as a whole
        if ("true".equals(merged.get("only"))) {
            requireWayInForSsoOnly(merged);
        }
        Instant now = clock.instant();
        db.jdbi().useTransaction(h -> changes.forEach((k, v) -> settings.put(h, "sso." + k, v, now)));
        return show(true);
    }

    /**
     * SSO-only never locks anyone out: some provider must be enabled for the people, and some enabled
     * administrator must keep a local password for the day that provider is down (break-glass).
     */
    private void requireWayInForSsoOnly(Map<String, Object> merged) {
        if (SsoConnectionTest.PROVIDERS.stream().noneMatch(p -> "true".equals(merged.get(p + ".enabled")))) {
            throw new AppException(ErrorCode.CONFLICT, "only=true needs an enabled provider (oidc.enabled, saml.enabled or "
                    + "ldap.enabled): otherwise no one could sign in");
        }
        boolean breakGlass = db.jdbi().withHandle(h -> users.list(h).stream()
                .anyMatch(u -> u.isAdmin() && !u.disabled() && u.passwordHash() != null));
        if (!breakGlass) {
            throw new AppException(ErrorCode.CONFLICT, "only=true needs an administrator with a local password for when the "
                    + "identity provider is down: create one first (zvc-admin users add EMAIL --admin)");
        }
    }

    private static boolean isBlank(Object o) {
        return o == null || o.toString().isBlank();
    }
}
