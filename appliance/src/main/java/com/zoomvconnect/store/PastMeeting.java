package com.zoomvconnect.store;

import java.time.Instant;

/**
 * An ended meeting as the dashboard lists it.
 *
 * @param startedAt when it last went live; null for meetings that ended before this was recorded
 * @param attendance participants admitted into it, each counted once
 */
public record PastMeeting(String id, String code, String title, String hostName, String hostEmail, Instant startedAt,
                          Instant endedAt, int attendance, int recordings) {
}
