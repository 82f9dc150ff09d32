package com.zoomvconnect.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.auth.AuthConfig;
import com.zoomvconnect.auth.AuthService;
import com.zoomvconnect.auth.PasswordHasher;
import com.zoomvconnect.auth.RegistrationPolicy;
import com.zoomvconnect.auth.TokenService;
import com.zoomvconnect.auth.TokenSigner;
import com.zoomvconnect.store.Database;
import com.zoomvconnect.store.DatabaseConfig;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.TestAppliance;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Resources mounted by their own {@code routing} methods on a plain-HTTP server over an in-memory
 * database: no TLS, no media engine, no appliance. Real requests, the real error shape.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoutingTest {
    private Database db;
    private WebServer server;
    private ApiClient api;

    @BeforeAll
    void start() {
        db = Database.open(new DatabaseConfig("jdbc:h2:mem:routing-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "", 4));
        var config = new AuthConfig(Duration.ofMinutes(15), Duration.ofDays(30), Duration.ofMinutes(2), 5, 100_000,
                Duration.ofMinutes(15), TestAppliance.FAST_HASH, RegistrationPolicy.OPEN);
        var clock = Clock.systemUTC();
        var tokens = new TokenService(new TokenSigner(new byte[32]), config, clock);
        var auth = new AuthService(db, new PasswordHasher(config.password()), tokens, config, clock);
        var apiAuth = new ApiAuth(auth);

        var routing = HttpRouting.builder();
        AuthApi.routing(routing, auth, apiAuth);
        // Settings only: the dashboard's parts (live meetings, media, recordings) are not mounted here.
        AdminApi.routing(routing, new AdminApi.Parts(auth, apiAuth, null, null, null, null, null, null, null));
        WebClientRoutes.routing(routing);
        ApiErrors.routing(routing);
        server = WebServer.builder().host("127.0.0.1").port(0).featuresDiscoverServices(false).shutdownHook(false)
                .routing(routing).build().start();
        api = ApiClient.plainHttp(server.port());
    }

    @AfterAll
    void stop() {
        server.stop();
        db.close();
    }

    @Test
    void registersAndSignsIn() {
        var reg = api.post("/api/v1/auth/register", null,
                Map.of("email", "ada@example.org", "password", "correct horse battery", "displayName", "Ada"));
        assertEquals(201, reg.status(), reg.body());
        assertEquals("ada@example.org", reg.json().path("user").path("email").asText());
        assertEquals("Bearer", reg.json().path("tokenType").asText());

        var login = api.post("/api/v1/auth/login", null, Map.of("email", "ada@example.org", "password", "correct horse battery"));
        assertEquals(200, login.status(), login.body());
        String token = login.json().path("accessToken").asText();
        var me = api.get("/api/v1/auth/me", token);
        assertEquals(200, me.status());
        assertEquals(reg.json().path("user"), me.json(), "the same user shape from register and me");
    }

    @Test
    void answersAMissingTokenWith401InTheErrorShape() {
        var me = api.get("/api/v1/auth/me", null);
        assertEquals(401, me.status());
        assertEquals("unauthorized", me.errorCode());
        assertNotNull(me.json().path("error").path("message").asText(null));
        assertTrue(me.header("WWW-Authenticate").startsWith("Bearer"));
    }

    @Test
    void answersAWrongMethodWith405InTheErrorShape() {
        var r = api.raw("DELETE", "/api/v1/admin/settings", null, null, null);
        assertEquals(405, r.status());
        assertEquals("method_not_allowed", r.errorCode());
    }

    @Test
    void answersAResourceThatIsNotMountedWith404InTheErrorShape() {
        var r = api.get("/api/v1/meetings", null);
        assertEquals(404, r.status());
        assertEquals("not_found", r.errorCode());
    }
}
