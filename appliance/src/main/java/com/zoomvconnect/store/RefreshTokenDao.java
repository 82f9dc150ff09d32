package com.zoomvconnect.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Refresh token storage: insert, look up by hash, mark used, revoke a family. */
public final class RefreshTokenDao {
    public void insert(Handle h, RefreshTokenRecord t) {
        h.createUpdate("INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, created_at, expires_at) "
                        + "VALUES (:id, :user, :family, :hash, :created, :expires)")
                .bind("id", t.id())
                .bind("user", t.userId())
                .bind("family", t.familyId())
                .bind("hash", t.tokenHash())
                .bind("created", Database.toDb(t.createdAt()))
                .bind("expires", Database.toDb(t.expiresAt()))
                .execute();
    }

    /** Finds the token and locks its row so two concurrent refreshes cannot both rotate it. */
    public Optional<RefreshTokenRecord> findByHashForUpdate(Handle h, String hash) {
        return h.createQuery("SELECT * FROM refresh_tokens WHERE token_hash = :hash FOR UPDATE")
                .bind("hash", hash).map((rs, ctx) -> map(rs)).findOne();
    }

    /** Marks a token used; returns false if someone else used it first. */
    public boolean markUsed(Handle h, String id, Instant now) {
        return h.createUpdate("UPDATE refresh_tokens SET used_at = :now WHERE id = :id AND used_at IS NULL AND revoked_at IS NULL")
                .bind("id", id).bind("now", Database.toDb(now)).execute() == 1;
    }

    public int revokeFamily(Handle h, String familyId, Instant now) {
        return h.createUpdate("UPDATE refresh_tokens SET revoked_at = :now WHERE family_id = :family AND revoked_at IS NULL")
                .bind("family", familyId).bind("now", Database.toDb(now)).execute();
    }

    public int revokeAllForUser(Handle h, String userId, Instant now) {
        return h.createUpdate("UPDATE refresh_tokens SET revoked_at = :now WHERE user_id = :user AND revoked_at IS NULL")
                .bind("user", userId).bind("now", Database.toDb(now)).execute();
    }

    /** Deletes tokens expired before {@code cutoff}; returns how many. */
    public int deleteExpired(Handle h, Instant cutoff) {
        return h.createUpdate("DELETE FROM refresh_tokens WHERE expires_at < :cutoff")
                .bind("cutoff", Database.toDb(cutoff)).execute();
    }

    private static RefreshTokenRecord map(ResultSet rs) throws SQLException {
        return new RefreshTokenRecord(rs.getString("id"), rs.getString("user_id"), rs.getString("family_id"),
                rs.getString("token_hash"),
                Database.fromDb(rs.getObject("created_at", OffsetDateTime.class)),
                Database.fromDb(rs.getObject("expires_at", OffsetDateTime.class)),
                Database.fromDb(rs.getObject("used_at", OffsetDateTime.class)),
                Database.fromDb(rs.getObject("revoked_at", OffsetDateTime.class)));
    }
}
