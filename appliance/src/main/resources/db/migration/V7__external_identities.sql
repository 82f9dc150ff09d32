-- Identities from outside the appliance (OpenID Connect, SAML, LDAP) linked to local accounts.
-- provider is 'oidc', 'saml' or 'ldap'; subject is the identity's stable id at that provider
-- (OIDC "sub", SAML NameID, LDAP entry DN). One account may have several linked identities.
CREATE TABLE external_identities (
    provider    VARCHAR(16)  NOT NULL,
    subject     VARCHAR(512) NOT NULL,
    user_id     VARCHAR(36)  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (provider, subject),
    CONSTRAINT external_identities_provider_check CHECK (provider IN ('oidc', 'saml', 'ldap'))
);
CREATE INDEX external_identities_user_idx ON external_identities (user_id);
