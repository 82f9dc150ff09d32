package com.zoomvconnect.meeting;

import java.util.List;

/** One page of meetings and the cursor for the next page (null on the last page). */
public record MeetingPage(List<MeetingView> items, String nextCursor) {
}
