package com.zoomvconnect.meeting;

import com.zoomvconnect.error.AppException;
import com.zoomvconnect.store.MeetingDao;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/** Opaque keyset cursor: base64url of {@code <epochSecond>.<nanos>|<id>}. */
final class PageCursor {
    private PageCursor() {
    }

    static String encode(Instant createdAt, String id) {
        String raw = createdAt.getEpochSecond() + "." + createdAt.getNano() + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static MeetingDao.Cursor decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int bar = raw.indexOf('|');
            int dot = raw.indexOf('.');
            if (bar < 0 || dot < 0 || dot > bar || raw.length() - bar - 1 > 36) {
                throw new IllegalArgumentException();
            }
            Instant at = Instant.ofEpochSecond(Long.parseLong(raw.substring(0, dot)), Long.parseLong(raw.substring(dot + 1, bar)));
            return new MeetingDao.Cursor(at, raw.substring(bar + 1));
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw AppException.invalidField("cursor", "is not a cursor returned by this API");
        }
    }
}
