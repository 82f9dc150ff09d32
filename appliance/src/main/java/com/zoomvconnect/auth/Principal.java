package com.zoomvconnect.auth;

/** The authenticated caller of an API request, taken from a verified access token. */
public record Principal(String userId, String email, String displayName, String role) {
    public boolean isAdmin() {
        return "admin".equals(role);
    }
}
