package com.zoomvconnect.auth.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.admin.AdminService;
import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.auth.PasswordHasher;
import com.zoomvconnect.error.AppException;
import com.zoomvconnect.error.ErrorCode;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.ApiClient.Response;
import com.zoomvconnect.testing.Ports;
import com.zoomvconnect.testing.TestAppliance;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * LDAP sign-in through the real {@code POST /api/v1/auth/login} of a running appliance, against a real
 * LDAP server on loopback (LDAPS and StartTLS, certificate from a test CA the appliance is told to trust).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LdapSignInTest {
    private TestDirectory directory;
    private Appliance app;
    private ApiClient api;
    private AdminService admin;

    @BeforeAll
    void start() throws Exception {
        directory = new TestDirectory();
        app = TestAppliance.startH2();
        api = new ApiClient(app.httpsPort());
        admin = new AdminService(app.database(), app.authService(), new PasswordHasher(TestAppliance.FAST_HASH),
                Clock.systemUTC(), null);
        // The first local account is the break-glass administrator; LDAP users come after it.
        assertEquals(201, api.post("/api/v1/auth/register", null,
                Map.of("email", "root@example.org", "password", "root-password", "displayName", "Root")).status());
        directory.addPerson("ann", "ann@example.org", "Ann Lee", "ann-password");
        directory.addToGroup("zvc-admins", "ann");
        directory.addPerson("cat", "cat@example.org", "Cat Ng", "cat-password");
        directory.addToGroup("staff", "cat");
        directory.addPerson("dan", "dan@example.org", "Dan Ho", "dan-password");
        directory.addPerson("eve", "eve@example.org", "Eve Li", "eve-password");
        directory.addPerson("fay", "fay@example.org", "Fay Wu", "fay-password");
        directory.addPerson("gus", "gus@example.org", "Gus Ek", "gus-password");
        directory.addPerson("ivy", "ivy@example.org", "Ivy Oz", "ivy-password");
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
        directory.close();
    }

    @BeforeEach
    void ldapsSettings() {
        configure(Map.of("ldap.url", directory.ldapsUrl(), "ldap.startTls", "false", "ldap.caFile", directory.caFile().toString()));
    }

    private void configure(Map<String, String> overrides) {
        var s = new HashMap<>(Map.of("adminGroups", "zvc-admins", "ldap.enabled", "true", "ldap.bindDn", TestDirectory.SERVICE_DN,
                "ldap.bindPassword", TestDirectory.SERVICE_PASSWORD, "ldap.userBase", TestDirectory.PEOPLE,
                "ldap.groupBase", TestDirectory.GROUPS));
        s.putAll(overrides);
        admin.execute("sso.set", s);
    }

    private Response login(String name, String password) {
        return api.post("/api/v1/auth/login", null, Map.of("email", name, "password", password));
    }

    private long users() {
        return app.authService().userCount();
    }

    @Test
    void firstSignInCreatesTheAccountWithTheRoleOfItsGroup() {
        long before = users();
        Response r = login("ann", "ann-password");
        assertEquals(200, r.status(), r.body());
        assertEquals("ann@example.org", r.json().path("user").path("email").asText());
        assertEquals("Ann Lee", r.json().path("user").path("displayName").asText());
        assertEquals("admin", r.json().path("user").path("role").asText());
        assertEquals(before + 1, users());
        Response me = api.get("/api/v1/auth/me", r.json().path("accessToken").asText());
        assertEquals(200, me.status());
        assertEquals("admin", me.json().path("role").asText());
        Response byMail = login("ann@example.org", "ann-password");
        assertEquals(200, byMail.status(), "the default filter also finds the e-mail");
        assertEquals(r.json().path("user").path("id").asText(), byMail.json().path("user").path("id").asText());
        assertEquals(before + 1, users(), "the second sign-in finds the same account");
        assertNotNull(api.post("/api/v1/auth/refresh", null, Map.of("refreshToken", r.json().path("refreshToken").asText()))
                .json().path("accessToken").asText(null), "the refresh token is a real one");
    }

    @Test
    void aGroupChangeInTheDirectoryChangesTheRoleAtTheNextSignIn() throws Exception {
        assertEquals("user", login("cat", "cat-password").json().path("user").path("role").asText());
        directory.addToGroup("zvc-admins", "cat");
        assertEquals("admin", login("cat", "cat-password").json().path("user").path("role").asText());
        directory.removeFromGroup("zvc-admins", "cat");
        assertEquals("user", login("cat", "cat-password").json().path("user").path("role").asText());
    }

    @Test
    void aWrongPasswordIsRefusedAndThrottledLikeALocalOne() {
        long before = users();
        for (int i = 0; i < 5; i++) {
            Response r = login("dan", "wrong-password-" + i);
            assertEquals(401, r.status());
            assertEquals("invalid_credentials", r.errorCode());
        }
        Response limited = login("dan", "dan-password");
        assertEquals(429, limited.status(), "five failures lock the name out for a while, as for local accounts");
        assertEquals("rate_limited", limited.errorCode());
        assertEquals(before, users(), "nothing created");
    }

    @Test
    void anInjectionInTheNameFindsNoOne() {
        long before = users();
        for (String name : new String[] {"*", "*)(uid=*", "eve)(|(uid=*", "e*", "*)(objectClass=*))(|(uid=*", "eve{1}"}) {
            Response r = login(name, "eve-password");
            assertEquals(401, r.status(), name);
            assertEquals("invalid_credentials", r.errorCode(), name);
        }
        assertEquals(before, users(), "nothing created");
    }

    @Test
    void anEmptyPasswordIsNeverAnAnonymousSuccess() {
        long before = users();
        Response r = login("fay", "");
        assertEquals(401, r.status(), r.body());
        assertEquals("invalid_credentials", r.errorCode());
        assertEquals(before, users());
    }

    @Test
    void aDisabledAccountIsRefused() {
        assertEquals(200, login("gus", "gus-password").status());
        admin.execute("users.disable", Map.of("email", "gus@example.org"));
        Response r = login("gus", "gus-password");
        assertEquals(403, r.status(), r.body());
        assertEquals("account_disabled", r.errorCode());
        admin.execute("users.enable", Map.of("email", "gus@example.org"));
        assertEquals(200, login("gus", "gus-password").status());
    }

    @Test
    void startTlsWorksToo() {
        configure(Map.of("ldap.url", directory.startTlsUrl(), "ldap.startTls", "true", "ldap.caFile", directory.caFile().toString()));
        Response r = login("ivy", "ivy-password");
        assertEquals(200, r.status(), r.body());
        assertEquals("ivy@example.org", r.json().path("user").path("email").asText());
    }

    @Test
    void anUnreachableDirectoryIsAClear503() throws Exception {
        int closed = Ports.free(); // nothing listens there
        configure(Map.of("ldap.url", "ldaps://127.0.0.1:" + closed));
        long before = users();
        Response r = login("ann", "ann-password");
        assertEquals(503, r.status(), r.body());
        assertEquals("directory_unavailable", r.errorCode());
        assertFalse(r.body().contains("Exception") || r.body().contains("at com."), "no stack trace: " + r.body());
        assertEquals(before, users());
        assertEquals(200, api.post("/api/v1/auth/login", null, Map.of("email", "root@example.org", "password", "root-password"))
                .status(), "the local administrator still signs in");
    }

    @Test
    void aCertificateTheApplianceDoesNotTrustIsRefused() {
        admin.execute("sso.set", Map.of("ldap.caFile", ""));
        Response r = login("ann", "ann-password");
        assertEquals(503, r.status(), r.body());
        assertEquals("directory_unavailable", r.errorCode());
    }

    @Test
    void aCertificateForAnotherNameIsRefusedOverLdapsAndStartTls() {
        configure(Map.of("ldap.url", directory.misnamedLdapsUrl(), "ldap.startTls", "false"));
        Response ldaps = login("ann", "ann-password");
        assertEquals(503, ldaps.status(), ldaps.body());
        assertEquals("directory_unavailable", ldaps.errorCode());
        configure(Map.of("ldap.url", directory.misnamedStartTlsUrl(), "ldap.startTls", "true"));
        Response startTls = login("ann", "ann-password");
        assertEquals(503, startTls.status(), startTls.body());
        assertEquals("directory_unavailable", startTls.errorCode());
    }

    @Test
    void settingsAreCheckedAndTheBindPasswordIsNeverShown() {
        var show = (Map<?, ?>) admin.execute("sso.show", Map.of());
        assertEquals("********", show.get("ldap.bindPassword"));
        assertEquals(directory.ldapsUrl(), show.get("ldap.url"));
        var clear = assertThrows(AppException.class, () -> admin.execute("sso.set",
                Map.of("ldap.url", "ldap://127.0.0.1:389", "ldap.startTls", "false")));
        assertEquals(ErrorCode.INVALID_FIELD, clear.errorCode());
        assertTrue(clear.getMessage().contains("ldap.url"), clear.getMessage());
        var filter = assertThrows(AppException.class, () -> admin.execute("sso.set", Map.of("ldap.userFilter", "(uid={0}")));
        assertTrue(filter.getMessage().contains("ldap.userFilter"), filter.getMessage());
        var base = assertThrows(AppException.class, () -> admin.execute("sso.set", Map.of("ldap.userBase", "not a dn")));
        assertTrue(base.getMessage().contains("ldap.userBase"), base.getMessage());
        assertEquals(directory.ldapsUrl(), ((Map<?, ?>) admin.execute("sso.show", Map.of())).get("ldap.url"), "nothing stored");
    }

    @Test
    void connectionTestThroughTheAdminApiBindsSearchesAndFindsAUser() {
        String root = api.post("/api/v1/auth/login", null, Map.of("email", "root@example.org", "password", "root-password"))
                .json().path("accessToken").asText();
        Response r = api.post("/api/v1/admin/sso/test", root, Map.of("provider", "ldap", "user", "ann"));
        assertEquals(200, r.status(), r.body());
        assertTrue(r.json().path("ok").asBoolean(), r.body());
        var names = new java.util.ArrayList<String>();
        r.json().path("checks").forEach(c -> names.add(c.path("name").asText() + ":" + c.path("status").asText()));
        assertEquals(List.of("Settings:pass", "DNS:pass", "Connection:pass", "Service bind:pass", "Search ldap.userBase:pass",
                "Search ldap.groupBase:pass", "User ann:pass"), names);
        assertTrue(r.json().path("checks").get(6).path("detail").asText().contains("groups: zvc-admins"), r.body());

        assertEquals(403, api.post("/api/v1/admin/sso/test", userToken(), Map.of("provider", "ldap")).status(),
                "administrators only");
    }

    /** A token of a signed-in account that is not an administrator. */
    private String userToken() {
        admin.execute("users.add", Map.of("email", "local-user@example.org", "password", "local-password"));
        // Straight from the auth service: the API's per-address throttle has counted this class's wrong passwords.
        return app.authService().login("local-user@example.org", "local-password", "sso-test").accessToken();
    }

    @Test
    void connectionTestNamesAWrongServicePasswordAClosedPortAndAMisnamedCertificate() throws Exception {
        configure(Map.of("ldap.bindPassword", "wrong"));
        assertEquals("cannot bind as " + TestDirectory.SERVICE_DN + ": the directory refused ldap.bindDn or ldap.bindPassword "
                + "(invalid credentials)", failure("Service bind"));
        int closed = Ports.free(); // nothing listens there
        configure(Map.of("ldap.url", "ldaps://127.0.0.1:" + closed));
        assertTrue(failure("Connection").contains("connection refused"), failure("Connection"));
        configure(Map.of("ldap.url", directory.misnamedLdapsUrl()));
        assertTrue(failure("Connection").contains("does not name this host"), failure("Connection"));
        configure(Map.of("ldap.caFile", ""));
        assertTrue(failure("Connection").contains("not signed by a certificate authority the appliance trusts"), failure("Connection"));
    }

    /** The detail of the one failed check of {@code zvc-admin sso test ldap}, which must be {@code name}. */
    private String failure(String name) {
        var r = (Map<?, ?>) admin.execute("sso.test", Map.of("provider", "ldap"));
        assertEquals(false, r.get("ok"), r.toString());
        var failed = ((List<?>) r.get("checks")).stream().map(c -> (Map<?, ?>) c).filter(c -> "fail".equals(c.get("status"))).toList();
        assertEquals(1, failed.size(), r.toString());
        assertEquals(name, failed.getFirst().get("name"), r.toString());
        return (String) failed.getFirst().get("detail");
    }

    @Test
    void theAccountFollowsItsEntryThroughARenameAndANewAddress() throws Exception {
        directory.addPerson("hal", "hal@example.org", "Hal Ro", "hal-password");
        Response first = login("hal", "hal-password");
        assertEquals(200, first.status(), first.body());
        String id = first.json().path("user").path("id").asText();
        String subject = app.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT subject FROM external_identities WHERE provider = 'ldap' AND user_id = :id").bind("id", id).mapTo(String.class).one());
        assertTrue(subject.matches("entryUUID:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), subject);

        directory.rename("hal", "hal2");
        directory.setAttribute("hal2", "mail", "hal.ro@example.org");
        Response renamed = login("hal2", "hal-password");
        assertEquals(200, renamed.status(), renamed.body());
        assertEquals(id, renamed.json().path("user").path("id").asText(), "the same account: the DN and the address changed, the entry did not");
    }

    @Test
    void anAccountLinkedByItsDnBeforeIsFoundAgainAndLinkedByItsStableId() throws Exception {
        directory.addPerson("jon", "jon@example.org", "Jon Ek", "jon-password");
        var made = admin.execute("users.add", Map.of("email", "jon.old@example.org", "password", "jon-local-pw"));
        String id = (String) ((Map<?, ?>) made).get("id");
        // As an earlier version linked it: by the entry's normalized DN.
        app.database().jdbi().useHandle(h -> h.execute("INSERT INTO external_identities (provider, subject, user_id, created_at)"
                + " VALUES ('ldap', ?, ?, CURRENT_TIMESTAMP)", new com.unboundid.ldap.sdk.DN(TestDirectory.dn("jon")).toNormalizedString(), id));
        Response r = login("jon", "jon-password");
        assertEquals(200, r.status(), r.body());
        assertEquals(id, r.json().path("user").path("id").asText(), "found by the DN link, not made anew for jon@example.org");
        assertEquals(2L, (long) app.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM external_identities WHERE user_id = :id").bind("id", id).mapTo(Long.class).one()));
    }

    @Test
    void activeDirectoryObjectGuidIsReadInItsMixedByteOrder() {
        byte[] guid = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
        var entry = new com.unboundid.ldap.sdk.SearchResultEntry("cn=x,dc=example,dc=org",
                new com.unboundid.ldap.sdk.Attribute[] {new com.unboundid.ldap.sdk.Attribute("objectGUID", guid)});
        assertEquals("objectGUID:04030201-0605-0807-090a-0b0c0d0e0f10", LdapDirectory.stableId(entry).orElseThrow());
        assertTrue(LdapDirectory.stableId(new com.unboundid.ldap.sdk.SearchResultEntry("cn=x,dc=example,dc=org",
                new com.unboundid.ldap.sdk.Attribute[0])).isEmpty(), "neither: the DN is the subject");
    }
}
