package com.zoomvconnect.admin;

import com.zoomvconnect.error.AppException;
import com.zoomvconnect.error.ErrorCode;
import com.zoomvconnect.store.AuditDao;
import com.zoomvconnect.store.AuditRecord;
import com.zoomvconnect.store.Database;
import com.zoomvconnect.store.SettingsDao;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * {@code recording-limits.show|set|reset}: the recording quota and retention, stored as settings that override
 * the configuration's {@code recording.quota.gb} and {@code recording.retention.days}; the recording manager
 * reads them at each start of a recording and each retention run, so a change applies without restart.
 * Each change is written to the audit log (no meeting: a server setting).
 */
final class RecordingLimits {
    static final long MAX_QUOTA_GB = 1_000_000;
    static final int MAX_RETENTION_DAYS = 36_500;

    private final Database db;
    private final ApplianceReach reach;
    private final Clock clock;
    private final SettingsDao settings = new SettingsDao();
    private final AuditDao audit = new AuditDao();

    RecordingLimits(Database db, ApplianceReach reach, Clock clock) {
        this.db = db;
        this.reach = reach;
        this.clock = clock;
    }

    Map<String, Object> show() {
        Map<String, String> all = db.jdbi().withHandle(settings::all);
        String quota = all.get(SettingsDao.RECORDING_QUOTA_GB);
        String retention = all.get(SettingsDao.RECORDING_RETENTION_DAYS);
        long quotaGb = quota != null ? Long.parseLong(quota) : reach.configuredQuotaGb();
        int retentionDays = retention != null ? Integer.parseInt(retention) : reach.configuredRetentionDays();
        var m = new LinkedHashMap<String, Object>();
        m.put("quotaGb", quotaGb);
        m.put("quotaBytes", quotaGb * 1_073_741_824L);
        m.put("quotaSource", quota != null ? "settings" : "configuration");
        m.put("retentionDays", retentionDays);
        m.put("retentionSource", retention != null ? "settings" : "configuration");
        m.put("usedBytes", reach.recordingsUsedBytes());
        return m;
    }

    /** {@code quotaGb} and/or {@code retentionDays}, whole numbers (0: no quota / kept forever). */
    Map<String, Object> set(Map<String, String> a, String actorId, String actorName) {
        var changes = new LinkedHashMap<String, String>();
        for (String key : a.keySet()) {
            switch (key) {
                case "quotaGb" -> changes.put(SettingsDao.RECORDING_QUOTA_GB, Long.toString(number(a, key, MAX_QUOTA_GB)));
                case "retentionDays" -> changes.put(SettingsDao.RECORDING_RETENTION_DAYS,
                        Long.toString(number(a, key, MAX_RETENTION_DAYS)));
                default -> throw AppException.invalidField(key, "is not a recording limit; give quotaGb or retentionDays");
            }
        }
        if (changes.isEmpty()) {
            throw new AppException(ErrorCode.BAD_REQUEST, "Nothing to change: give quotaGb and/or retentionDays");
        }
        Map<String, Object> before = show();
        db.jdbi().useTransaction(h -> {
            changes.forEach((k, v) -> settings.put(h, k, v, clock.instant()));
            audit.insert(h, new AuditRecord(UUID.randomUUID().toString(), null, clock.instant(), actorId, actorName,
                    "set_recording_limits", null, null, describe(before, changes)));
        });
        return show();
    }

    /** Forgets the values set here: the configuration's apply again. */
    Map<String, Object> reset(String actorId, String actorName) {
        db.jdbi().useTransaction(h -> {
            settings.delete(h, SettingsDao.RECORDING_QUOTA_GB);
            settings.delete(h, SettingsDao.RECORDING_RETENTION_DAYS);
            audit.insert(h, new AuditRecord(UUID.randomUUID().toString(), null, clock.instant(), actorId, actorName,
                    "set_recording_limits", null, null, "back to the configuration's values"));
        });
        return show();
    }

    private static String describe(Map<String, Object> before, Map<String, String> changes) {
        var parts = new java.util.ArrayList<String>();
        String q = changes.get(SettingsDao.RECORDING_QUOTA_GB);
        if (q != null) {
            parts.add("quota " + before.get("quotaGb") + " GiB -> " + q + " GiB");
        }
        String r = changes.get(SettingsDao.RECORDING_RETENTION_DAYS);
        if (r != null) {
            parts.add("retention " + before.get("retentionDays") + " -> " + r + " days");
        }
        return String.join(", ", parts);
    }

    private static long number(Map<String, String> a, String name, long max) {
        String v = a.get(name) == null ? "" : a.get(name).strip();
        try {
            long n = Long.parseLong(v);
            if (n >= 0 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw AppException.invalidField(name, "must be a whole number from 0 to " + max + " (0: " + (name.equals("quotaGb")
                ? "no quota" : "kept forever") + ")");
    }
}
