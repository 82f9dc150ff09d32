package com.zoomvconnect.admin;

import com.zoomvconnect.auth.ldap.LdapCheck;
import com.zoomvconnect.auth.oidc.OidcCheck;
import com.zoomvconnect.auth.saml.SamlCheck;
import com.zoomvconnect.auth.sso.Check;
import com.zoomvconnect.error.AppException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code zvc-admin sso test [oidc|saml|ldap]} and {@code POST /api/v1/admin/sso/test}: runs the
 * connection checks of one provider, or of every enabled one, against the stored settings.
 */
final class SsoConnectionTest {
    static final List<String> PROVIDERS = List.of("oidc", "saml", "ldap");

    private SsoConnectionTest() {
    }

    /**
     * @param provider oidc, saml, ldap, or blank for every enabled one
     * @param base     the appliance's public URL (the redirect and ACS URLs are made from it)
     * @param user     for LDAP, a user name to look up, or null
     * @return {@code ok} (no check failed), {@code base} and the {@code checks}
     */
    static Map<String, Object> run(Map<String, String> stored, String provider, String base, String user, Clock clock) {
        List<String> which;
        if (provider == null || provider.isBlank()) {
            which = PROVIDERS.stream().filter(p -> "true".equals(stored.getOrDefault("sso." + p + ".enabled", "").strip())).toList();
        } else if (PROVIDERS.contains(provider.strip())) {
            which = List.of(provider.strip());
        } else {
            throw AppException.invalidField("provider", "must be oidc, saml or ldap");
        }
        String b = base == null ? "" : base.strip().replaceAll("/+$", "");
        if (b.isEmpty() && which.stream().anyMatch(p -> !p.equals("ldap"))) {
            throw AppException.invalidField("base", "is required: the appliance's public URL, e.g. https://meet.example.com");
        }
        List<Check> checks = new ArrayList<>();
        if (which.isEmpty()) {
            checks.add(Check.fail("sso", "Providers", "no single sign-on provider is enabled; name one to test: oidc, saml or ldap"));
        }
        for (String p : which) {
            checks.addAll(switch (p) {
                case "oidc" -> OidcCheck.run(stored, b, clock);
                case "saml" -> SamlCheck.run(stored, b, clock);
                default -> LdapCheck.run(stored, user);
            });
        }
        var m = new LinkedHashMap<String, Object>();
        m.put("ok", !Check.anyFailed(checks));
        m.put("base", b);
        m.put("checks", checks.stream().map(Check::toMap).toList());
        return m;
    }
}
