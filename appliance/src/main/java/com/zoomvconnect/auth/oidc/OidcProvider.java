package com.zoomvconnect.auth.oidc;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import com.zoomvconnect.auth.sso.IdpTls;
import com.zoomvconnect.error.AppException;
import com.zoomvconnect.error.ErrorCode;
import java.io.IOException;
import java.net.URI;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLSocketFactory;

/**
 * One identity provider as its discovery document describes it (OpenID Connect Discovery 1.0):
 * where to send the browser, how to redeem a code, and the ID-token validator whose signing keys
 * come from the provider's JWKS, cached and fetched again when a token names an unknown key
 * (key rotation).
 */
final class OidcProvider {
    /** Asymmetric algorithms only: a symmetric one would make the client secret a signing key. */
    private static final Set<JWSAlgorithm> ACCEPTED = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384,
            JWSAlgorithm.ES512, JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);
    private static final int TIMEOUT_MS = 10_000;

    /** Sends a token request and answers the provider's response (a seam for tests). */
    interface TokenEndpoint {
        OIDCTokenResponse redeem(TokenRequest request);
    }

    final OidcSettings settings;
    final OIDCProviderMetadata metadata;
    final IDTokenValidator validator;
    private final TokenEndpoint tokens;
    private final SSLSocketFactory tls;

    OidcProvider(OidcSettings settings, OIDCProviderMetadata metadata, IDTokenValidator validator, TokenEndpoint tokens,
                 SSLSocketFactory tls) {
        this.settings = settings;
        this.metadata = metadata;
        this.validator = validator;
        this.tokens = tokens;
        this.tls = tls;
    }

    /** Fetches the discovery document of {@code s.issuer()} and builds the validator for its keys. */
    static OidcProvider discover(OidcSettings s) {
        SSLSocketFactory tls = IdpTls.socketFactory(s.caFile(), "oidc.caFile");
        URI config = URI.create(s.issuer() + "/.well-known/openid-configuration");
        OIDCProviderMetadata metadata;
        try {
            var req = new HTTPRequest(HTTPRequest.Method.GET, config);
            req.setSSLSocketFactory(tls);
            req.setConnectTimeout(TIMEOUT_MS);
            req.setReadTimeout(TIMEOUT_MS);
            HTTPResponse res = req.send();
            if (!res.indicatesSuccess()) {
                throw failed("its discovery document " + config + " answered HTTP " + res.getStatusCode());
            }
            metadata = OIDCProviderMetadata.parse(res.getBodyAsJSONObject());
        } catch (IOException e) {
            throw failed("it could not be reached at " + config + " (" + e.getMessage() + ")");
        } catch (ParseException e) {
            throw failed("its discovery document " + config + " is not valid (" + e.getMessage() + ")");
        }
        // Discovery §4.3: the document must name exactly the issuer it was fetched for.
        if (!metadata.getIssuer().getValue().equals(s.issuer().toString())) {
            throw failed("its discovery document names issuer " + metadata.getIssuer() + ", not " + s.issuer());
        }
        if (metadata.getAuthorizationEndpointURI() == null || metadata.getTokenEndpointURI() == null
                || metadata.getJWKSetURI() == null) {
            throw failed("its discovery document lacks authorization_endpoint, token_endpoint or jwks_uri");
        }
        var algs = new HashSet<JWSAlgorithm>(metadata.getIDTokenJWSAlgs() == null ? Set.of(JWSAlgorithm.RS256)
                : metadata.getIDTokenJWSAlgs());
        algs.retainAll(ACCEPTED);
        if (algs.isEmpty()) {
            throw failed("it signs ID tokens only with " + metadata.getIDTokenJWSAlgs() + "; an asymmetric algorithm is needed");
        }
        JWKSource<SecurityContext> keys;
        try {
            // Cached (5 minutes), refreshed when a token names an unknown key id, rate-limited.
            keys = JWKSourceBuilder.create(metadata.getJWKSetURI().toURL(),
                    new DefaultResourceRetriever(TIMEOUT_MS, TIMEOUT_MS, 512 * 1024, true, tls)).build();
        } catch (IOException e) {
            throw failed("its jwks_uri " + metadata.getJWKSetURI() + " is not a URL");
        }
        var validator = new IDTokenValidator(metadata.getIssuer(), new ClientID(s.clientId()),
                new JWSVerificationKeySelector<>(algs, keys), null);
        return new OidcProvider(s, metadata, validator, request -> send(request, tls), tls);
    }

    OIDCTokenResponse redeem(TokenRequest request) {
        return tokens.redeem(request);
    }

    /** The UserInfo claims (OIDC Core §5.3), when the provider has the endpoint and answers. */
    Optional<UserInfo> userInfo(OIDCTokens t) {
        if (metadata.getUserInfoEndpointURI() == null || !(t.getAccessToken() instanceof BearerAccessToken bearer)) {
            return Optional.empty();
        }
        try {
            var req = new UserInfoRequest(metadata.getUserInfoEndpointURI(), bearer).toHTTPRequest();
            req.setSSLSocketFactory(tls);
            req.setConnectTimeout(TIMEOUT_MS);
            req.setReadTimeout(TIMEOUT_MS);
            var res = UserInfoResponse.parse(req.send());
            return res.indicatesSuccess() ? Optional.of(res.toSuccessResponse().getUserInfo()) : Optional.empty();
        } catch (IOException | ParseException e) {
            return Optional.empty(); // optional: the ID token's claims are enough
        }
    }

    private static OIDCTokenResponse send(TokenRequest request, SSLSocketFactory tls) {
        try {
            HTTPRequest http = request.toHTTPRequest();
            http.setSSLSocketFactory(tls);
            http.setConnectTimeout(TIMEOUT_MS);
            http.setReadTimeout(TIMEOUT_MS);
            var res = OIDCTokenResponseParser.parse(http.send());
            if (res instanceof TokenErrorResponse err) {
                var e = err.getErrorObject();
                throw failed("it refused the authorization code: " + e.getCode()
                        + (e.getDescription() == null ? "" : " (" + e.getDescription() + ")"));
            }
            return (OIDCTokenResponse) res.toSuccessResponse();
        } catch (IOException e) {
            throw failed("its token endpoint could not be reached (" + e.getMessage() + ")");
        } catch (ParseException e) {
            throw failed("its token response is not valid (" + e.getMessage() + ")");
        }
    }

    static AppException failed(String why) {
        return new AppException(ErrorCode.SSO_FAILED, "Sign-in with the identity provider failed: " + why);
    }
}
