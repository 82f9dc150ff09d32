package com.zoomvconnect.store;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/** Server-wide settings as name/value pairs (e.g. the registration policy). */
public final class SettingsDao {
    /** The recording quota in GiB an administrator set (overrides recording.quota.gb of the configuration; 0: none). */
    public static final String RECORDING_QUOTA_GB = "recording.quotaGb";
    /** Days recordings are kept, as an administrator set it (overrides recording.retention.days; 0: forever). */
    public static final String RECORDING_RETENTION_DAYS = "recording.retentionDays";

    /** A whole-number setting, or {@code fallback} when unset or unreadable. */
    public long number(Handle h, String name, long fallback) {
        try {
            return get(h, name).map(Long::parseLong).orElse(fallback);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    public Optional<String> get(Handle h, String name) {
        return h.createQuery("SELECT setting_value FROM settings WHERE name = :name").bind("name", name)
                .mapTo(String.class).findOne();
    }

    public void put(Handle h, String name, String value, Instant now) {
        int updated = h.createUpdate("UPDATE settings SET setting_value = :value, updated_at = :now WHERE name = :name")
                .bind("name", name).bind("value", value).bind("now", Database.toDb(now)).execute();
        if (updated == 0) {
            h.createUpdate("INSERT INTO settings (name, setting_value, updated_at) VALUES (:name, :value, :now)")
                    .bind("name", name).bind("value", value).bind("now", Database.toDb(now)).execute();
        }
    }

    public void delete(Handle h, String name) {
        h.createUpdate("DELETE FROM settings WHERE name = :name").bind("name", name).execute();
    }

    public Map<String, String> all(Handle h) {
        var map = new TreeMap<String, String>();
        h.createQuery("SELECT name, setting_value FROM settings").map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                .forEach(e -> map.put(e.getKey(), e.getValue()));
        return map;
    }
}
