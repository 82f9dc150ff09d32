package com.zoomvconnect.auth.ldap;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.zoomvconnect.error.AppException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The LDAP sign-in settings as {@code zvc-admin sso set ldap.…=…} stores them, with their defaults.
 * In the filters {@code {0}} is the name the user typed and {@code {1}} the user's entry DN, both
 * escaped as RFC 4515 §3 asks, so a name such as {@code *)(uid=*} matches nothing.
 */
public record LdapSettings(boolean enabled, URI url, boolean startTls, String bindDn, String bindPassword, String userBase,
                           String userFilter, String groupBase, String groupFilter, String emailAttribute,
                           String nameAttribute, Optional<Path> caFile) {
    public static final String DEFAULT_USER_FILTER = "(|(uid={0})(mail={0})(sAMAccountName={0}))";
    public static final String DEFAULT_GROUP_FILTER = "(member={1})";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([01])}");

    /** LDAP sign-in switched off. */
    public static final LdapSettings DISABLED = new LdapSettings(false, null, false, "", "", "", DEFAULT_USER_FILTER, "",
            DEFAULT_GROUP_FILTER, "mail", "displayName", Optional.empty());

    /**
     * Reads the {@code ldap.*} keys (missing or blank ones take their defaults). Enabled settings are
     * checked whole: an {@link AppException} names the first key that is wrong.
     */
    public static LdapSettings parse(Map<String, ?> values) {
        if (!"true".equals(get(values, "ldap.enabled", "false"))) {
            return DISABLED;
        }
        URI url = url(get(values, "ldap.url", ""), "true".equals(get(values, "ldap.startTls", "false")));
        String bindDn = get(values, "ldap.bindDn", "");
        String bindPassword = get(values, "ldap.bindPassword", "");
        if (!bindDn.isEmpty() && bindPassword.isEmpty()) {
            throw AppException.invalidField("ldap.bindPassword", "is required with ldap.bindDn");
        }
        var s = new LdapSettings(true, url, "ldap".equals(url.getScheme()), dn(values, "ldap.bindDn", false), bindPassword,
                dn(values, "ldap.userBase", true), get(values, "ldap.userFilter", DEFAULT_USER_FILTER),
                dn(values, "ldap.groupBase", false), get(values, "ldap.groupFilter", DEFAULT_GROUP_FILTER),
                get(values, "ldap.emailAttribute", "mail"), get(values, "ldap.nameAttribute", "displayName"), caFile(values));
        if (!s.userFilter().contains("{0}")) {
            throw AppException.invalidField("ldap.userFilter", "must contain {0}, the name the user typed");
        }
        check("ldap.userFilter", s.userFilter());
        check("ldap.groupFilter", s.groupFilter());
        return s;
    }

    /** The user search: {@code userFilter} with the typed name escaped into it. */
    Filter userFilter(String login) throws LDAPException {
        return fill(userFilter, login, "");
    }

    /** The group search: {@code groupFilter} with the typed name and the user's DN escaped into it. */
    Filter groupFilter(String login, String userDn) throws LDAPException {
        return fill(groupFilter, login, userDn);
    }

    int port() {
        return url.getPort() > 0 ? url.getPort() : startTls ? 389 : 636;
    }

    /** One pass over the template, so a typed name containing "{1}" stays literal text. */
    private static Filter fill(String template, String login, String userDn) throws LDAPException {
        Matcher m = PLACEHOLDER.matcher(template);
        String filled = m.replaceAll(r -> Matcher.quoteReplacement(Filter.encodeValue(r.group(1).equals("0") ? login : userDn)));
        return Filter.create(filled);
    }

    private static void check(String key, String template) {
        try {
            fill(template, "someone", "uid=someone,dc=example,dc=org");
        } catch (LDAPException e) {
            throw AppException.invalidField(key, "is not an LDAP filter (RFC 4515): " + e.getMessage());
        }
    }

    private static URI url(String value, boolean startTls) {
        URI u;
        try {
            u = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw AppException.invalidField("ldap.url", "must be an ldaps:// or ldap:// URL");
        }
        if (u.getHost() == null || !("ldaps".equals(u.getScheme()) || "ldap".equals(u.getScheme()))) {
            throw AppException.invalidField("ldap.url", "must be an ldaps:// or ldap:// URL with a host");
        }
        if ("ldap".equals(u.getScheme()) && !startTls) {
            throw AppException.invalidField("ldap.url", "is ldap://, which would send passwords in the clear: "
                    + "use ldaps:// or set ldap.startTls=true");
        }
        if ("ldaps".equals(u.getScheme()) && startTls) {
            throw AppException.invalidField("ldap.startTls", "is for ldap:// URLs; ldaps:// is TLS from the start");
        }
        return u;
    }

    private static String dn(Map<String, ?> values, String key, boolean required) {
        String v = get(values, key, "");
        if (v.isEmpty() && required) {
            throw AppException.invalidField(key, "is required when ldap.enabled is true");
        }
        if (!v.isEmpty() && !DN.isValidDN(v)) {
            throw AppException.invalidField(key, "is not a DN, e.g. ou=people,dc=example,dc=org");
        }
        return v;
    }

    private static Optional<Path> caFile(Map<String, ?> values) {
        String v = get(values, "ldap.caFile", "");
        if (v.isEmpty()) {
            return Optional.empty();
        }
        Path p = Path.of(v);
        if (!p.isAbsolute() || !Files.isReadable(p)) {
            throw AppException.invalidField("ldap.caFile", "must be the absolute path of a readable PEM file");
        }
        return Optional.of(p);
    }

    private static String get(Map<String, ?> values, String key, String fallback) {
        Object v = values.get(key);
        return v == null || v.toString().isBlank() ? fallback : v.toString().strip();
    }
}
