package com.zoomvconnect.auth.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.SubjectType;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import com.zoomvconnect.auth.AuthConfig;
import com.zoomvconnect.auth.AuthService;
import com.zoomvconnect.auth.PasswordHasher;
import com.zoomvconnect.auth.RegistrationPolicy;
import com.zoomvconnect.auth.TokenService;
import com.zoomvconnect.auth.TokenSigner;
import com.zoomvconnect.auth.sso.ExternalAccounts;
import com.zoomvconnect.error.AppException;
import com.zoomvconnect.error.ErrorCode;
import com.zoomvconnect.store.Database;
import com.zoomvconnect.store.DatabaseConfig;
import com.zoomvconnect.testing.ManualClock;
import com.zoomvconnect.testing.TestAppliance;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The relying party's checks on what comes back from the identity provider, with ID tokens this
 * test signs itself (Nimbus) and the real validator, account store and token issuer: each bad
 * answer is refused with a readable reason and creates no account.
 */
class OidcLoginTest {
    private static final String ISSUER = "https://idp.example.test/realms/zvc";
    private static final String CLIENT = "zoomvconnect";
    private static final URI REDIRECT = URI.create("https://meet.example.test/api/v1/auth/oidc/callback");

    private final ManualClock clock = new ManualClock(Instant.now());
    private final AtomicInteger redeemed = new AtomicInteger();
    private RSAKey key;
    private Database db;
    private AuthService auth;
    private OidcLogin login;
    /** What the provider's token endpoint puts in the ID token for this test, given the claims it should carry. */
    private UnaryOperator<JWTClaimsSet.Builder> claims = UnaryOperator.identity();
    private RSAKey signingKey;
    private boolean tamper;

    @BeforeEach
    void open() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        signingKey = key;
        db = Database.open(new DatabaseConfig("jdbc:h2:mem:oidc-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "", 4));
        var config = new AuthConfig(Duration.ofMinutes(15), Duration.ofDays(30), Duration.ofMinutes(2), 5, 20,
                Duration.ofMinutes(15), TestAppliance.FAST_HASH, RegistrationPolicy.CLOSED);
        auth = new AuthService(db, new PasswordHasher(config.password()), new TokenService(new TokenSigner(new byte[32]), config, clock),
                config, clock);
        var accounts = new ExternalAccounts(db, auth, clock);
        var settings = new OidcSettings(true, URI.create(ISSUER), CLIENT, "secret", List.of("openid", "email"), "Example IdP",
                "groups", Optional.empty());
        login = new OidcLogin(() -> settings, this::provider, accounts::signIn, clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** The identity provider: metadata, our key as its JWKS, and a token endpoint answering with {@link #idToken}. */
    private OidcProvider provider(OidcSettings s) {
        var metadata = new OIDCProviderMetadata(new Issuer(ISSUER), List.of(SubjectType.PUBLIC), URI.create(ISSUER + "/certs"));
        metadata.setAuthorizationEndpointURI(URI.create(ISSUER + "/auth"));
        metadata.setTokenEndpointURI(URI.create(ISSUER + "/token"));
        metadata.setIDTokenJWSAlgs(List.of(JWSAlgorithm.RS256));
        var validator = new IDTokenValidator(new Issuer(ISSUER), new ClientID(CLIENT),
                new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK()))), null);
        return new OidcProvider(s, metadata, validator, this::tokenEndpoint, null);
    }

    private String nonceOfLastStart;

    private OIDCTokenResponse tokenEndpoint(TokenRequest request) {
        redeemed.incrementAndGet();
        try {
            Instant now = Instant.now();
            var c = new JWTClaimsSet.Builder().issuer(ISSUER).subject("user-1").audience(CLIENT)
                    .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                    .claim("nonce", nonceOfLastStart).claim("email", "ada@example.org").claim("email_verified", true)
                    .claim("name", "Ada Lovelace").claim("groups", List.of("staff"));
            var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signingKey.getKeyID()).type(JOSEObjectType.JWT).build(),
                    claims.apply(c).build());
            jwt.sign(new RSASSASigner(signingKey));
            SignedJWT sent = jwt;
            if (tamper) {
                var forged = new JWTClaimsSet.Builder(jwt.getJWTClaimsSet()).claim("email", "root@example.org").build();
                sent = SignedJWT.parse(jwt.getHeader().toBase64URL() + "." + Base64URL.encode(forged.toString()) + "."
                        + jwt.getSignature());
            }
            return new OIDCTokenResponse(new OIDCTokens(sent, new BearerAccessToken(), null));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts a sign-in as the browser would; answers the callback's parameters with the state the provider echoes. */
    private Map<String, String> startAndReturn() throws Exception {
        var request = AuthenticationRequest.parse(login.start(REDIRECT).location());
        assertEquals("S256", request.getCodeChallengeMethod().getValue(), "PKCE with S256");
        assertTrue(request.getScope().contains("openid"));
        nonceOfLastStart = request.getNonce().getValue();
        return Map.of("state", request.getState().getValue(), "code", "code-from-idp");
    }

    private void assertRefused(Map<String, String> callback, String reason) {
        var e = assertThrows(AppException.class, () -> login.finish(callback, callback.get("state")));
        assertEquals(ErrorCode.SSO_FAILED, e.errorCode());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertEquals(0, auth.userCount(), "no account created");
    }

    @Test
    void refusesACallbackInABrowserThatDidNotStartTheSignIn() throws Exception {
        var callback = startAndReturn(); // an attacker's own sign-in, its callback URL sent to a victim
        var e = assertThrows(AppException.class, () -> login.finish(callback, null));
        assertTrue(e.getMessage().contains("not started in this browser"), e.getMessage());
        e = assertThrows(AppException.class, () -> login.finish(callback, "another-sign-ins-state"));
        assertTrue(e.getMessage().contains("not started in this browser"), e.getMessage());
        assertEquals(0, redeemed.get());
        assertEquals(0, auth.userCount());
    }

    @Test
    void signsInWithAValidIdTokenAndHandsTheTokensOverOnce() throws Exception {
        var callback = startAndReturn();
        String code = login.finish(callback, callback.get("state"));
        var result = login.exchange(code).result();
        assertEquals("ada@example.org", result.user().email());
        assertEquals("Ada Lovelace", result.user().displayName());
        assertEquals(1, auth.userCount());
        var again = assertThrows(AppException.class, () -> login.exchange(code));
        assertEquals(ErrorCode.SSO_FAILED, again.errorCode());
    }

    @Test
    void refusesATamperedIdToken() throws Exception {
        tamper = true; // same header and signature, a payload naming someone else
        assertRefused(startAndReturn(), "signature");
    }

    @Test
    void refusesAnIdTokenSignedWithAKeyTheProviderDoesNotPublish() throws Exception {
        signingKey = new RSAKeyGenerator(2048).keyID("k1").generate();
        assertRefused(startAndReturn(), "ID token was not accepted");
    }

    @Test
    void refusesAnIdTokenForAnotherClient() throws Exception {
        claims = c -> c.audience("some-other-app");
        assertRefused(startAndReturn(), "audience");
    }

    @Test
    void refusesAnExpiredIdToken() throws Exception {
        Instant past = Instant.now().minus(Duration.ofHours(1));
        claims = c -> c.issueTime(Date.from(past)).expirationTime(Date.from(past.plusSeconds(300)));
        assertRefused(startAndReturn(), "Expired");
    }

    @Test
    void refusesAnIdTokenFromAnotherIssuer() throws Exception {
        claims = c -> c.issuer("https://evil.example.test/realms/zvc");
        assertRefused(startAndReturn(), "issuer");
    }

    @Test
    void refusesAnIdTokenWithAnotherNonce() throws Exception {
        claims = c -> c.claim("nonce", "nonce-of-another-sign-in");
        assertRefused(startAndReturn(), "nonce");
    }

    @Test
    void refusesAReplayedState() throws Exception {
        var callback = startAndReturn();
        login.finish(callback, callback.get("state"));
        assertEquals(1, auth.userCount());
        var e = assertThrows(AppException.class, () -> login.finish(callback, callback.get("state")));
        assertEquals(ErrorCode.SSO_FAILED, e.errorCode());
        assertTrue(e.getMessage().contains("already completed"), e.getMessage());
        assertEquals(1, redeemed.get(), "the replayed code is never sent to the provider");
        assertEquals(1, auth.userCount());
    }

    @Test
    void refusesAnUnknownOrExpiredState() throws Exception {
        assertRefused(Map.of("state", "made-up", "code", "x"), "expired or was already completed");
        var callback = startAndReturn();
        clock.advance(OidcLogin.PENDING_LIFETIME.plusSeconds(1));
        assertRefused(callback, "expired or was already completed");
        assertEquals(0, redeemed.get());
    }

    @Test
    void refusesAnHttpIssuer() {
        var s = new OidcSettings(true, URI.create("http://idp.example.test"), CLIENT, "", List.of(), "x", "groups", Optional.empty());
        var plain = new OidcLogin(() -> s, this::provider, new ExternalAccounts(db, auth, clock)::signIn, clock);
        var e = assertThrows(AppException.class, () -> plain.start(REDIRECT));
        assertTrue(e.getMessage().contains("https://"), e.getMessage());
    }
}
