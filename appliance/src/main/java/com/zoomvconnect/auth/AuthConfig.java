package com.zoomvconnect.auth;

import java.time.Duration;

/**
 * Authentication settings.
 *
 * @param accessTokenTtl   lifetime of access JWTs
 * @param refreshTokenTtl  lifetime of refresh tokens
 * @param joinTokenTtl     lifetime of meeting join grants
 * @param maxFailuresPerAccount failed logins per account within {@code failureWindow} before 429
 * @param maxFailuresPerClient  failed logins per client address within {@code failureWindow} before 429
 * @param failureWindow    sliding window for the login rate limit
 * @param password         Argon2id cost parameters
 * @param registration     who may create their own account while no administrator has chosen
 *                         (a policy set through the admin API or {@code zvc-admin} overrides it)
 */
public record AuthConfig(Duration accessTokenTtl, Duration refreshTokenTtl, Duration joinTokenTtl,
                         int maxFailuresPerAccount, int maxFailuresPerClient, Duration failureWindow,
                         PasswordHasher.Params password, RegistrationPolicy registration) {
    /** Production defaults: self-registration is closed (administrators create accounts). */
    public static AuthConfig defaults() {
        return new AuthConfig(Duration.ofMinutes(15), Duration.ofDays(30), Duration.ofMinutes(2),
                5, 20, Duration.ofMinutes(15), PasswordHasher.DEFAULT, RegistrationPolicy.CLOSED);
    }
}
