package com.zoomvconnect.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Users table access. Every method runs inside the caller's handle (one transaction per use case). */
public final class UserDao {
    private static final String COLUMNS = "id, email, display_name, password_hash, role, disabled, created_at, updated_at";

    public void insert(Handle h, UserRecord u) {
        h.createUpdate("INSERT INTO users (" + COLUMNS + ") VALUES (:id, :email, :name, :hash, :role, :disabled, :created, :updated)")
                .bind("id", u.id())
                .bind("email", u.email())
                .bind("name", u.displayName())
                .bind("hash", u.passwordHash())
                .bind("role", u.role())
                .bind("disabled", u.disabled())
                .bind("created", Database.toDb(u.createdAt()))
                .bind("updated", Database.toDb(u.updatedAt()))
                .execute();
    }

    public Optional<UserRecord> findById(Handle h, String id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM users WHERE id = :id")
                .bind("id", id).map((rs, ctx) -> map(rs)).findOne();
    }

    public Optional<UserRecord> findByEmail(Handle h, String email) {
        return h.createQuery("SELECT " + COLUMNS + " FROM users WHERE email = :email")
                .bind("email", email).map((rs, ctx) -> map(rs)).findOne();
    }

    /** Account ids by (lower-case) email, for those of {@code emails} that have an account. */
    public Map<String, String> idsByEmail(Handle h, Collection<String> emails) {
        if (emails.isEmpty()) {
            return Map.of();
        }
        var out = new HashMap<String, String>();
        h.createQuery("SELECT email, id FROM users WHERE email IN (<emails>)").bindList("emails", List.copyOf(emails))
                .map((rs, ctx) -> Map.entry(rs.getString("email"), rs.getString("id")))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    public long count(Handle h) {
        return h.createQuery("SELECT COUNT(*) FROM users").mapTo(Long.class).one();
    }

    public List<UserRecord> list(Handle h) {
        return h.createQuery("SELECT " + COLUMNS + " FROM users ORDER BY created_at, id").map((rs, ctx) -> map(rs)).list();
    }

    public void update(Handle h, UserRecord u) {
        h.createUpdate("UPDATE users SET display_name = :name, password_hash = :hash, role = :role, "
                        + "disabled = :disabled, updated_at = :updated WHERE id = :id")
                .bind("id", u.id())
                .bind("name", u.displayName())
                .bind("hash", u.passwordHash())
                .bind("role", u.role())
                .bind("disabled", u.disabled())
                .bind("updated", Database.toDb(u.updatedAt()))
                .execute();
    }

    private static UserRecord map(ResultSet rs) throws SQLException {
        return new UserRecord(rs.getString("id"), rs.getString("email"), rs.getString("display_name"),
                rs.getString("password_hash"), rs.getString("role"), rs.getBoolean("disabled"),
                Database.fromDb(rs.getObject("created_at", OffsetDateTime.class)),
                Database.fromDb(rs.getObject("updated_at", OffsetDateTime.class)));
    }
}
