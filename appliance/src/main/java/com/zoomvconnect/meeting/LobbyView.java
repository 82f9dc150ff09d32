package com.zoomvconnect.meeting;

import java.time.Instant;

/** What anyone holding a meeting link may learn before joining (the pre-join lobby). */
public record LobbyView(String id, String code, String title, String status, Instant startsAt,
                        boolean passcodeRequired, boolean allowGuests, boolean waitingRoom, boolean e2ee) {
}
