package com.zoomvconnect.media.sfu;

import java.util.ArrayList;
import java.util.List;

/**
 * Which SFU room a participant's media session is attached to. The session (its two transports
 * with their ICE, DTLS and SRTP state, and its up-tracks) outlives any one attachment:
 * {@link #moveTo} re-attaches it to another room without touching the transports, so a move
 * costs a subscribe-side renegotiation and a keyframe request, never a new handshake.
 *
 * <p>Threading: {@link #room()} is a volatile read, safe from any thread (packet path, setters).
 * Membership changes of this participant (join, its track changes, move, leave) are serialised on
 * this object's monitor, so a move never interleaves with a publish. Lock order: attachment, then
 * room, then participant; listeners are called after every lock is released.
 */
final class RoomAttachment {
    private final SfuParticipant participant;
    private final Sfu sfu;
    /** The current room; null only before {@link #join}. */
    private volatile SfuRoom room;
    /** Set once by {@link #leave}; guarded by this. */
    private boolean left;

    RoomAttachment(SfuParticipant participant, Sfu sfu) {
        this.participant = participant;
        this.sfu = sfu;
    }

    SfuRoom room() {
        return room;
    }

    /** The first attachment. The joiner publishes nothing yet, so no one else renegotiates. */
    synchronized void join(String roomId) {
        room = enter(roomId, new ArrayList<>());
    }

    /**
     * Detaches from the current room (others stop receiving this participant and it stops
     * receiving them; its recording and speaker detection there end) and attaches to
     * {@code roomId} (made if needed): down-tracks both ways, recording, speaker detection.
     * Then tells everyone whose subscriptions changed, this participant included, to renegotiate.
     * The new down-tracks flow once their subscriber answers, video from a keyframe asked for
     * then ({@link SfuParticipant#subscribeAnswer}): asked for now, it would arrive before the
     * browser knows the m-line and be dropped there. No-op when already there.
     */
    void moveTo(String roomId) {
        SfuRoom from;
        List<SfuParticipant> notify = new ArrayList<>();
        synchronized (this) {
            if (left) {
                throw new IllegalStateException("participant " + participant.id() + " has left");
            }
            from = room;
            if (from.id.equals(roomId)) {
                return;
            }
            notify.addAll(from.remove(participant));
            room = enter(roomId, notify);
        }
        sfu.dropIfEmpty(from);
        participant.listener().movedTo(roomId);
        notify.add(participant); // even with nothing to receive in the new room, its old m-lines go inactive
        notify.stream().distinct().forEach(o -> o.listener().renegotiationNeeded());
    }

    /** Leaves for good (the participant closes); the others renegotiate without its tracks. */
    void leave() {
        SfuRoom from;
        List<SfuParticipant> notify;
        synchronized (this) {
            if (left || room == null) {
                left = true;
                return;
            }
            left = true;
            from = room;
            notify = from.remove(participant);
        }
        sfu.dropIfEmpty(from);
        notify.stream().distinct().filter(o -> o != participant).forEach(o -> o.listener().renegotiationNeeded());
    }

    /** The live room with this id; a room retired (emptied) concurrently is replaced by a fresh one. */
    private SfuRoom enter(String roomId, List<SfuParticipant> notify) {
        while (true) {
            SfuRoom r = sfu.liveRoom(roomId);
            List<SfuParticipant> changed = r.add(participant);
            if (changed != null) {
                notify.addAll(changed);
                return r;
            }
        }
    }
}
