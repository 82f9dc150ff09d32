package com.zoomvconnect.auth.sso;

import com.zoomvconnect.auth.AuthResult;
import com.zoomvconnect.auth.AuthService;
import com.zoomvconnect.error.AppException;
import com.zoomvconnect.error.ErrorCode;
import com.zoomvconnect.store.Database;
import com.zoomvconnect.store.ExternalIdentityDao;
import com.zoomvconnect.store.SettingsDao;
import com.zoomvconnect.store.UserDao;
import com.zoomvconnect.store.UserRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The local account of an identity an IdP or directory has vouched for: the one linked to (provider,
 * subject), else an existing account with the same e-mail (linked now), else a new one made just in
 * time. The role follows the groups at every sign-in (setting {@value #SETTING_ADMIN_GROUPS}); a disabled
 * account is refused and a refused sign-in changes nothing. Tokens are the same as a password login's.
 */
public final class ExternalAccounts {
    /** Comma-separated group names whose members are administrators ({@code zvc-admin sso set adminGroups=…}). */
    public static final String SETTING_ADMIN_GROUPS = "sso.adminGroups";
    private static final int MAX_SUBJECT = 512;
    private static final int MAX_NAME = 100;

    private final Database db;
    private final AuthService auth;
    private final Clock clock;
    private final UserDao users = new UserDao();
    private final ExternalIdentityDao links = new ExternalIdentityDao();
    private final SettingsDao settings = new SettingsDao();

    public ExternalAccounts(Database db, AuthService auth, Clock clock) {
        this.db = db;
        this.auth = auth;
        this.clock = clock;
    }

    /** Signs the identity in: its account found, linked or created, its role mapped, and a fresh token pair. */
    public AuthResult signIn(ExternalIdentity id) {
        if (id == null || id.provider() == null || id.subject() == null || id.subject().isBlank()
                || id.subject().length() > MAX_SUBJECT) {
            throw new AppException(ErrorCode.EXTERNAL_IDENTITY_INCOMPLETE, "The identity provider gave no usable subject");
        }
        UserRecord user;
        try {
            user = db.jdbi().inTransaction(h -> account(h, id));
        } catch (UnableToExecuteStatementException e) {
            // A concurrent first sign-in of the same identity (or e-mail) won the insert: it exists now.
            user = db.jdbi().inTransaction(h -> account(h, id));
        }
        return auth.issueTokens(user);
    }

    private UserRecord account(Handle h, ExternalIdentity id) {
        String provider = id.provider().wire();
        Optional<String> role = mappedRole(h, id.groups());
        Optional<UserRecord> linked = links.userId(h, provider, id.subject()).flatMap(uid -> users.findById(h, uid));
        if (linked.isPresent()) {
            return withRole(h, usable(linked.get()), role);
        }
        Optional<UserRecord> former = id.formerSubject() == null || id.formerSubject().equals(id.subject()) ? Optional.empty()
                : links.userId(h, provider, id.formerSubject()).flatMap(uid -> users.findById(h, uid));
        if (former.isPresent()) { // linked under the old subject: linked under the stable one from now on
            UserRecord user = usable(former.get());
            links.link(h, provider, id.subject(), user.id(), clock.instant());
            return withRole(h, user, role);
        }
        String email = email(id.email());
        // Linking by e-mail trusts the provider to have verified the address: only configure providers that do.
        Optional<UserRecord> byEmail = users.findByEmail(h, email);
        if (byEmail.isPresent()) {
            UserRecord user = usable(byEmail.get());
            links.link(h, provider, id.subject(), user.id(), clock.instant());
            return withRole(h, user, role);
        }
        Instant now = clock.instant();
        var user = new UserRecord(UUID.randomUUID().toString(), email, displayName(id.displayName(), email), null,
                role.orElse(UserRecord.ROLE_USER), false, now, now);
        users.insert(h, user);
        links.link(h, provider, id.subject(), user.id(), now);
        return user;
    }

    private static UserRecord usable(UserRecord user) {
        if (user.disabled()) {
            throw new AppException(ErrorCode.ACCOUNT_DISABLED, "This account is disabled");
        }
        return user;
    }

    /** Admin or user by group membership; empty when no admin groups are configured (roles are then set by hand). */
    private Optional<String> mappedRole(Handle h, Set<String> groups) {
        Set<String> adminGroups = settings.get(h, SETTING_ADMIN_GROUPS).stream()
                .flatMap(v -> Arrays.stream(v.split(",")))
                .map(g -> g.strip().toLowerCase(Locale.ROOT)).filter(g -> !g.isEmpty())
                .collect(Collectors.toSet());
        if (adminGroups.isEmpty()) {
            return Optional.empty();
        }
        boolean admin = groups.stream().anyMatch(g -> adminGroups.contains(g.strip().toLowerCase(Locale.ROOT)));
        return Optional.of(admin ? UserRecord.ROLE_ADMIN : UserRecord.ROLE_USER);
    }

    private UserRecord withRole(Handle h, UserRecord user, Optional<String> role) {
        if (role.isEmpty() || role.get().equals(user.role()) || isLastAdmin(h, user)) {
            return user; // the last administrator is never demoted by a mapping, so a typo cannot lock everyone out
        }
        var changed = new UserRecord(user.id(), user.email(), user.displayName(), user.passwordHash(), role.get(),
                user.disabled(), user.createdAt(), clock.instant());
        users.update(h, changed);
        return changed;
    }

    private boolean isLastAdmin(Handle h, UserRecord user) {
        return user.isAdmin() && users.list(h).stream().filter(u -> u.isAdmin() && !u.disabled()).count() <= 1;
    }

    private static String email(String email) {
        String e = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
        int at = e.indexOf('@');
        if (at < 1 || at != e.lastIndexOf('@') || at == e.length() - 1 || e.length() > 254
                || e.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new AppException(ErrorCode.EXTERNAL_IDENTITY_INCOMPLETE,
                    "The identity provider gave no valid e-mail address for this account; ask an administrator");
        }
        return e;
    }

    private static String displayName(String name, String email) {
        String n = name == null ? "" : name.codePoints().filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
        if (n.isEmpty()) {
            n = email.substring(0, email.indexOf('@'));
        }
        return n.length() > MAX_NAME ? n.substring(0, MAX_NAME).strip() : n;
    }
}
