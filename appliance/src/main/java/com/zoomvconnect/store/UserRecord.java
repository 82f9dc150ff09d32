package com.zoomvconnect.store;

import java.time.Instant;

/** A stored user account. {@code passwordHash} is an Argon2id encoding, never a password. */
public record UserRecord(String id, String email, String displayName, String passwordHash, String role,
                         boolean disabled, Instant createdAt, Instant updatedAt) {
    public static final String ROLE_ADMIN = "admin";
    public static final String ROLE_USER = "user";

    public boolean isAdmin() {
        return ROLE_ADMIN.equals(role);
    }
}
