package com.zoomvconnect.auth.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.auth.AuthConfig;
import com.zoomvconnect.auth.AuthResult;
import com.zoomvconnect.auth.AuthService;
import com.zoomvconnect.auth.PasswordHasher;
import com.zoomvconnect.auth.RegistrationPolicy;
import com.zoomvconnect.auth.TokenService;
import com.zoomvconnect.auth.TokenSigner;
import com.zoomvconnect.error.AppException;
import com.zoomvconnect.error.ErrorCode;
import com.zoomvconnect.store.Database;
import com.zoomvconnect.store.DatabaseConfig;
import com.zoomvconnect.store.ExternalIdentityDao;
import com.zoomvconnect.store.SettingsDao;
import com.zoomvconnect.store.UserDao;
import com.zoomvconnect.store.UserRecord;
import com.zoomvconnect.testing.ManualClock;
import com.zoomvconnect.testing.TestAppliance;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Accounts for external identities on the embedded H2 database, with the real AuthService issuing tokens. */
class ExternalAccountsTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-30T12:00:00Z"));
    private final UserDao users = new UserDao();
    private final SettingsDao settings = new SettingsDao();
    private Database db;
    private AuthService auth;
    private ExternalAccounts accounts;

    @BeforeEach
    void open() {
        db = Database.open(new DatabaseConfig("jdbc:h2:mem:ext-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "", 4));
        var config = new AuthConfig(Duration.ofMinutes(15), Duration.ofDays(30), Duration.ofMinutes(2), 5, 20,
                Duration.ofMinutes(15), TestAppliance.FAST_HASH, RegistrationPolicy.CLOSED);
        var tokens = new TokenService(new TokenSigner(new byte[32]), config, clock);
        auth = new AuthService(db, new PasswordHasher(config.password()), tokens, config, clock);
        accounts = new ExternalAccounts(db, auth, clock);
        auth.createUser("root@example.org", "break-glass-pw", "Root", true); // keeps an administrator around
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static ExternalIdentity ldap(String subject, String email, String name, String... groups) {
        return new ExternalIdentity(Provider.LDAP, subject, email, name, Set.of(groups));
    }

    private void adminGroups(String value) {
        db.jdbi().useTransaction(h -> settings.put(h, ExternalAccounts.SETTING_ADMIN_GROUPS, value, clock.instant()));
    }

    private UserRecord user(String email) {
        return db.jdbi().withHandle(h -> users.findByEmail(h, email)).orElseThrow();
    }

    private long links(String userId) {
        return db.jdbi().withHandle(h -> new ExternalIdentityDao().countForUser(h, userId));
    }

    private long userCount() {
        return auth.userCount();
    }

    @Test
    void createsTheAccountJustInTimeWithNameAndEmailAndNoPassword() {
        AuthResult r = accounts.signIn(ldap("uid=ann,ou=people,dc=example,dc=org", "Ann@Example.org", "Ann Lee"));
        assertEquals("ann@example.org", r.user().email());
        assertEquals("Ann Lee", r.user().displayName());
        assertEquals("user", r.user().role());
        assertTrue(auth.authenticate(r.accessToken()).isPresent(), "the access token is a real one");
        assertNotEquals(r.refreshToken(), auth.refresh(r.refreshToken()).refreshToken(), "the refresh token rotates");
        assertNull(user("ann@example.org").passwordHash(), "an SSO account has no local password");
    }

    @Test
    void theSameSubjectSignsInAsTheSameAccountEvenWhenItsEmailChanged() {
        String first = accounts.signIn(ldap("uid=ann", "ann@example.org", "Ann")).user().userId();
        String again = accounts.signIn(ldap("uid=ann", "ann.lee@example.org", "Ann")).user().userId();
        assertEquals(first, again);
        assertEquals(2, userCount());
    }

    @Test
    void linksAnExistingLocalAccountWithTheSameEmail() {
        var local = auth.createUser("bob@example.org", "local-password", "Bob", false);
        var r = accounts.signIn(ldap("uid=bob", "BOB@example.org", "Robert"));
        assertEquals(local.id(), r.user().userId());
        assertEquals("Bob", r.user().displayName(), "the local account keeps its name");
        assertEquals(1L, links(local.id()));
        assertEquals(local.id(), auth.login("bob@example.org", "local-password", "c").user().userId(),
                "the local password still works");
    }

    @Test
    void theRoleFollowsTheGroupsAtEverySignIn() {
        adminGroups("zvc-admins, Other");
        assertEquals("admin", accounts.signIn(ldap("uid=cat", "cat@example.org", "Cat", "ZVC-Admins")).user().role());
        assertEquals("admin", user("cat@example.org").role());
        assertEquals("user", accounts.signIn(ldap("uid=cat", "cat@example.org", "Cat", "staff")).user().role());
        assertEquals("user", user("cat@example.org").role());
        assertEquals("admin", accounts.signIn(ldap("uid=cat", "cat@example.org", "Cat", "other")).user().role());
    }

    @Test
    void withoutAdminGroupsRolesSetByHandStay() {
        var local = auth.createUser("dan@example.org", "local-password", "Dan", true);
        assertEquals("admin", accounts.signIn(ldap("uid=dan", "dan@example.org", "Dan", "staff")).user().role());
        assertEquals("admin", user(local.email()).role());
    }

    @Test
    void neverDemotesTheLastAdministrator() {
        adminGroups("zvc-admins");
        var root = accounts.signIn(ldap("uid=root", "root@example.org", "Root", "staff"));
        assertEquals("admin", root.user().role(), "the only administrator keeps the role");
    }

    @Test
    void aDisabledAccountIsRefusedAndNothingChanges() {
        adminGroups("zvc-admins");
        accounts.signIn(ldap("uid=eve", "eve@example.org", "Eve"));
        disable("eve@example.org");
        var e = assertThrows(AppException.class, () -> accounts.signIn(ldap("uid=eve", "eve@example.org", "Eve", "zvc-admins")));
        assertEquals(ErrorCode.ACCOUNT_DISABLED, e.errorCode());
        assertEquals("user", user("eve@example.org").role(), "no promotion on a refused sign-in");
    }

    @Test
    void aDisabledLocalAccountIsNeitherLinkedNorSignedIn() {
        var local = auth.createUser("fay@example.org", "local-password", "Fay", false);
        disable(local.email());
        var e = assertThrows(AppException.class, () -> accounts.signIn(ldap("uid=fay", "fay@example.org", "Fay")));
        assertEquals(ErrorCode.ACCOUNT_DISABLED, e.errorCode());
        assertEquals(0L, links(local.id()));
    }

    @Test
    void anIdentityWithoutAnEmailCreatesNothing() {
        for (String bad : new String[] {null, "", "no-at-sign", "two@@example.org", "a b@example.org"}) {
            var e = assertThrows(AppException.class, () -> accounts.signIn(ldap("uid=gil", bad, "Gil")));
            assertEquals(ErrorCode.EXTERNAL_IDENTITY_INCOMPLETE, e.errorCode());
        }
        var e = assertThrows(AppException.class, () -> accounts.signIn(ldap(" ", "gil@example.org", "Gil")));
        assertEquals(ErrorCode.EXTERNAL_IDENTITY_INCOMPLETE, e.errorCode());
        assertEquals(1, userCount());
    }

    @Test
    void providersHaveSeparateSubjects() {
        String viaLdap = accounts.signIn(ldap("same", "hal@example.org", "Hal")).user().userId();
        var oidc = accounts.signIn(new ExternalIdentity(Provider.OIDC, "same", "other@example.org", "Other", Set.of()));
        assertNotEquals(viaLdap, oidc.user().userId());
    }

    @Test
    void aMissingOrUnprintableNameFallsBackToTheEmail() {
        assertEquals("ivy", accounts.signIn(ldap("uid=ivy", "ivy@example.org", "\u0007 ")).user().displayName());
    }

    private void disable(String email) {
        db.jdbi().useTransaction(h -> {
            var u = users.findByEmail(h, email).orElseThrow();
            users.update(h, new UserRecord(u.id(), u.email(), u.displayName(), u.passwordHash(), u.role(), true,
                    u.createdAt(), clock.instant()));
        });
    }
}
