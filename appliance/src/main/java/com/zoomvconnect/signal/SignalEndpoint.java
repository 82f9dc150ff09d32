package com.zoomvconnect.signal;

import com.zoomvconnect.auth.TokenService;
import com.zoomvconnect.media.sfu.MediaEngine;
import com.zoomvconnect.meeting.EdgeRelays;
import com.zoomvconnect.meeting.LiveMeetings;
import com.zoomvconnect.meeting.MeetingPlacement;
import com.zoomvconnect.meeting.MeetingService;
import com.zoomvconnect.meeting.ModerationAudit;
import com.zoomvconnect.meeting.RecordingControl;
import io.helidon.webserver.websocket.WsRouting;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** The WebSocket endpoint {@code /signal}: one {@link SignalConnection} per socket. */
public final class SignalEndpoint implements AutoCloseable {
    public static final String PATH = "/signal";

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("signal-timer").daemon().factory());
    private final SignalMetrics metrics = new SignalMetrics();
    private final SignalContext ctx;

    public SignalEndpoint(TokenService tokens, LiveMeetings meetings, MediaEngine media, MeetingService meetingService,
                          ModerationAudit audit) {
        this(tokens, meetings, media, meetingService, audit, null);
    }

    public SignalEndpoint(TokenService tokens, LiveMeetings meetings, MediaEngine media, MeetingService meetingService,
                          ModerationAudit audit, RecordingControl recordings) {
        this(tokens, meetings, media, meetingService, audit, recordings, SignalLimits.DEFAULTS);
    }

    public SignalEndpoint(TokenService tokens, LiveMeetings meetings, MediaEngine media, MeetingService meetingService,
                          ModerationAudit audit, RecordingControl recordings, SignalLimits limits) {
        this(tokens, meetings, media, meetingService, audit, recordings, limits, IceServers.NONE);
    }

    public SignalEndpoint(TokenService tokens, LiveMeetings meetings, MediaEngine media, MeetingService meetingService,
                          ModerationAudit audit, RecordingControl recordings, SignalLimits limits, IceServers iceServers) {
        this(tokens, meetings, media, meetingService, audit, recordings, limits, iceServers, MeetingPlacement.SINGLE_NODE);
    }

    /** @param placement which node hosts each meeting: a join for a meeting hosted elsewhere is refused */
    public SignalEndpoint(TokenService tokens, LiveMeetings meetings, MediaEngine media, MeetingService meetingService,
                          ModerationAudit audit, RecordingControl recordings, SignalLimits limits, IceServers iceServers,
                          MeetingPlacement placement) {
        this(tokens, meetings, media, meetingService, audit, recordings, limits, iceServers, placement, EdgeRelays.NONE);
    }

    /** @param edges cascading: this node serves attendees of webinars hosted elsewhere through relay links */
    public SignalEndpoint(TokenService tokens, LiveMeetings meetings, MediaEngine media, MeetingService meetingService,
                          ModerationAudit audit, RecordingControl recordings, SignalLimits limits, IceServers iceServers,
                          MeetingPlacement placement, EdgeRelays edges) {
        this.ctx = new SignalContext(tokens, meetings, media, timer, metrics, new HostControls(meetingService, audit, recordings),
                limits, new JoinSessions(Clock.systemUTC()), new BreakoutControls(audit), iceServers, placement, new KeptMedia(),
                edges);
    }

    public WsRouting.Builder routing() {
        return WsRouting.builder().endpoint(PATH, () -> new SignalConnection(ctx));
    }

    public SignalMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
