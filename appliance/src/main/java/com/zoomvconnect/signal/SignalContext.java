package com.zoomvconnect.signal;

import com.zoomvconnect.auth.TokenService;
import com.zoomvconnect.media.sfu.MediaEngine;
import com.zoomvconnect.meeting.EdgeRelays;
import com.zoomvconnect.meeting.LiveMeetings;
import com.zoomvconnect.meeting.MeetingPlacement;
import java.util.concurrent.ScheduledExecutorService;

/** Everything a signaling connection needs from the rest of the process. */
record SignalContext(TokenService tokens, LiveMeetings meetings, MediaEngine media, ScheduledExecutorService timer,
                     SignalMetrics metrics, HostControls moderation, SignalLimits limits,
                     JoinSessions sessions, BreakoutControls breakouts, IceServers iceServers,
                     MeetingPlacement placement, KeptMedia keptMedia, EdgeRelays edges) {
}
