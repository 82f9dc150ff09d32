package com.zoomvconnect.auth.sso;

import java.util.Set;

/**
 * Who an identity provider or directory says the user is: a stable {@code subject} at that provider
 * (OIDC {@code sub}, SAML NameID, LDAP entry DN), the e-mail and name to give a new account, and the
 * groups that decide the role.
 */
public record ExternalIdentity(Provider provider, String subject, String email, String displayName, Set<String> groups) {
    public ExternalIdentity {
        groups = groups == null ? Set.of() : Set.copyOf(groups);
    }
}
