package com.zoomvconnect.signal;

import com.zoomvconnect.auth.TokenService;
import com.zoomvconnect.media.sfu.MediaEngine;
import com.zoomvconnect.meeting.LiveMeetings;
import io.helidon.webserver.websocket.WsRouting;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** The WebSocket endpoint {@code /signal}: one {@link SignalConnection} per socket. */
public final class SignalEndpoint implements AutoCloseable {
    public static final String PATH = "/signal";

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("signal-timer").daemon().factory());
    private final SignalMetrics metrics = new SignalMetrics();
    private final SignalConnection.SignalContext ctx;

    public SignalEndpoint(TokenService tokens, LiveMeetings meetings, MediaEngine media) {
        this.ctx = new SignalConnection.SignalContext(tokens, meetings, media, timer, metrics);
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
