package com.zoomvconnect.media.sfu;

import java.util.List;
import java.util.Optional;

/** One participant's two peer connections with the SFU. */
public interface ParticipantMedia extends AutoCloseable {
    /**
     * Answers the client's publish offer. {@code sources} says what each offered m-line carries
     * (camera, microphone, screen, screenAudio). Returns the answer and the tracks now published.
     */
    PublishAnswer publish(String offerSdp, List<TrackSource> sources);

    /**
     * The next offer for the subscribe connection when the set of forwarded tracks changed and
     * no earlier offer awaits its answer; empty otherwise.
     */
    Optional<SubscribeOffer> nextSubscribeOffer();

    /**
     * ICE restart of the subscribe connection, asked by a client whose network changed: the next
     * subscribe offer ({@link #nextSubscribeOffer}, due now or after the pending one is answered)
     * carries new ICE credentials; DTLS and SRTP stay. The publish connection restarts by the
     * client's own offer. No-op before the first answer.
     */
    void restartSubscribeIce();

    /**
     * The participant's signaling session was resumed on a new socket that keeps these peer
     * connections: callbacks go to {@code listener} from now on, a subscribe offer that awaited its
     * answer counts as lost (the next offer carries everything again), and that next offer restarts
     * the subscribe connection's ICE. DTLS and SRTP stay; the publish connection restarts by the
     * client's own offer.
     */
    void resumeFor(MediaListener listener);

    /** Applies the client's answer to the last subscribe offer. */
    void subscribeAnswer(String answerSdp);

    /**
     * The room's whole decision on what of this participant's media not to forward: how host
     * controls such as "mute" are enforced by the server, not trusted to the client. Replaces the
     * previous decision; tracks published later follow it too.
     */
    void applyBlocked(java.util.Set<com.zoomvconnect.media.TrackSource> blocked);

    /**
     * The participants whose camera video this subscriber shows (the tiles on its screen), or
     * null for everyone: camera video of anyone else is paused, saving their bandwidth.
     */
    void setVisibleVideo(java.util.Set<String> participantIds);

    /**
     * How tall (device pixels) this subscriber renders each publisher's camera: the SFU forwards
     * the lowest simulcast layer that still fills it. Participants not listed get the top layer.
     */
    void setVideoSizes(java.util.Map<String, Integer> heightByParticipant);

    /**
     * Re-attaches this media session to another SFU room, keeping both connections as they are
     * (no ICE, no DTLS): it stops receiving and being received in the old room, receives and is
     * received in the new one (made if needed), new video starts with a keyframe request, and
     * {@link MediaListener#renegotiationNeeded} fires for everyone whose subscriptions changed,
     * this participant included. No-op when already in {@code roomId}.
     *
     * @throws IllegalStateException after {@link #close}
     */
    void moveTo(String roomId);

    /** The SFU room this media session is attached to now. */
    String roomId();

    /** The room's dominant speaker now (for a late joiner), or null. */
    String dominantSpeaker();

    /** Stops everything this participant sends and receives. */
    @Override
    void close();

    /** What an offered m-line carries, as the client declares it. */
    record TrackSource(String mid, String source) {
    }

    /** A published track as the SFU identifies it. */
    record PublishedTrack(String trackId, String mid, String kind, String source) {
    }

    /** The publish answer and the tracks it accepted. */
    record PublishAnswer(String sdp, List<PublishedTrack> tracks, List<String> removedTrackIds) {
    }

    /** A subscribe offer and, per m-line, whose track it carries. */
    record SubscribeOffer(String sdp, List<DownTrackInfo> tracks) {
    }

    /** Which publisher's track an m-line of the subscribe connection carries. */
    record DownTrackInfo(String mid, String participantId, String trackId, String kind, String source, String streamId) {
    }
}
