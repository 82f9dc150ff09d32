package com.zoomvconnect.signal;

import java.util.List;

/** Messages a browser sends on the signaling socket; the JSON {@code type} names the record. */
public sealed interface ClientMessage {
    /** First message: the join grant from {@code POST /meetings/{id}/join}. */
    record Join(String token) implements ClientMessage {
    }

    /** Offer of the client's publish connection, with what each m-line carries. */
    record PublishOffer(String sdp, List<TrackSource> tracks) implements ClientMessage {
    }

    /** Answer to the server's last {@code subscribeOffer}. */
    record SubscribeAnswer(String sdp) implements ClientMessage {
    }

    /** A trickled ICE candidate; the server is ICE-lite and needs none, so these are accepted and ignored. */
    record Trickle(String target, String candidate) implements ClientMessage {
    }

    /** The client muted or unmuted what it sends from {@code source}. */
    record Mute(String source, boolean muted) implements ClientMessage {
    }

    /** The client is leaving. */
    record Leave() implements ClientMessage {
    }

    /** Keep-alive. */
    record Ping() implements ClientMessage {
    }

    /** What an offered m-line carries: {@code microphone}, {@code camera}, {@code screen} or {@code screenAudio}. */
    record TrackSource(String mid, String source) {
    }
}
