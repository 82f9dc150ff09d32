package com.zoomvconnect.auth;

/**
 * A successful register, login or refresh: the user (as a {@link Principal}, so callers above need
 * not know the stored record) and a fresh token pair.
 */
public record AuthResult(Principal user, String accessToken, String refreshToken, long expiresIn) {
}
