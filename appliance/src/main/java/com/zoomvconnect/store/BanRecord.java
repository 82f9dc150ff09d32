package com.zoomvconnect.store;

import java.time.Instant;

/** One ban from one meeting: who ({@code kind} and {@code subject}), named what, by whom, when. */
public record BanRecord(String meetingId, String kind, String subject, String displayName, String bannedBy,
                        Instant bannedAt) {
    public static final String ACCOUNT = "account";
    public static final String GUEST = "guest";
    public static final String ADDRESS = "address";
}
