package com.zoomvconnect.auth;

import java.util.Optional;

/**
 * Somewhere else a user name and password may be good (an LDAP directory), asked by the password
 * login when the local account does not match. Empty means the credentials are wrong there too;
 * an outage or a disabled account is an {@link com.zoomvconnect.error.AppException}.
 */
@FunctionalInterface
public interface PasswordDirectory {
    /** No directory: only local accounts sign in with a password. */
    PasswordDirectory NONE = (login, password) -> Optional.empty();

    Optional<AuthResult> signIn(String login, String password);

    /** True when a plain user name (not only an e-mail address) may be typed as the login, as with LDAP. */
    default boolean acceptsUserNames() {
        return false;
    }
}
