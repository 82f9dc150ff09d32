package com.zoomvconnect.auth.sso;

import com.zoomvconnect.auth.AuthResult;
import com.zoomvconnect.error.AppException;
import com.zoomvconnect.error.ErrorCode;
import java.time.Clock;
import java.time.Duration;

/**
 * The hand-over of a finished single sign-on (OIDC or SAML) to the web client: the tokens kept here
 * under a one-time code the browser carries in {@code /#sso=…} and trades once, within a minute, at
 * {@code POST /api/v1/auth/oidc/exchange} — so tokens never travel in a URL. Thread-safe.
 */
public final class SsoHandoff {
    public static final Duration LIFETIME = Duration.ofSeconds(60);

    /** A finished sign-in: the appliance's tokens and, for OpenID Connect, the provider's ID token (the logout hint). */
    public record Handoff(AuthResult result, String idToken) {
    }

    private final OneTimeStore<Handoff> codes;

    public SsoHandoff(Clock clock) {
        this.codes = new OneTimeStore<>(LIFETIME, 10_000, clock);
    }

    /** A new one-time code for {@code result}. */
    public String put(AuthResult result) {
        return put(result, null);
    }

    /** A new one-time code for {@code result} and the provider's ID token (null for SAML). */
    public String put(AuthResult result, String idToken) {
        return codes.put(new Handoff(result, idToken)).orElseThrow(() -> new AppException(ErrorCode.RATE_LIMITED,
                "Too many sign-ins in progress; try again shortly", Duration.ofSeconds(30)));
    }

    /** The tokens of a finished sign-in, once, within {@link #LIFETIME}. */
    public Handoff exchange(String code) {
        return codes.take(code).orElseThrow(() -> new AppException(ErrorCode.SSO_FAILED,
                "This sign-in code has expired or was already used; please sign in again"));
    }
}
