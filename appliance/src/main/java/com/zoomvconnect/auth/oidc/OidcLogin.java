package com.zoomvconnect.auth.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.zoomvconnect.auth.AuthResult;
import com.zoomvconnect.auth.sso.ExternalIdentity;
import com.zoomvconnect.auth.sso.OneTimeStore;
import com.zoomvconnect.auth.sso.Provider;
import com.zoomvconnect.auth.sso.SsoHandoff;
import com.zoomvconnect.error.AppException;
import com.zoomvconnect.error.ErrorCode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in with OpenID Connect: the authorization code flow with PKCE (RFC 7636, S256), {@code state}
 * and {@code nonce} (OIDC Core §3.1), the ID token validated for signature, issuer, audience,
 * expiry and nonce (§3.1.3.7), then the local account from {@code signIn} and a one-time code the
 * web client trades for the tokens, so tokens never travel in a URL. Thread-safe.
 */
public final class OidcLogin {
    private static final Logger LOG = LoggerFactory.getLogger(OidcLogin.class);
    /** Time a person may spend on the provider's pages before the sign-in must start again. */
    static final Duration PENDING_LIFETIME = Duration.ofMinutes(10);
    /** Where the provider sends the browser back, under the public base URL (registered at the provider). */
    public static final String CALLBACK_PATH = "/api/v1/auth/oidc/callback";
    private static final Duration REDISCOVER_AFTER = Duration.ofHours(1);

    private record Pending(OidcSettings settings, Nonce nonce, CodeVerifier verifier, URI redirect) {
    }

    private record Discovered(OidcProvider provider, Instant at) {
    }

    private final Supplier<OidcSettings> settings;
    private final Function<OidcSettings, OidcProvider> discover;
    private final Function<ExternalIdentity, AuthResult> signIn;
    private final Clock clock;
    private final OneTimeStore<Pending> pending;
    private final SsoHandoff handoffs;
    private volatile Discovered discovered;

    /**
     * @param settings the current settings (read on every sign-in, so changes apply at once)
     * @param signIn   the local account for a vouched-for identity, with its tokens (JIT provisioning, roles)
     */
    public OidcLogin(Supplier<OidcSettings> settings, Function<ExternalIdentity, AuthResult> signIn, SsoHandoff handoffs,
                     Clock clock) {
        this(settings, OidcProvider::discover, signIn, handoffs, clock);
    }

    OidcLogin(Supplier<OidcSettings> settings, Function<OidcSettings, OidcProvider> discover,
              Function<ExternalIdentity, AuthResult> signIn, Clock clock) {
        this(settings, discover, signIn, new SsoHandoff(clock), clock);
    }

    OidcLogin(Supplier<OidcSettings> settings, Function<OidcSettings, OidcProvider> discover,
              Function<ExternalIdentity, AuthResult> signIn, SsoHandoff handoffs, Clock clock) {
        this.settings = settings;
        this.discover = discover;
        this.signIn = signIn;
        this.clock = clock;
        this.pending = new OneTimeStore<>(PENDING_LIFETIME, 10_000, clock);
        this.handoffs = handoffs;
    }

    /** The button text ("Sign in with …") when OpenID Connect is enabled, for the sign-in page. */
    public Optional<String> buttonName() {
        OidcSettings s = settings.get();
        return s.enabled() ? Optional.of(s.displayName()) : Optional.empty();
    }

    /**
     * A sign-in on its way to the provider: where to send the browser, and the {@code state} the
     * browser must also keep (a cookie) so the callback is accepted only in the browser that started it.
     */
    public record Started(URI location, String state) {
    }

    /** Where to send the browser to sign in; {@code redirect} is this appliance's callback URL. */
    public Started start(URI redirect) {
        OidcProvider p = provider();
        var nonce = new Nonce();
        var verifier = new CodeVerifier();
        String state = pending.put(new Pending(p.settings, nonce, verifier, redirect))
                .orElseThrow(() -> new AppException(ErrorCode.RATE_LIMITED, "Too many sign-ins in progress; try again shortly",
                        Duration.ofSeconds(30)));
        var scopes = new LinkedHashSet<>(List.of("openid"));
        scopes.addAll(p.settings.scopes());
        return new Started(new AuthenticationRequest.Builder(ResponseType.CODE, new Scope(scopes.toArray(String[]::new)),
                new ClientID(p.settings.clientId()), redirect)
                .endpointURI(p.metadata.getAuthorizationEndpointURI())
                .state(new State(state))
                .nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .build()
                .toURI(), state);
    }

    /**
     * Completes a sign-in from the provider's redirect (its query parameters): the pending sign-in
     * taken once by {@code state}, the code redeemed, the ID token validated, the account signed in.
     *
     * @param browserState the state this browser kept at {@link #start} (its cookie), or null
     * @return the one-time code the web client exchanges for the tokens ({@link #exchange})
     */
    public String finish(Map<String, String> params, String browserState) {
        String state = params.get("state");
        // Login CSRF (OIDC Core §3.1.2.1, RFC 6749 §10.12): a callback URL made with someone else's
        // sign-in must not sign this browser in as them.
        if (state == null || browserState == null
                || !MessageDigest.isEqual(state.getBytes(StandardCharsets.US_ASCII), browserState.getBytes(StandardCharsets.US_ASCII))) {
            throw refused("this sign-in was not started in this browser (or cookies are blocked); please start again",
                    "state not bound to this browser");
        }
        Pending p = pending.take(state).orElseThrow(() -> refused(
                "this sign-in has expired or was already completed; please start again", "unknown or replayed state"));
        if (params.get("error") != null) {
            String why = Optional.ofNullable(params.get("error_description")).orElse(params.get("error"));
            throw refused("the identity provider refused it: " + why, "error response " + params.get("error"));
        }
        String code = params.get("code");
        if (code == null || code.isBlank()) {
            throw refused("the identity provider sent no authorization code", "no code");
        }
        OidcProvider provider = provider();
        if (!provider.settings.equals(p.settings())) {
            throw refused("the sign-in settings changed meanwhile; please start again", "settings changed");
        }
        OIDCTokens tokens = provider.redeem(tokenRequest(provider,
                new AuthorizationCodeGrant(new AuthorizationCode(code), p.redirect(), p.verifier()))).getOIDCTokens();
        IDTokenClaimsSet claims;
        try {
            claims = provider.validator.validate(tokens.getIDToken(), p.nonce());
        } catch (BadJOSEException | JOSEException e) {
            throw refused("its ID token was not accepted (" + e.getMessage() + ")", "ID token: " + e.getMessage());
        }
        AuthResult result = signIn.apply(identity(provider, claims, tokens));
        return handoffs.put(result, tokens.getIDTokenString());
    }

    /** The tokens of a finished sign-in (OIDC or SAML: one hand-off for both), once, within {@link SsoHandoff#LIFETIME}. */
    public SsoHandoff.Handoff exchange(String code) {
        return handoffs.exchange(code);
    }

    /**
     * The provider's end-session URL (OIDC RP-Initiated Logout 1.0 §2) with {@code id_token_hint} and
     * {@code post_logout_redirect_uri}, when OpenID Connect is enabled and the provider names an
     * {@code end_session_endpoint}; the provider ends its session and sends the browser back.
     */
    public Optional<URI> endSession(String idToken, URI postLogoutRedirect) {
        if (!settings.get().enabled()) {
            return Optional.empty();
        }
        OidcProvider p = provider();
        URI endpoint = p.metadata.getEndSessionEndpointURI();
        if (endpoint == null) {
            return Optional.empty();
        }
        JWT hint;
        try {
            hint = JWTParser.parse(idToken);
        } catch (java.text.ParseException e) {
            throw AppException.invalidField("idToken", "is not an ID token");
        }
        return Optional.of(new LogoutRequest(endpoint, hint, postLogoutRedirect, new State()).toURI());
    }

    private ExternalIdentity identity(OidcProvider p, IDTokenClaimsSet claims, OIDCTokens tokens) {
        String email = claims.getStringClaim("email");
        String name = claims.getStringClaim("name");
        Set<String> groups = groups(claims.getClaim(p.settings.groupsClaim()));
        if (email == null || name == null) {
            Optional<UserInfo> info = p.userInfo(tokens);
            if (info.isPresent() && claims.getSubject().equals(info.get().getSubject())) { // OIDC Core §5.3.2
                email = email != null ? email : info.get().getEmailAddress();
                name = name != null ? name : info.get().getName();
                if (groups.isEmpty()) {
                    groups = groups(info.get().getClaim(p.settings.groupsClaim()));
                }
            }
        }
        // An unverified address must not link this identity to the local account that owns it.
        if (email != null && Boolean.FALSE.equals(claims.getClaim("email_verified"))) {
            throw refused("the identity provider has not verified the e-mail address " + email, "email_verified=false");
        }
        if (name == null) {
            name = Optional.ofNullable(claims.getStringClaim("preferred_username")).orElse(email);
        }
        return new ExternalIdentity(Provider.OIDC, claims.getSubject().getValue(), email, name, groups);
    }

    /** Group names from a claim that is a list or a single string; Keycloak's full paths lose their leading slash. */
    private static Set<String> groups(Object claim) {
        var out = new LinkedHashSet<String>();
        if (claim instanceof List<?> list) {
            list.forEach(g -> out.add(String.valueOf(g).replaceFirst("^/", "")));
        } else if (claim instanceof String s) {
            out.add(s.replaceFirst("^/", ""));
        }
        return Set.copyOf(out);
    }

    static TokenRequest tokenRequest(OidcProvider p, AuthorizationCodeGrant grant) {
        var id = new ClientID(p.settings.clientId());
        URI endpoint = p.metadata.getTokenEndpointURI();
        if (p.settings.clientSecret().isEmpty()) {
            return new TokenRequest(endpoint, id, grant); // a public client: PKCE alone binds the code
        }
        var secret = new Secret(p.settings.clientSecret());
        var methods = p.metadata.getTokenEndpointAuthMethods();
        return new TokenRequest(endpoint, methods == null || methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                ? new ClientSecretBasic(id, secret) : new ClientSecretPost(id, secret), grant);
    }

    private OidcProvider provider() {
        OidcSettings s = settings.get().requireUsable();
        Discovered d = discovered;
        if (d == null || !d.provider().settings.equals(s) || d.at().plus(REDISCOVER_AFTER).isBefore(clock.instant())) {
            d = new Discovered(discover.apply(s), clock.instant());
            discovered = d;
        }
        return d.provider();
    }

    private static AppException refused(String message, String logged) {
        LOG.info("OpenID Connect sign-in refused: {}", logged);
        return new AppException(ErrorCode.SSO_FAILED, "Sign-in with the identity provider failed: " + message);
    }
}
