package com.zoomvconnect.media.sfu;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The SFU's side of a meeting: which participants publish which tracks, and who receives them.
 * Every subscriber receives every other participant's tracks (selection comes with simulcast and
 * last-N). Changes are serialised on the room's monitor; participants are told to renegotiate
 * after it is released (lock order: room, then participant; never the reverse).
 */
final class SfuRoom {
    final String id;
    private final CopyOnWriteArrayList<SfuParticipant> participants = new CopyOnWriteArrayList<>();

    SfuRoom(String id) {
        this.id = id;
    }

    void add(SfuParticipant p) {
        synchronized (this) {
            for (SfuParticipant other : participants) {
                for (UpTrack up : other.upTracks()) {
                    p.addDownTrack(up);
                }
            }
            participants.add(p);
        }
    }

    void remove(SfuParticipant p) {
        List<SfuParticipant> notify = new ArrayList<>();
        synchronized (this) {
            participants.remove(p);
            for (UpTrack up : p.upTracks()) {
                removeDowns(up, notify);
            }
        }
        notify.stream().distinct().forEach(o -> o.listener().renegotiationNeeded());
    }

    void tracksChanged(List<UpTrack> added, List<UpTrack> removed) {
        List<SfuParticipant> notify = new ArrayList<>();
        synchronized (this) {
            for (UpTrack up : removed) {
                removeDowns(up, notify);
            }
            for (UpTrack up : added) {
                for (SfuParticipant other : participants) {
                    if (other != up.publisher) {
                        other.addDownTrack(up);
                        notify.add(other);
                    }
                }
            }
        }
        notify.stream().distinct().forEach(o -> o.listener().renegotiationNeeded());
    }

    private void removeDowns(UpTrack up, List<SfuParticipant> notify) {
        for (SfuParticipant other : participants) {
            if (other != up.publisher && other.removeDownTrack(up)) {
                notify.add(other);
            }
        }
    }

    List<SfuParticipant> participants() {
        return participants;
    }

    boolean isEmpty() {
        return participants.isEmpty();
    }
}
