package com.zoomvconnect.auth.ldap;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.extensions.StartTLSExtendedRequest;
import com.zoomvconnect.auth.AuthResult;
import com.zoomvconnect.auth.PasswordDirectory;
import com.zoomvconnect.auth.sso.ExternalAccounts;
import com.zoomvconnect.auth.sso.ExternalIdentity;
import com.zoomvconnect.auth.sso.Provider;
import com.zoomvconnect.error.AppException;
import com.zoomvconnect.error.ErrorCode;
import com.zoomvconnect.store.Database;
import com.zoomvconnect.store.SettingsDao;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LDAP / Active Directory sign-in by search-then-bind: bind as the service account, find exactly one
 * entry for the typed name, bind as that entry with the typed password, then (as the service account
 * again) read its groups. Settings are read at each sign-in, so {@code zvc-admin sso set} applies at once.
 * One connection per sign-in, over LDAPS or StartTLS with the certificate and host name checked.
 */
public final class LdapDirectory implements PasswordDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(LdapDirectory.class);
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int RESPONSE_TIMEOUT_MS = 10_000;
    private static final int MAX_GROUPS = 1_000;
    private static final String ENTRY_UUID = "entryUUID";
    private static final String OBJECT_GUID = "objectGUID";

    private final Database db;
    private final ExternalAccounts accounts;
    private final SettingsDao settings = new SettingsDao();

    public LdapDirectory(Database db, ExternalAccounts accounts) {
        this.db = db;
        this.accounts = accounts;
    }

    @Override
    public Optional<AuthResult> signIn(String login, String password) {
        LdapSettings s = settings();
        // RFC 4513 §5.1.2: a simple bind with a DN and an empty password is an unauthenticated bind, which
        // servers answer with success; it must never count as knowing the password.
        if (!s.enabled() || login == null || login.isBlank() || password == null || password.isEmpty()) {
            return Optional.empty();
        }
        return authenticate(s, login, password).map(accounts::signIn);
    }

    @Override
    public boolean acceptsUserNames() {
        // The raw switch, not the parsed settings: a misconfiguration must not break the sign-in page.
        return db.jdbi().withHandle(h -> settings.get(h, "sso.ldap.enabled")).map(v -> "true".equals(v.strip())).orElse(false);
    }

    /** The settings stored under {@code sso.ldap.*}; unusable ones are the administrator's to fix, not the user's. */
    LdapSettings settings() {
        Map<String, String> ldap = new TreeMap<>();
        db.jdbi().withHandle(settings::all).forEach((k, v) -> {
            if (k.startsWith("sso.ldap.")) {
                ldap.put(k.substring("sso.".length()), v);
            }
        });
        try {
            return LdapSettings.parse(ldap);
        } catch (AppException e) {
            LOG.warn("LDAP sign-in is misconfigured: {}", e.getMessage());
            throw unavailable();
        }
    }

    /** Who the directory says this is, or empty when the name or the password is wrong there. */
    Optional<ExternalIdentity> authenticate(LdapSettings s, String login, String password) {
        try (LDAPConnection c = connect(s)) {
            bindService(c, s);
            Optional<SearchResultEntry> found = findUser(c, s, login);
            if (found.isEmpty() || !bindsAs(c, found.get().getDN(), password)) {
                return Optional.empty();
            }
            SearchResultEntry entry = found.get();
            bindService(c, s); // groups are read with the service account's rights, not the user's
            Set<String> groups = groups(c, s, login, entry.getDN());
            String name = entry.getAttributeValue(s.nameAttribute());
            String dn = new DN(entry.getDN()).toNormalizedString();
            Optional<String> stable = stableId(entry);
            return Optional.of(new ExternalIdentity(Provider.LDAP, stable.orElse(dn), entry.getAttributeValue(s.emailAttribute()),
                    name != null ? name : entry.getAttributeValue("cn"), groups, stable.isPresent() ? dn : null));
        } catch (LDAPException e) {
            LOG.warn("LDAP sign-in: {} answered {} ({})", s.url(), e.getResultCode(), e.getMessage());
            throw unavailable();
        }
    }

    static LDAPConnection connect(LdapSettings s) throws LDAPException {
        SSLSocketFactory tls; // checks the chain and that the certificate names the host (LdapTls)
        try {
            tls = LdapTls.socketFactory(s.caFile());
        } catch (IOException | GeneralSecurityException e) {
            LOG.warn("LDAP sign-in: cannot use the CA certificates of ldap.caFile: {}", e.getMessage());
            throw unavailable();
        }
        var options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis(CONNECT_TIMEOUT_MS);
        options.setResponseTimeoutMillis(RESPONSE_TIMEOUT_MS);
        if (!s.startTls()) {
            return new LDAPConnection(tls, options, s.url().getHost(), s.port());
        }
        var c = new LDAPConnection(options, s.url().getHost(), s.port());
        try {
            ExtendedResult r = c.processExtendedOperation(new StartTLSExtendedRequest(tls));
            if (r.getResultCode() != ResultCode.SUCCESS) {
                throw new LDAPException(r.getResultCode(), "StartTLS refused: " + r.getDiagnosticMessage());
            }
            return c;
        } catch (LDAPException e) {
            c.close();
            throw e;
        }
    }

    static void bindService(LDAPConnection c, LdapSettings s) throws LDAPException {
        if (s.bindDn().isEmpty()) {
            c.bind(new SimpleBindRequest()); // anonymous search, where the directory allows it
        } else {
            c.bind(s.bindDn(), s.bindPassword());
        }
    }

    /** Exactly one entry, or none: an ambiguous name signs no one in. */
    static Optional<SearchResultEntry> findUser(LDAPConnection c, LdapSettings s, String login) throws LDAPException {
        var request = new SearchRequest(s.userBase(), SearchScope.SUB, s.userFilter(login), s.emailAttribute(),
                s.nameAttribute(), "cn", ENTRY_UUID, OBJECT_GUID);
        request.setSizeLimit(2);
        try {
            SearchResult r = c.search(request);
            return r.getEntryCount() == 1 ? Optional.of(r.getSearchEntries().getFirst()) : Optional.empty();
        } catch (LDAPSearchException e) {
            if (e.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * The entry's id that survives a rename or a move, unlike its DN: {@code entryUUID} (RFC 4530; OpenLDAP,
     * 389 DS, UnboundID) or Active Directory's {@code objectGUID} (16 bytes, the first three fields
     * little-endian), as {@code entryUUID:…} or {@code objectGUID:…} in lower-case UUID form.
     */
    static Optional<String> stableId(SearchResultEntry entry) {
        String uuid = entry.getAttributeValue(ENTRY_UUID);
        if (uuid != null && !uuid.isBlank()) {
            return Optional.of(ENTRY_UUID + ":" + uuid.strip().toLowerCase(java.util.Locale.ROOT));
        }
        byte[] g = entry.getAttributeValueBytes(OBJECT_GUID);
        if (g != null && g.length == 16) {
            var b = java.nio.ByteBuffer.allocate(16);
            b.put(g[3]).put(g[2]).put(g[1]).put(g[0]).put(g[5]).put(g[4]).put(g[7]).put(g[6]).put(g, 8, 8).flip();
            return Optional.of(OBJECT_GUID + ":" + new java.util.UUID(b.getLong(), b.getLong()));
        }
        return Optional.empty();
    }

    private static boolean bindsAs(LDAPConnection c, String dn, String password) throws LDAPException {
        try {
            c.bind(new SimpleBindRequest(dn, password));
            return true;
        } catch (LDAPException e) {
            if (e.getResultCode().isConnectionUsable()) {
                return false; // wrong password, locked or expired account: the directory said no
            }
            throw e;
        }
    }

    /** Group names (their cn) of the groups the filter finds; none when no group base is set. */
    static Set<String> groups(LDAPConnection c, LdapSettings s, String login, String userDn) throws LDAPException {
        if (s.groupBase().isEmpty()) {
            return Set.of();
        }
        var request = new SearchRequest(s.groupBase(), SearchScope.SUB, s.groupFilter(login, userDn), "cn");
        request.setSizeLimit(MAX_GROUPS);
        Set<String> names = new LinkedHashSet<>();
        for (SearchResultEntry e : c.search(request).getSearchEntries()) {
            String cn = e.getAttributeValue("cn");
            names.add(cn != null ? cn : e.getParsedDN().getRDN().getAttributeValues()[0]);
        }
        return names;
    }

    private static AppException unavailable() {
        return new AppException(ErrorCode.DIRECTORY_UNAVAILABLE,
                "The sign-in directory (LDAP) cannot be used right now; try again later or ask an administrator");
    }
}
