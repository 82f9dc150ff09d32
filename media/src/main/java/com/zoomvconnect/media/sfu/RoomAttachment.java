package com.zoomvconnect.media.sfu;

import java.util.ArrayList;
import java.util.List;

/**
 * Which SFU room a participant's media session is attached to. The session (its two transports
 * with their ICE, DTLS and SRTP state, and its up-tracks) outlives any one attachment:
 * {@link #moveTo} re-attaches it to another room without touching the transports, so a move
 * costs a keyframe request and a subscribe-side renegotiation, never a new handshake.
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
     * Then asks for keyframes of every newly forwarded video track and tells everyone whose
     * subscriptions changed, this participant included, to renegotiate. No-op when already there.
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
        requestKeyframes(System.nanoTime());
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

    /**
     * PLI (RFC 4585 §6.3.1) for each video track newly forwarded by the move: the mover's new
     * down-tracks and the new room's down-tracks of its camera and screen. Each is new, so it
     * waits for a keyframe before forwarding (the forwarder keeps asking, rate-limited).
     */
    private void requestKeyframes(long now) {
        Forwarder f = sfu.forwarder();
        for (DownTrack d : participant.downTracks()) {
            if (d.isActive() && d.source.isVideo()) {
                f.requestKeyframe(d, now);
            }
        }
        for (UpTrack up : participant.upTracks()) {
            if (up.isVideo()) {
                f.requestKeyframes(up, now);
            }
        }
    }
}
