package com.zoomvconnect.auth;

import com.zoomvconnect.error.AppException;
import com.zoomvconnect.error.ErrorCode;
import com.zoomvconnect.store.Database;
import com.zoomvconnect.store.RefreshTokenDao;
import com.zoomvconnect.store.RefreshTokenRecord;
import com.zoomvconnect.store.SettingsDao;
import com.zoomvconnect.store.UserDao;
import com.zoomvconnect.store.UserRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** Accounts and sessions: registration, login, refresh-token rotation with theft detection, logout. */
public final class AuthService {
    /** Setting names of the registration policy an administrator chose (they override {@link AuthConfig#registration()}). */
    static final String SETTING_REGISTRATION_POLICY = "auth.registration.policy";
    static final String SETTING_REGISTRATION_DOMAINS = "auth.registration.domains";
    /** {@code zvc-admin sso set only=true}: sign-in through the identity provider or directory only (docs/sso.md). */
    public static final String SETTING_SSO_ONLY = "sso.only";

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+$");
    private static final int MIN_PASSWORD = 8;
    private static final int MAX_PASSWORD = 1024;

    private final Database db;
    private final UserDao users = new UserDao();
    private final RefreshTokenDao refreshTokens = new RefreshTokenDao();
    private final SettingsDao settings = new SettingsDao();
    private final PasswordHasher hasher;
    private final TokenService tokens;
    private final LoginThrottle throttle;
    private final AuthConfig config;
    private final Clock clock;

    public AuthService(Database db, PasswordHasher hasher, TokenService tokens, AuthConfig config, Clock clock) {
        this.db = db;
        this.hasher = hasher;
        this.tokens = tokens;
        this.config = config;
        this.clock = clock;
        this.throttle = new LoginThrottle(config.failureWindow(), clock);
    }

    /** The registration policy in force and whether an administrator set it (else it is the configured default). */
    public record Registration(RegistrationPolicy policy, boolean fromSettings) {
    }

    /**
     * Self-service sign-up, as the registration policy allows. The first account of a fresh
     * server is always allowed and becomes its administrator, so a new install can be set up.
     */
    public AuthResult register(String email, String password, String displayName) {
        String normalEmail = validateEmail(email);
        validatePassword(password);
        String name = validateDisplayName(displayName);
        String hash = hasher.hash(password);
        return db.jdbi().inTransaction(h -> {
            boolean first = users.count(h) == 0;
            if (!first && ssoOnly(h)) {
                throw new AppException(ErrorCode.REGISTRATION_CLOSED, "This server signs in with single sign-on only: "
                        + "your account is made when you first sign in with the identity provider");
            }
            if (!first) {
                checkRegistrationAllowed(registration(h).policy(), normalEmail);
            }
            UserRecord user = insertUser(h, normalEmail, name, hash, first ? UserRecord.ROLE_ADMIN : UserRecord.ROLE_USER);
            return issue(h, user, UUID.randomUUID().toString());
        });
    }

    /** Creates an account on an administrator's behalf (admin API and CLI). */
    public UserRecord createUser(String email, String password, String displayName, boolean admin) {
        String normalEmail = validateEmail(email);
        validatePassword(password);
        String name = validateDisplayName(displayName);
        String hash = hasher.hash(password);
        return db.jdbi().inTransaction(h -> insertUser(h, normalEmail, name, hash,
                admin ? UserRecord.ROLE_ADMIN : UserRecord.ROLE_USER));
    }

    private UserRecord insertUser(Handle h, String email, String name, String hash, String role) {
        if (users.findByEmail(h, email).isPresent()) {
            throw new AppException(ErrorCode.EMAIL_TAKEN, "An account with this email already exists");
        }
        Instant now = clock.instant();
        var user = new UserRecord(UUID.randomUUID().toString(), email, name, hash, role, false, now, now);
        try {
            users.insert(h, user);
        } catch (UnableToExecuteStatementException e) {
            // A concurrent registration won the unique index race.
            throw new AppException(ErrorCode.EMAIL_TAKEN, "An account with this email already exists");
        }
        return user;
    }

    /** Password login against local accounts only, rate limited per account and per client address. */
    public AuthResult login(String email, String password, String clientKey) {
        return login(email, password, clientKey, PasswordDirectory.NONE);
    }

    /**
     * Password login, rate limited per account and per client address: a local account whose password
     * matches, else the directory (LDAP); a failure in both counts once against the limits.
     */
    public AuthResult login(String email, String password, String clientKey, PasswordDirectory directory) {
        if (email == null || password == null) {
            throw new AppException(ErrorCode.INVALID_FIELD, "Fields 'email' and 'password' are required");
        }
        String normalEmail = email.trim().toLowerCase(Locale.ROOT);
        String accountKey = "account:" + normalEmail;
        String clientThrottleKey = "client:" + clientKey;
        throttle.check(accountKey, config.maxFailuresPerAccount());
        throttle.check(clientThrottleKey, config.maxFailuresPerClient());
        Optional<UserRecord> user = db.jdbi().withHandle(h -> users.findByEmail(h, normalEmail));
        boolean tooLong = password.length() > MAX_PASSWORD;
        if (hasher.verify(tooLong ? "" : password, user.map(UserRecord::passwordHash).orElse(null)) && user.isPresent()) {
            if (user.get().disabled()) {
                throw new AppException(ErrorCode.ACCOUNT_DISABLED, "This account is disabled");
            }
            // Break-glass: administrators keep their local password, so a broken IdP never locks them out.
            if (!user.get().isAdmin() && ssoOnly()) {
                throw new AppException(ErrorCode.LOCAL_SIGN_IN_OFF, "This server signs in with single sign-on only: "
                        + "use the \"Sign in with …\" button");
            }
            throttle.reset(accountKey);
            return issueTokens(user.get());
        }
        Optional<AuthResult> viaDirectory = tooLong ? Optional.empty() : directory.signIn(email.strip(), password);
        if (viaDirectory.isPresent()) {
            throttle.reset(accountKey);
            return viaDirectory.get();
        }
        throttle.recordFailure(accountKey);
        throttle.recordFailure(clientThrottleKey);
        throw new AppException(ErrorCode.INVALID_CREDENTIALS, "Wrong email or password");
    }

    /** True when local passwords are off for everyone but administrators ({@link #SETTING_SSO_ONLY}). */
    public boolean ssoOnly() {
        return db.jdbi().withHandle(this::ssoOnly);
    }

    private boolean ssoOnly(Handle h) {
        return settings.get(h, SETTING_SSO_ONLY).map(v -> "true".equals(v.strip())).orElse(false);
    }

    /** A fresh token pair for an account another sign-in (SSO, LDAP) has already vouched for; a new login family. */
    public AuthResult issueTokens(UserRecord user) {
        return db.jdbi().inTransaction(h -> issue(h, user, UUID.randomUUID().toString()));
    }

    private sealed interface RefreshOutcome {
        record Rotated(AuthResult result) implements RefreshOutcome {
        }

        record Rejected(AppException error) implements RefreshOutcome {
        }
    }

    /**
     * Exchanges a refresh token for a new pair. The presented token dies (rotation); presenting
     * a token that was already used revokes its whole family, since either the legitimate client
     * or a thief now holds a stolen copy (OAuth 2.0 Security BCP, refresh token rotation).
     */
    public AuthResult refresh(String refreshToken) {
        if (refreshToken == null || refreshToken.isBlank() || refreshToken.length() > 200) {
            throw new AppException(ErrorCode.INVALID_FIELD, "Field 'refreshToken' is required");
        }
        String hash = TokenService.hashRefreshToken(refreshToken);
        // Revocation must commit even when the request fails, so the transaction returns an outcome.
        RefreshOutcome outcome = db.jdbi().inTransaction(h -> {
            Instant now = clock.instant();
            Optional<RefreshTokenRecord> found = refreshTokens.findByHashForUpdate(h, hash);
            if (found.isEmpty()) {
                return new RefreshOutcome.Rejected(new AppException(ErrorCode.INVALID_TOKEN, "Unknown refresh token"));
            }
            RefreshTokenRecord token = found.get();
            if (token.isSpent()) {
                refreshTokens.revokeFamily(h, token.familyId(), now);
                return new RefreshOutcome.Rejected(new AppException(ErrorCode.TOKEN_REUSED,
                        "Refresh token was already used; all sessions of this login are revoked"));
            }
            if (!token.expiresAt().isAfter(now)) {
                return new RefreshOutcome.Rejected(new AppException(ErrorCode.INVALID_TOKEN, "Refresh token expired"));
            }
            Optional<UserRecord> user = users.findById(h, token.userId());
            if (user.isEmpty() || user.get().disabled()) {
                refreshTokens.revokeFamily(h, token.familyId(), now);
                return new RefreshOutcome.Rejected(new AppException(ErrorCode.ACCOUNT_DISABLED, "This account is disabled"));
            }
            if (!refreshTokens.markUsed(h, token.id(), now)) {
                refreshTokens.revokeFamily(h, token.familyId(), now);
                return new RefreshOutcome.Rejected(new AppException(ErrorCode.TOKEN_REUSED, "Refresh token was already used"));
            }
            return new RefreshOutcome.Rotated(issue(h, user.get(), token.familyId()));
        });
        return switch (outcome) {
            case RefreshOutcome.Rejected r -> throw r.error();
            case RefreshOutcome.Rotated r -> r.result();
        };
    }

    /** Ends the login the refresh token belongs to; unknown tokens are ignored (idempotent). */
    public void logout(String refreshToken) {
        if (refreshToken == null || refreshToken.isBlank() || refreshToken.length() > 200) {
            throw new AppException(ErrorCode.INVALID_FIELD, "Field 'refreshToken' is required");
        }
        String hash = TokenService.hashRefreshToken(refreshToken);
        db.jdbi().useTransaction(h -> refreshTokens.findByHashForUpdate(h, hash)
                .ifPresent(t -> refreshTokens.revokeFamily(h, t.familyId(), clock.instant())));
    }

    public Optional<Principal> authenticate(String accessToken) {
        return tokens.verifyAccessToken(accessToken);
    }

    public long userCount() {
        return db.jdbi().withHandle(users::count);
    }

    public Registration registration() {
        return db.jdbi().withHandle(this::registration);
    }

    /** Stores an administrator's choice of policy; it applies to the next registration. */
    public Registration setRegistrationPolicy(RegistrationPolicy policy) {
        Instant now = clock.instant();
        db.jdbi().useTransaction(h -> {
            settings.put(h, SETTING_REGISTRATION_POLICY, policy.mode().wire(), now);
            settings.put(h, SETTING_REGISTRATION_DOMAINS, String.join(",", policy.domains()), now);
        });
        return registration();
    }

    /** Forgets the administrator's choice: the configured default ({@code auth.registration.*}) applies again. */
    public Registration resetRegistrationPolicy() {
        db.jdbi().useTransaction(h -> {
            settings.delete(h, SETTING_REGISTRATION_POLICY);
            settings.delete(h, SETTING_REGISTRATION_DOMAINS);
        });
        return registration();
    }

    private Registration registration(Handle h) {
        Optional<String> stored = settings.get(h, SETTING_REGISTRATION_POLICY);
        if (stored.isEmpty()) {
            return new Registration(config.registration(), false);
        }
        List<String> domains = List.of(settings.get(h, SETTING_REGISTRATION_DOMAINS).orElse("").split(","));
        try {
            return new Registration(RegistrationPolicy.parse(stored.get(), domains), true);
        } catch (IllegalArgumentException e) {
            return new Registration(RegistrationPolicy.CLOSED, true); // a damaged row admits nobody
        }
    }

    private static void checkRegistrationAllowed(RegistrationPolicy policy, String email) {
        if (policy.allows(email)) {
            return;
        }
        if (policy.mode() == RegistrationPolicy.Mode.DOMAINS) {
            throw new AppException(ErrorCode.EMAIL_DOMAIN_NOT_ALLOWED, "Only addresses at " + String.join(", ", policy.domains())
                    + " may create an account on this server; use such an address or ask an administrator for an account");
        }
        throw new AppException(ErrorCode.REGISTRATION_CLOSED,
                "Self-registration is closed on this server; ask an administrator for an account");
    }

    private AuthResult issue(Handle h, UserRecord user, String familyId) {
        String refresh = tokens.newRefreshToken();
        Instant now = clock.instant();
        var record = new RefreshTokenRecord(UUID.randomUUID().toString(), user.id(), familyId,
                TokenService.hashRefreshToken(refresh), now, now.plus(config.refreshTokenTtl()), null, null);
        refreshTokens.insert(h, record);
        var principal = new Principal(user.id(), user.email(), user.displayName(), user.role());
        return new AuthResult(principal, tokens.accessToken(user), refresh, tokens.accessTokenSeconds());
    }

    static String validateEmail(String email) {
        if (email == null || email.isBlank()) {
            throw AppException.invalidField("email", "is required");
        }
        String e = email.trim().toLowerCase(Locale.ROOT);
        if (e.length() > 254 || !EMAIL.matcher(e).matches()) {
            throw AppException.invalidField("email", "is not a valid email address");
        }
        return e;
    }

    static void validatePassword(String password) {
        if (password == null) {
            throw AppException.invalidField("password", "is required");
        }
        if (password.length() < MIN_PASSWORD) {
            throw AppException.invalidField("password", "must be at least " + MIN_PASSWORD + " characters");
        }
        if (password.length() > MAX_PASSWORD) {
            throw AppException.invalidField("password", "must be at most " + MAX_PASSWORD + " characters");
        }
    }

    static String validateDisplayName(String name) {
        if (name == null || name.isBlank()) {
            throw AppException.invalidField("displayName", "is required");
        }
        String n = name.strip();
        if (n.length() > 100) {
            throw AppException.invalidField("displayName", "must be at most 100 characters");
        }
        if (n.chars().anyMatch(Character::isISOControl)) {
            throw AppException.invalidField("displayName", "must not contain control characters");
        }
        return n;
    }
}
