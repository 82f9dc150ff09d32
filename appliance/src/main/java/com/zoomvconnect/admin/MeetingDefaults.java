package com.zoomvconnect.admin;

import com.zoomvconnect.error.AppException;
import com.zoomvconnect.error.ErrorCode;
import com.zoomvconnect.meeting.MeetingService;
import com.zoomvconnect.store.Database;
import com.zoomvconnect.store.SettingsDao;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code meeting-defaults.show|set}: the options new meetings get, as settings named {@code meetingDefaults.<option>}. */
final class MeetingDefaults {
    private final Database db;
    private final Clock clock;
    private final SettingsDao settings = new SettingsDao();

    MeetingDefaults(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * The options new meetings get unless their creator chooses otherwise (off until set, except
     * recordingAllowed, which is on until set and which a creator cannot override).
     */
    Map<String, Object> show() {
        Map<String, String> all = db.jdbi().withHandle(settings::all);
        var m = new LinkedHashMap<String, Object>();
        for (String option : MeetingService.DEFAULT_OPTIONS) {
            String unset = Boolean.toString(option.equals(MeetingService.RECORDING_ALLOWED));
            m.put(option, Boolean.parseBoolean(all.getOrDefault("meetingDefaults." + option, unset)));
        }
        return m;
    }

    Map<String, Object> set(Map<String, String> a) {
        Map<String, String> changes = new LinkedHashMap<>();
        for (String option : MeetingService.DEFAULT_OPTIONS) {
            String v = a.get(option);
            if (v != null) {
                if (!v.equals("true") && !v.equals("false")) {
                    throw AppException.invalidField(option, "must be true or false");
                }
                changes.put(option, v);
            }
        }
        for (String key : a.keySet()) {
            if (!MeetingService.DEFAULT_OPTIONS.contains(key)) {
                throw AppException.invalidField(key, "is not a meeting option; give any of " + MeetingService.DEFAULT_OPTIONS);
            }
        }
        if (changes.isEmpty()) {
            throw new AppException(ErrorCode.BAD_REQUEST, "Nothing to change: give at least one of " + MeetingService.DEFAULT_OPTIONS);
        }
        Instant now = clock.instant();
        db.jdbi().useTransaction(h -> changes.forEach((k, v) -> settings.put(h, "meetingDefaults." + k, v, now)));
        return show();
    }
}
