package com.zoomvconnect.signal;

import com.zoomvconnect.media.sfu.ParticipantMedia;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The media session of each admitted participant, so that a resume on a new socket can take the
 * peer connections over instead of building new ones (no new DTLS handshake, an ICE restart
 * instead): the socket of a network change dies, its peer connections need not. Keyed by
 * participant id, since a participant has one session at a time; the resume secret was checked
 * before anyone asks here.
 */
final class KeptMedia {
    private final Map<String, ConnectionMedia> byParticipant = new ConcurrentHashMap<>();

    /** {@code media} is now the participant's session (a join or a resume was admitted). */
    void hold(String participantId, ConnectionMedia media) {
        byParticipant.put(participantId, media);
    }

    /** The connection that held it let go (its session ended): forgets it if it is still the participant's. */
    void release(String participantId, ConnectionMedia media) {
        byParticipant.remove(participantId, media);
    }

    /**
     * Takes the participant's peer connections from the session being resumed; null if there are
     * none any more (closed, the session ended for good, or never admitted). Once taken, the old
     * session's close leaves them open.
     */
    ParticipantMedia take(String participantId) {
        ConnectionMedia previous = byParticipant.remove(participantId);
        return previous == null ? null : previous.handOff();
    }
}
