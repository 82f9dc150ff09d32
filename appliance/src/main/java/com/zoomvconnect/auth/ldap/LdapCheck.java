package com.zoomvconnect.auth.ldap;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.zoomvconnect.auth.sso.Check;
import com.zoomvconnect.auth.sso.IdpProbe;
import com.zoomvconnect.error.AppException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code zvc-admin sso test ldap}: connects to the directory as sign-in does (LDAPS or StartTLS, the
 * certificate and host name checked), binds as the service account, reads the user and group bases and,
 * given a user name, finds that user and their groups; each step a {@link Check}.
 */
public final class LdapCheck {
    private static final String P = "ldap";

    private LdapCheck() {
    }

    /**
     * @param stored the stored settings ({@code sso.*})
     * @param user   a user name to look up as sign-in would (no password needed), or null
     */
    public static List<Check> run(Map<String, String> stored, String user) {
        List<Check> checks = new ArrayList<>();
        Map<String, String> ldap = new HashMap<>();
        stored.forEach((k, v) -> {
            if (k.startsWith("sso.ldap.")) {
                ldap.put(k.substring("sso.".length()), v);
            }
        });
        boolean enabled = "true".equals(ldap.getOrDefault("ldap.enabled", "").strip());
        ldap.put("ldap.enabled", "true"); // a directory may be tested before it is switched on
        LdapSettings s;
        try {
            s = LdapSettings.parse(ldap);
        } catch (AppException e) {
            checks.add(Check.fail(P, "Settings", e.getMessage()));
            return checks;
        }
        checks.add(enabled ? Check.pass(P, "Settings", "enabled; directory " + s.url())
                : Check.warn(P, "Settings", "complete but not enabled (zvc-admin sso set ldap.enabled=true)"));
        String host = s.url().getHost();
        try {
            checks.add(Check.pass(P, "DNS", host + " resolves to " + InetAddress.getAllByName(host)[0].getHostAddress()));
        } catch (UnknownHostException e) {
            checks.add(Check.fail(P, "DNS", "the host name " + host + " does not resolve (DNS)"));
            return checks;
        }
        String how = s.startTls() ? "StartTLS" : "LDAPS";
        try (LDAPConnection c = LdapDirectory.connect(s)) {
            checks.add(Check.pass(P, "Connection", "connected to " + host + ":" + s.port() + " with " + how
                    + "; the certificate is trusted and names " + host));
            if (!bind(c, s, checks)) {
                return checks;
            }
            base(c, "ldap.userBase", s.userBase(), checks);
            if (!s.groupBase().isEmpty()) {
                base(c, "ldap.groupBase", s.groupBase(), checks);
            }
            if (user != null && !user.isBlank()) {
                lookUp(c, s, user.strip(), checks);
            }
        } catch (LDAPException e) {
            checks.add(Check.fail(P, "Connection", "cannot connect to " + host + ":" + s.port() + " with " + how + ": "
                    + reason(e) + (s.caFile().isEmpty() ? "" : " (ldap.caFile " + s.caFile().get() + ")")));
        } catch (AppException e) {
            checks.add(Check.fail(P, "Connection", "ldap.caFile cannot be used as a PEM file of CA certificates"));
        }
        return checks;
    }

    private static boolean bind(LDAPConnection c, LdapSettings s, List<Check> checks) {
        String who = s.bindDn().isEmpty() ? "anonymously" : "as " + s.bindDn();
        try {
            LdapDirectory.bindService(c, s);
            checks.add(Check.pass(P, "Service bind", "bound " + who));
            return true;
        } catch (LDAPException e) {
            String why = e.getResultCode() == ResultCode.INVALID_CREDENTIALS
                    ? "the directory refused ldap.bindDn or ldap.bindPassword (invalid credentials)" : reason(e);
            checks.add(Check.fail(P, "Service bind", "cannot bind " + who + ": " + why));
            return false;
        }
    }

    private static void base(LDAPConnection c, String key, String dn, List<Check> checks) {
        try {
            SearchResultEntry entry = c.getEntry(dn, "1.1");
            checks.add(entry != null ? Check.pass(P, "Search " + key, dn + " exists and the service account can read it")
                    : Check.fail(P, "Search " + key, dn + " does not exist, or the service account may not read it"));
        } catch (LDAPException e) {
            checks.add(Check.fail(P, "Search " + key, "searching " + dn + " failed: "
                    + (e.getResultCode() == ResultCode.NO_SUCH_OBJECT ? "no such entry" : reason(e))));
        }
    }

    private static void lookUp(LDAPConnection c, LdapSettings s, String user, List<Check> checks) {
        try {
            Optional<SearchResultEntry> found = LdapDirectory.findUser(c, s, user);
            if (found.isEmpty()) {
                checks.add(Check.fail(P, "User " + user, "ldap.userFilter " + s.userFilter() + " under " + s.userBase()
                        + " finds no single entry for " + user));
                return;
            }
            Set<String> groups = LdapDirectory.groups(c, s, user, found.get().getDN());
            checks.add(Check.pass(P, "User " + user, "found " + found.get().getDN()
                    + (s.groupBase().isEmpty() ? "" : "; groups: " + (groups.isEmpty() ? "none" : String.join(", ", groups)))));
        } catch (LDAPException e) {
            checks.add(Check.fail(P, "User " + user, "the search failed: " + reason(e)));
        }
    }

    /** The directory's refusal or the network's, in plain words where possible. */
    private static String reason(LDAPException e) {
        String plain = IdpProbe.explain(e);
        if (!plain.startsWith(e.getClass().getSimpleName())) {
            return plain;
        }
        String m = e.getDiagnosticMessage() != null ? e.getDiagnosticMessage() : e.getExceptionMessage();
        return e.getResultCode().getName() + (m == null || m.isBlank() ? "" : " (" + m + ")");
    }
}
