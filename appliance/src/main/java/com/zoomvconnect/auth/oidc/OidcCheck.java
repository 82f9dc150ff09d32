package com.zoomvconnect.auth.oidc;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.zoomvconnect.auth.sso.Check;
import com.zoomvconnect.auth.sso.IdpPages;
import com.zoomvconnect.auth.sso.IdpProbe;
import com.zoomvconnect.auth.sso.IdpTls;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code zvc-admin sso test oidc}: contacts the configured OpenID Connect provider the way a sign-in
 * would — discovery, keys, an authorization request with the redirect URI the appliance sends, and the
 * token endpoint with the client's credentials — and reports each step as a {@link Check}.
 */
public final class OidcCheck {
    /** Nimbus' {@code IDTokenClaimsVerifier} default: the drift an ID token's iat/exp checks tolerate. */
    static final Duration ALLOWED_SKEW = Duration.ofSeconds(60);
    private static final String P = "oidc";

    private OidcCheck() {
    }

    /** The checks for {@code stored} settings ({@code sso.*}); {@code base} is the appliance's public URL. */
    public static List<Check> run(Map<String, String> stored, String base, Clock clock) {
        List<Check> checks = new ArrayList<>();
        OidcSettings s = OidcSettings.from(stored);
        if (s.issuer() == null || s.clientId().isEmpty()) {
            checks.add(Check.fail(P, "Settings", "oidc.issuer and oidc.clientId must be set (zvc-admin sso set oidc.issuer=… oidc.clientId=…)"));
            return checks;
        }
        if (!"https".equals(s.issuer().getScheme()) || s.issuer().getHost() == null) {
            checks.add(Check.fail(P, "Settings", "oidc.issuer must be an https:// URL, not " + s.issuer()));
            return checks;
        }
        checks.add(s.enabled() ? Check.pass(P, "Settings", "enabled; issuer " + s.issuer() + ", client " + s.clientId())
                : Check.warn(P, "Settings", "complete but not enabled (zvc-admin sso set oidc.enabled=true)"));
        var probe = new IdpProbe(P, s.caFile(), "oidc.caFile", clock, checks);
        if (!probe.reach(s.issuer())) {
            return checks;
        }
        URI config = URI.create(s.issuer() + "/.well-known/openid-configuration");
        Optional<HttpResponse<String>> res = probe.getAndCompareClocks("Discovery", config, ALLOWED_SKEW);
        if (res.isEmpty()) {
            return checks;
        }
        OIDCProviderMetadata metadata = discovery(s, config, res.get(), checks);
        if (metadata == null) {
            return checks;
        }
        keys(metadata, probe, checks);
        URI redirect = URI.create(base + OidcLogin.CALLBACK_PATH);
        redirect(s, metadata, redirect, probe, checks);
        client(s, metadata, redirect, checks);
        return checks;
    }

    private static OIDCProviderMetadata discovery(OidcSettings s, URI config, HttpResponse<String> res, List<Check> checks) {
        if (res.statusCode() != 200) {
            checks.add(Check.fail(P, "Discovery", config + " answered HTTP " + res.statusCode() + ": is oidc.issuer right? "
                    + "(Keycloak: https://host/realms/REALM; Entra ID: https://login.microsoftonline.com/TENANT/v2.0)"));
            return null;
        }
        OIDCProviderMetadata metadata;
        try {
            metadata = OIDCProviderMetadata.parse(res.body());
        } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            checks.add(Check.fail(P, "Discovery", config + " is not an OpenID Connect discovery document (" + e.getMessage() + ")"));
            return null;
        }
        // Discovery §4.3: the document must name exactly the issuer it was fetched for.
        String named = metadata.getIssuer().getValue();
        if (!named.equals(s.issuer().toString())) {
            checks.add(Check.fail(P, "Issuer", "the discovery document names issuer " + named + ", not " + s.issuer()
                    + ": set oidc.issuer=" + named + ", or fix the IdP's host name setting (Keycloak: --hostname)"));
            return null;
        }
        if (metadata.getAuthorizationEndpointURI() == null || metadata.getTokenEndpointURI() == null
                || metadata.getJWKSetURI() == null) {
            checks.add(Check.fail(P, "Discovery", "the discovery document lacks authorization_endpoint, token_endpoint or jwks_uri"));
            return null;
        }
        checks.add(Check.pass(P, "Discovery", "issuer " + named + " matches; authorization, token and key endpoints named"));
        return metadata;
    }

    private static void keys(OIDCProviderMetadata metadata, IdpProbe probe, List<Check> checks) {
        Optional<HttpResponse<String>> res = probe.get("Signing keys", metadata.getJWKSetURI());
        if (res.isEmpty()) {
            return;
        }
        try {
            List<JWK> signing = JWKSet.parse(res.get().body()).getKeys().stream()
                    .filter(k -> k.getKeyUse() == null || KeyUse.SIGNATURE.equals(k.getKeyUse()))
                    .filter(k -> !k.getKeyType().getValue().equals("oct")).toList();
            checks.add(signing.isEmpty()
                    ? Check.fail(P, "Signing keys", metadata.getJWKSetURI() + " holds no public signing key")
                    : Check.pass(P, "Signing keys", signing.size() + " public signing key(s) at " + metadata.getJWKSetURI()));
        } catch (java.text.ParseException e) {
            checks.add(Check.fail(P, "Signing keys", metadata.getJWKSetURI() + " answered HTTP " + res.get().statusCode()
                    + " without a JSON key set"));
        }
    }

    /** An authorization request as sign-in sends it: an IdP that does not know the redirect URI says so on an error page. */
    private static void redirect(OidcSettings s, OIDCProviderMetadata metadata, URI redirect, IdpProbe probe, List<Check> checks) {
        String name = "Redirect URI";
        if (!"https".equals(redirect.getScheme())) {
            checks.add(Check.fail(P, name, "the appliance would send " + redirect + ", not an https:// URL: set server.publicUrl"));
            return;
        }
        URI request = new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid"), new ClientID(s.clientId()), redirect)
                .endpointURI(metadata.getAuthorizationEndpointURI()).state(new State()).nonce(new Nonce())
                .codeChallenge(new CodeVerifier(), CodeChallengeMethod.S256).build().toURI();
        probe.get(name, request).ifPresent(res -> checks.add(
                IdpPages.judge(P, name, res, redirect.toString(), "the appliance sends redirect_uri " + redirect,
                        "register " + redirect + " as a redirect URI of client " + s.clientId() + " at the IdP")));
    }

    /** A token request with a made-up code: the IdP checks the client's credentials before the code. */
    private static void client(OidcSettings s, OIDCProviderMetadata metadata, URI redirect, List<Check> checks) {
        String name = "Client credentials";
        var provider = new OidcProvider(s, metadata, null, null, null);
        try {
            HTTPRequest http = OidcLogin.tokenRequest(provider, new AuthorizationCodeGrant(new AuthorizationCode("zvc-sso-test"),
                    redirect, new CodeVerifier())).toHTTPRequest();
            http.setSSLSocketFactory(IdpTls.socketFactory(s.caFile(), "oidc.caFile"));
            http.setConnectTimeout(10_000);
            http.setReadTimeout(10_000);
            TokenResponse res = TokenResponse.parse(http.send());
            if (res.indicatesSuccess()) {
                checks.add(Check.warn(P, name, "the token endpoint accepted a made-up authorization code"));
                return;
            }
            ErrorObject e = res.toErrorResponse().getErrorObject();
            String said = e.getCode() + (e.getDescription() == null ? "" : " (" + e.getDescription() + ")");
            switch (String.valueOf(e.getCode())) {
                case "invalid_grant" -> checks.add(Check.pass(P, name, "the token endpoint accepted client " + s.clientId()
                        + (s.clientSecret().isEmpty() ? " without a secret" : " and its secret")
                        + " (and refused the test's made-up code, as it should)"));
                case "invalid_client", "unauthorized_client" -> checks.add(Check.fail(P, name, "the IdP refused client "
                        + s.clientId() + (s.clientSecret().isEmpty() ? " without a secret" : " with the configured secret") + ": " + said
                        + "; check oidc.clientId and oidc.clientSecret"));
                default -> checks.add(Check.warn(P, name, "the token endpoint answered " + said));
            }
        } catch (Exception e) { // a token endpoint that is down or speaks no OAuth is a finding, not a crash
            checks.add(Check.fail(P, name, "the token endpoint " + metadata.getTokenEndpointURI() + " failed: " + IdpProbe.explain(e)));
        }
    }
}
