package com.zoomvconnect.auth;

import com.zoomvconnect.store.UserRecord;

/** A successful register, login or refresh: the user and a fresh token pair. */
public record AuthResult(UserRecord user, String accessToken, String refreshToken, long expiresIn) {
}
