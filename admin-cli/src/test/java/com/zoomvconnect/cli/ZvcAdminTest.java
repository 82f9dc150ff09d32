package com.zoomvconnect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zoomvconnect.admin.AdminChannel;
import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.app.ConfigLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** zvc-admin against a real data directory: with the appliance stopped (database) and running (admin channel). */
class ZvcAdminTest {
    @TempDir
    Path dir;
    Path config;
    Path passwordFile;

    record Result(int code, String out, String err) {
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(out);
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        config = dir.resolve("zoomvconnect.yaml");
        Files.writeString(config, """
                data:
                  dir: %s
                server:
                  host: 127.0.0.1
                  port: 0
                  redirect:
                    port: -1
                media:
                  port: 0
                """.formatted(dir.resolve("data")));
        passwordFile = dir.resolve("pw");
        Files.writeString(passwordFile, "correct horse battery\n");
    }

    Result zvc(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        String[] all = new String[args.length + 2];
        all[0] = "--config";
        all[1] = config.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        int code = ZvcAdmin.run(all, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void usersWithTheApplianceStopped() throws Exception {
        Result add = zvc("users", "add", "Admin@Example.com", "--admin", "--name", "Ada Admin", "--password-file", passwordFile.toString());
        assertEquals(0, add.code(), add.err());
        assertTrue(add.out().contains("Created admin admin@example.com"), add.out());
        Result list = zvc("users", "list", "--json");
        assertEquals(0, list.code(), list.err());
        assertEquals("admin@example.com", list.json().get(0).path("email").asText());

        Result again = zvc("users", "add", "admin@example.com", "--password-file", passwordFile.toString());
        assertEquals(1, again.code());
        assertTrue(again.err().contains("email_taken"), again.err());
        Result lastAdmin = zvc("users", "set-role", "admin@example.com", "user");
        assertEquals(1, lastAdmin.code());
        assertTrue(lastAdmin.err().contains("last administrator"), lastAdmin.err());
        assertEquals(1, zvc("users", "set-role", "admin@example.com", "superuser").code());
        assertEquals(1, zvc("users", "disable", "nobody@example.com").code());
        Result signOut = zvc("users", "sign-out", "admin@example.com");
        assertEquals(0, signOut.code(), signOut.err());
        assertTrue(signOut.out().contains("Signed out admin@example.com everywhere"), signOut.out());
        assertEquals(1, zvc("users", "sign-out", "nobody@example.com").code());
        assertEquals(2, zvc("users", "add").code(), "missing EMAIL is a usage error");
        assertEquals(2, zvc("users", "frobnicate").code());

        assertEquals(1, zvc("branding", "set", "--primary-color", "red").code());
        Result brand = zvc("branding", "set", "--product-name", "Acme Meet", "--primary-color", "#112233");
        assertEquals(0, brand.code(), brand.err());
        assertTrue(zvc("branding", "show").out().contains("Acme Meet"));
        Result message = zvc("branding", "set", "--sign-in-message", "Staff accounts only");
        assertEquals(0, message.code(), message.err());
        assertTrue(zvc("branding", "show").out().contains("sign-in message: Staff accounts only"));
        assertEquals(1, zvc("branding", "set", "--sign-in-message", "x".repeat(501)).code());

        assertEquals(1, zvc("sso", "set", "oidc.issuer=http://idp.example.com").code(), "https only");
        assertEquals(1, zvc("sso", "set", "oidc.enabled=true").code(), "needs issuer and client id");
        assertEquals(2, zvc("sso", "set", "colour=blue").code());
        Result sso = zvc("sso", "set", "oidc.issuer=https://idp.example.com", "oidc.clientId=zvc", "oidc.clientSecret=s3cret",
                "oidc.enabled=true");
        assertEquals(0, sso.code(), sso.err());
        assertTrue(sso.out().contains("oidc.clientSecret: ********") && !sso.out().contains("s3cret"), sso.out());

        Result audit = zvc("audit", "list", "--action", "remove");
        assertEquals(0, audit.code(), audit.err());
        assertTrue(audit.out().contains("0 of 0 entries"), audit.out());
        Result csv = zvc("audit", "list", "--csv", "--meeting", "standup");
        assertEquals(0, csv.code(), csv.err());
        assertEquals("at,meetingId,meetingTitle,actorId,actorName,action,targetId,targetName,detail\r\n", csv.out());
        Result badTime = zvc("audit", "list", "--since", "yesterday");
        assertEquals(1, badTime.code());
        assertTrue(badTime.err().contains("since") || badTime.err().contains("from"), badTime.err());

        Result past = zvc("meetings", "list", "--host", "admin@");
        assertEquals(0, past.code(), past.err());
        assertTrue(past.out().startsWith("ENDED") && past.out().contains("0 meetings"), past.out());
        Result badSince = zvc("meetings", "list", "--since", "last week");
        assertEquals(1, badSince.code());
        assertTrue(badSince.err().contains("from"), badSince.err());

        Result status = zvc("status");
        assertEquals(0, status.code(), status.err());
        assertTrue(status.out().contains("not running") && status.out().contains("admin@example.com"), status.out());
    }

    @Test
    void ssoTestReportsEachCheckAndFailsWithoutAStackTrace() throws Exception {
        Result none = zvc("sso", "test");
        assertEquals(1, none.code(), none.out() + none.err());
        assertTrue(none.out().contains("FAIL  sso   Providers") && none.out().contains("no single sign-on provider is enabled"), none.out());
        assertEquals(2, zvc("sso", "test", "kerberos").code());

        int closed;
        try (var s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertEquals(0, zvc("sso", "set", "oidc.issuer=https://127.0.0.1:" + closed + "/realms/acme", "oidc.clientId=zvc").code());
        Result refused = zvc("sso", "test", "oidc", "--base-url", "https://meet.example.org");
        assertEquals(1, refused.code(), refused.out() + refused.err());
        assertTrue(refused.out().startsWith("Public URL: https://meet.example.org\n"), refused.out());
        assertTrue(refused.out().contains("WARN  oidc  Settings           complete but not enabled"), refused.out());
        assertTrue(refused.out().contains("FAIL  oidc  Connection         cannot connect to 127.0.0.1:" + closed
                + ": connection refused"), refused.out());
        assertTrue(refused.out().strip().endsWith("1 check(s) failed."), refused.out());
        assertFalse((refused.out() + refused.err()).contains("Exception") || (refused.out() + refused.err()).contains("\tat "),
                "no stack trace");
        Result json = zvc("sso", "test", "oidc", "--base-url", "https://meet.example.org", "--json");
        assertEquals(1, json.code());
        assertEquals("fail", json.json().path("checks").get(2).path("status").asText(), json.out());
    }

    @Test
    void theRunningApplianceIsAdministeredOverItsChannel() throws Exception {
        try (Appliance a = Appliance.start(ConfigLoader.load(config, Map.of()))) {
            Path data = dir.resolve("data");
            assertTrue(Files.exists(AdminChannel.socketPath(data)));
            Result add = zvc("users", "add", "ops@example.com", "--admin", "--password-file", passwordFile.toString());
            assertEquals(0, add.code(), add.err());
            // The new account logs in through the API of the same running appliance.
            var login = https(a.httpsPort(), "/api/v1/auth/login", "{\"email\":\"ops@example.com\",\"password\":\"correct horse battery\"}");
            assertEquals(200, login.statusCode(), login.body());
            Result status = zvc("status", "--json");
            assertTrue(status.json().path("running").asBoolean(), status.out());

            // Branding applies live: the next page load sees it.
            assertEquals(0, zvc("branding", "set", "--product-name", "Acme Meet", "--primary-color", "#aa0000").code());
            assertTrue(https(a.httpsPort(), "/branding.css", null).body().contains("#aa0000"));
            assertTrue(https(a.httpsPort(), "/api/v1/branding", null).body().contains("Acme Meet"));

            // Backup while running.
            Path backup = dir.resolve("backup.zip");
            Result b = zvc("backup", backup.toString());
            assertEquals(0, b.code(), b.err());
            assertEquals(1, zvc("restore", backup.toString()).code(), "restore refuses while running");

            // A wrong key is refused.
            Path key = AdminChannel.keyPath(data);
            String good = Files.readString(key);
            Files.writeString(key, "0000\n");
            assertEquals(4, zvc("users", "list").code());
            Files.writeString(key, good);

            Result doctor = zvc("doctor");
            assertTrue(doctor.out().contains("OK    appliance running"), doctor.out());
        }
        // Stopped: restore the backup over a changed database.
        assertEquals(0, zvc("users", "add", "later@example.com", "--password-file", passwordFile.toString()).code());
        Result r = zvc("restore", dir.resolve("backup.zip").toString());
        assertEquals(0, r.code(), r.err());
        String users = zvc("users", "list").out();
        assertTrue(users.contains("ops@example.com") && !users.contains("later@example.com"), users);
        assertEquals(1, zvc("restore", config.toString()).code(), "not a backup");
    }

    @Test
    void registrationPolicyIsSetLiveAndResetToTheConfiguration() throws Exception {
        String bob = "{\"email\":\"%s\",\"password\":\"correct horse battery\",\"displayName\":\"Someone\"}";
        try (Appliance a = Appliance.start(ConfigLoader.load(config, Map.of()))) {
            assertEquals(201, https(a.httpsPort(), "/api/v1/auth/register", bob.formatted("first@example.com")).statusCode(),
                    "the first account may always register");
            Result show = zvc("registration", "show");
            assertEquals(0, show.code(), show.err());
            assertTrue(show.out().contains("policy: closed") && show.out().contains("configuration"), show.out());
            assertEquals(403, https(a.httpsPort(), "/api/v1/auth/register", bob.formatted("second@example.com")).statusCode());

            Result domains = zvc("registration", "set", "domains", "Example.org", "corp.example.com");
            assertEquals(0, domains.code(), domains.err());
            assertTrue(domains.out().contains("domains: example.org, corp.example.com"), domains.out());
            assertEquals(201, https(a.httpsPort(), "/api/v1/auth/register", bob.formatted("bob@example.org")).statusCode(),
                    "applies to the running appliance at once");
            assertEquals(403, https(a.httpsPort(), "/api/v1/auth/register", bob.formatted("bob@example.com")).statusCode());

            assertEquals(1, zvc("registration", "set", "domains").code(), "domains needs a domain");
            assertEquals(1, zvc("registration", "set", "sometimes").code());
            assertEquals(1, zvc("registration", "set", "open", "example.com").code(), "domains only with the domains policy");
            assertEquals(2, zvc("registration", "set").code(), "missing POLICY is a usage error");

            assertEquals(0, zvc("registration", "set", "open").code());
            assertEquals(201, https(a.httpsPort(), "/api/v1/auth/register", bob.formatted("carol@example.com")).statusCode());
            Result reset = zvc("registration", "reset", "--json");
            assertEquals(0, reset.code(), reset.err());
            assertEquals("closed", reset.json().path("policy").asText());
            assertEquals("configuration", reset.json().path("source").asText());
            assertEquals(403, https(a.httpsPort(), "/api/v1/auth/register", bob.formatted("dave@example.com")).statusCode());
        }
        // Stopped: the same commands work on the database.
        Result offline = zvc("registration", "set", "open", "--json");
        assertEquals(0, offline.code(), offline.err());
        assertEquals("settings", offline.json().path("source").asText());
        assertTrue(zvc("registration", "show").out().contains("policy: open"));
    }

    @Test
    void e2eePolicyIsSetAndShownAndABadPolicyIsRefused() throws Exception {
        Result set = zvc("e2ee", "set", "required");
        assertEquals(0, set.code(), set.err());
        assertTrue(set.out().contains("e2ee policy: required"), set.out());
        assertEquals("required", zvc("e2ee", "show", "--json").json().path("policy").asText());
        Result bad = zvc("e2ee", "set", "sometimes");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("off, allowed or required"), bad.err());
        assertEquals(2, zvc("e2ee", "set").code(), "missing POLICY is a usage error");
    }

    @Test
    void meetingDefaultsTlsStatusAndRecordingLimitsWithTheApplianceStoppedAndRunning() throws Exception {
        Result none = zvc("tls", "status");
        assertEquals(0, none.code(), none.err());
        assertTrue(none.out().contains("No certificate yet"), none.out());

        Result set = zvc("meeting-defaults", "set", "waitingRoom=true", "recordingAllowed=false");
        assertEquals(0, set.code(), set.err());
        assertTrue(set.out().contains("waitingRoom: on") && set.out().contains("recordingAllowed: off")
                && set.out().contains("muteOnEntry: off"), set.out());
        assertEquals(2, zvc("meeting-defaults", "set", "colour=blue").code());
        assertEquals(2, zvc("meeting-defaults", "set").code());

        try (Appliance a = Appliance.start(ConfigLoader.load(config, Map.of()))) {
            Result tls = zvc("tls", "status", "--json");
            assertEquals(0, tls.code(), tls.err());
            assertTrue(tls.json().path("inUse").asBoolean() && tls.json().path("selfSigned").asBoolean(), tls.out());
            Result human = zvc("tls", "status");
            assertTrue(human.out().startsWith("In use: self-signed certificate") && human.out().contains("(self-signed)")
                    && human.out().contains("days left:"), human.out());
            assertTrue(zvc("meeting-defaults", "show").out().contains("recordingAllowed: off"), "kept in the database");
            assertEquals(1, zvc("meeting-defaults", "set", "waitingRoom=maybe").code(), "true or false");
            Result limits = zvc("recordings", "limits", "--quota-gb", "20", "--retention-days", "90");
            assertEquals(0, limits.code(), limits.err());
            assertTrue(limits.out().contains("quota: 20 GiB (settings)") && limits.out().contains("retention: 90 days (settings)"),
                    limits.out());
            Result bad = zvc("recordings", "limits", "--retention-days", "-3");
            assertEquals(1, bad.code());
            assertTrue(bad.err().contains("retentionDays") && bad.err().contains("invalid_field"), bad.err());
            Result list = zvc("recordings", "list");
            assertEquals(0, list.code(), list.err());
            assertTrue(list.out().startsWith("ID") && list.out().contains("0 recordings"), list.out());
            Result unknown = zvc("recordings", "delete", "--yes", "6f1c1c1e-0000-4000-8000-000000000000");
            assertEquals(1, unknown.code());
            assertTrue(unknown.err().contains("not_found"), unknown.err());
            Result unconfirmed = zvc("recordings", "delete", "6f1c1c1e-0000-4000-8000-000000000000");
            assertEquals(1, unconfirmed.code(), "no terminal to confirm on: not deleted");
            assertTrue(unconfirmed.err().contains("--yes"), unconfirmed.err());
            Result reset = zvc("recordings", "limits", "--reset");
            assertEquals(0, reset.code(), reset.err());
            assertTrue(reset.out().contains("(configuration)"), reset.out());
        }
        Result stopped = zvc("tls", "status");
        assertTrue(stopped.out().startsWith("Next start loads: self-signed certificate"), stopped.out());
    }

    @Test
    void clusterStatusIsRefusedOutsideAClusterAndListsNodesLoadAndMeetings() throws Exception {
        assertEquals(1, zvc("cluster", "status").code(), "stopped: nothing to ask");
        try (Appliance a = Appliance.start(ConfigLoader.load(config, Map.of()))) {
            Result single = zvc("cluster", "status");
            assertEquals(1, single.code(), single.out());
            assertTrue(single.err().contains("not a node of a cluster"), single.err());
        }
        // The cluster section of a running node's status (ThreeNodesTest checks a real one's placements).
        JsonNode cluster = new ObjectMapper().readTree("""
                {"node": "node1", "busBackend": "postgres", "busListening": true,
                 "nodes": [{"node": "node1", "url": "https://n1:8443", "alive": true, "participants": 50, "meetings": 2, "mediaRooms": 2,
                            "leases": 2, "capacity": 500, "packetsOutPerSecond": 4200, "heartbeatAt": "2026-12-01T10:00:00Z",
                            "heartbeatAgeMillis": 1200, "version": "1.4.0"},
                           {"node": "node2", "url": "https://n2:8443", "alive": false, "participants": 0, "meetings": 0, "mediaRooms": 0,
                            "leases": 1, "capacity": 500, "packetsOutPerSecond": 0, "heartbeatAt": "2026-12-01T09:00:00Z"}],
                 "placements": [{"meeting": "m-1", "title": "Standup", "code": "abc-defg-hij", "node": "node1",
                                 "placedAt": "2026-12-01T09:59:00Z"}]}""");
        String table = ClusterCommand.Status.render(cluster);
        assertTrue(table.contains("node1            alive           50        2           2      10%      4200  1.2s ago  1.4.0        https://n1:8443"),
                table);
        assertTrue(table.contains("node2            DEAD") && table.contains("        ?  ?            https://n2:8443"), "older node: " + table);
        assertTrue(table.contains("node1            Standup (abc-defg-hij, m-1) since 2026-12-01T09:59:00Z"), table);
    }

    @Test
    void completionOffersTheRegistrationPolicies() {
        var out = new StringWriter();
        assertEquals(0, ZvcAdmin.run(new String[] {"generate-completion"}, new PrintWriter(out, true), new PrintWriter(new StringWriter())));
        assertTrue(out.toString().contains("_picocli_zvc-admin_registration_set()")
                && out.toString().contains("(\"open\" \"closed\" \"domains\")"), "completion offers the policies after 'registration set'");
    }

    @Test
    void doctorChecksTheDatabaseAndTheRedirectPortOfTheRunningAppliance() throws Exception {
        Files.writeString(config, Files.readString(config).replace("port: -1", "port: 0"));
        try (Appliance a = Appliance.start(ConfigLoader.load(config, Map.of()))) {
            Result doctor = zvc("doctor");
            assertTrue(doctor.out().contains("OK    database jdbc:h2:"), doctor.out());
            assertTrue(doctor.out().contains(" reachable, 0 users"), doctor.out());
            assertTrue(doctor.out().contains("WARN  no administrator yet"), doctor.out());
            assertTrue(doctor.out().contains("OK    HTTPS port " + a.httpsPort() + " accepts connections"), doctor.out());
            assertTrue(doctor.out().contains("OK    HTTP redirect port " + a.redirectPort()
                    + " answers with a redirect to https://127.0.0.1:"), doctor.out());
            assertTrue(doctor.out().contains("OK    media (ICE-TCP) port " + a.sfu().port() + " accepts connections"), doctor.out());
        }
    }

    @Test
    void doctorFailsWhenTheConfiguredDatabaseIsUnreachable() throws Exception {
        int closed;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Files.writeString(config, Files.readString(config) + """
                database:
                  url: jdbc:postgresql://127.0.0.1:%d/zoomvconnect
                  user: zvc
                  password: secret
                """.formatted(closed));
        Result doctor = zvc("doctor");
        assertEquals(1, doctor.code(), doctor.out());
        assertTrue(doctor.out().contains("FAIL  database jdbc:postgresql://127.0.0.1:" + closed + "/zoomvconnect is not reachable"),
                doctor.out());
        assertTrue(!doctor.out().contains("secret"), "no password in the output: " + doctor.out());
    }

    @Test
    void vosksModelsInstallFromADirectory() throws Exception {
        Path model = dir.resolve("vosk-model-small-en-us-0.15");
        Files.createDirectories(model.resolve("am"));
        Files.createDirectories(model.resolve("conf"));
        Files.writeString(model.resolve("conf/model.conf"), "--sample-frequency=16000\n");
        Result r = zvc("transcription", "install-model", model.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(dir.resolve("data/models/vosk/vosk-model-small-en-us-0.15/conf/model.conf")));
        assertEquals(1, zvc("transcription", "install-model", model.toString()).code(), "exists without --force");
        assertEquals(1, zvc("transcription", "install-model", dir.resolve("pw").toString()).code(), "not a model");
    }

    @Test
    void completionScriptIsGenerated() {
        var out = new StringWriter();
        int code = ZvcAdmin.run(new String[] {"generate-completion"}, new PrintWriter(out, true), new PrintWriter(new StringWriter()));
        assertEquals(0, code);
        assertTrue(out.toString().contains("complete -F"), "a bash completion script");
    }

    private static HttpResponse<String> https(int port, String path, String jsonBody) throws Exception {
        var ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] c, String a) {
            }

            public void checkServerTrusted(X509Certificate[] c, String a) {
            }

            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        var params = new SSLParameters();
        params.setEndpointIdentificationAlgorithm(null);
        var client = HttpClient.newBuilder().sslContext(ctx).sslParameters(params).build();
        var b = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path));
        if (jsonBody != null) {
            b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(jsonBody));
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
