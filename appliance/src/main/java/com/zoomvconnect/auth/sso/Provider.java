package com.zoomvconnect.auth.sso;

import java.util.Locale;

/** Where an external identity comes from. */
public enum Provider {
    OIDC, SAML, LDAP;

    /** The spelling stored in {@code external_identities.provider}. */
    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
