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
 */
public record AuthConfig(Duration accessTokenTtl, Duration refreshTokenTtl, Duration joinTokenTtl,
                         int maxFailuresPerAccount, int maxFailuresPerClient, Duration failureWindow,
                         PasswordHasher.Params password) {
    public static AuthConfig defaults() {
        return new AuthConfig(Duration.ofMinutes(15), Duration.ofDays(30), Duration.ofMinutes(2),
                5, 20, Duration.ofMinutes(15), PasswordHasher.DEFAULT);
    }
}
