package com.zoomvconnect.auth.sso;

import java.util.Set;

/**
 * Who an identity provider or directory says the user is: a stable {@code subject} at that provider
 * (OIDC {@code sub}, SAML NameID, LDAP {@code entryUUID} or {@code objectGUID}), the e-mail and name to give
 * a new account, and the groups that decide the role.
 *
 * @param formerSubject what an earlier version of the appliance used as the subject for this identity (the
 *                      LDAP entry DN), so links made then are found again; null when there is none
 */
public record ExternalIdentity(Provider provider, String subject, String email, String displayName, Set<String> groups,
                               String formerSubject) {
    public ExternalIdentity {
        groups = groups == null ? Set.of() : Set.copyOf(groups);
    }

    public ExternalIdentity(Provider provider, String subject, String email, String displayName, Set<String> groups) {
        this(provider, subject, email, displayName, groups, null);
    }
}
