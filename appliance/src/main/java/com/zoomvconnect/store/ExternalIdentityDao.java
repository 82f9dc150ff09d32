package com.zoomvconnect.store;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The external_identities table: which local account an outside identity (provider, subject) signs in as. */
public final class ExternalIdentityDao {
    /** The account linked to {@code subject} at {@code provider} (a lower-case provider name such as {@code ldap}). */
    public Optional<String> userId(Handle h, String provider, String subject) {
        return h.createQuery("SELECT user_id FROM external_identities WHERE provider = :provider AND subject = :subject")
                .bind("provider", provider).bind("subject", subject).mapTo(String.class).findOne();
    }

    public void link(Handle h, String provider, String subject, String userId, Instant now) {
        h.createUpdate("INSERT INTO external_identities (provider, subject, user_id, created_at) "
                        + "VALUES (:provider, :subject, :userId, :now)")
                .bind("provider", provider).bind("subject", subject).bind("userId", userId)
                .bind("now", Database.toDb(now)).execute();
    }

    public long countForUser(Handle h, String userId) {
        return h.createQuery("SELECT COUNT(*) FROM external_identities WHERE user_id = :userId")
                .bind("userId", userId).mapTo(Long.class).one();
    }
}
