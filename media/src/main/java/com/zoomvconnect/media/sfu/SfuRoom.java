package com.zoomvconnect.media.sfu;

import com.zoomvconnect.media.TrackSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An SFU room: which participants publish which tracks, and who receives them. Its id is its
 * own (a meeting's main room or a breakout), not necessarily a meeting id; a participant's
 * media session can be moved between rooms ({@link RoomAttachment}). Every subscriber receives
 * every other participant's tracks (selection comes with simulcast and last-N). Changes are
 * serialised on the room's monitor; participants are told to renegotiate after it is released
 * (lock order: attachment, then room, then participant; never the reverse).
 */
final class SfuRoom {
    final String id;
    final DominantSpeaker speakers = new DominantSpeaker();
    private final CopyOnWriteArrayList<SfuParticipant> participants = new CopyOnWriteArrayList<>();
    private final int lastN;
    private final Forwarder forwarder;
    private final BandwidthAllocator allocator;

    private final int audioLastN;
    /** The recording of this room, or null. */
    private RecordingTap tap;
    /** Emptied and dropped from the SFU's rooms: joins and moves go to a fresh room of the same id. */
    private boolean retired;

    SfuRoom(String id, int lastN, int audioLastN, Forwarder forwarder) {
        this.id = id;
        this.lastN = lastN;
        this.audioLastN = audioLastN;
        this.forwarder = forwarder;
        this.allocator = new BandwidthAllocator(forwarder);
    }

    /** The ticker's turn: dominant speaker, then last-N, then simulcast layers. */
    void tick(long now) {
        suppressQuietMicrophones();
        selectLayers(now);
        String changed = speakers.tick(now);
        if (changed != null) {
            applyLastN(now);
            for (SfuParticipant p : participants) {
                p.listener().dominantSpeakerChanged(changed);
            }
        }
    }

    /** Simulcast: each subscriber's layers from its share of its downlink ({@link BandwidthAllocator}). */
    private void selectLayers(long now) {
        for (SfuParticipant p : participants) {
            allocator.allocate(p, now);
        }
    }

    /**
     * Audio last-N (silence suppression): in a big room only the loudest few microphones are
     * forwarded; the rest carry silence or background noise. A microphone that comes back
     * resumes without a gap in its numbering.
     */
    private void suppressQuietMicrophones() {
        if (audioLastN <= 0 || participants.size() <= audioLastN) {
            for (SfuParticipant p : participants) {
                for (UpTrack up : p.upTracks()) {
                    unsuppress(up);
                }
            }
            return;
        }
        var loud = new java.util.HashSet<>(speakers.loudest(audioLastN));
        String dominant = speakers.current();
        if (dominant != null) {
            loud.add(dominant);
        }
        for (SfuParticipant p : participants) {
            for (UpTrack up : p.upTracks()) {
                if (up.source != TrackSource.MICROPHONE) {
                    continue;
                }
                if (loud.contains(p.id())) {
                    unsuppress(up);
                } else {
                    up.suppress();
                }
            }
        }
    }

    private static void unsuppress(UpTrack up) {
        if (up.unsuppress()) {
            for (DownTrack d : up.downs) {
                d.resume();
            }
        }
    }

    /**
     * Last-N: each subscriber gets camera video from at most N publishers among those it shows
     * on screen — the most recent dominant speakers, then the longest present. Screen shares and
     * audio always flow. A down-track that comes back waits for a keyframe.
     */
    synchronized void applyLastN(long now) {
        List<String> order = new ArrayList<>(speakers.recentSpeakers());
        for (SfuParticipant p : participants) {
            if (!order.contains(p.id())) {
                order.add(p.id());
            }
        }
        for (SfuParticipant subscriber : participants) {
            var visible = subscriber.visibleVideo();
            List<String> allowed = order.stream().filter(x -> !x.equals(subscriber.id()))
                    .filter(x -> visible == null || visible.contains(x))
                    .limit(lastN > 0 ? lastN : Long.MAX_VALUE).toList();
            for (DownTrack d : subscriber.downTracks()) {
                if (!d.source.isVideo() || d.source.source != TrackSource.CAMERA) {
                    continue;
                }
                if (d.setPaused(!allowed.contains(d.source.publisher.id()))) {
                    forwarder.requestKeyframe(d, now);
                }
            }
        }
    }

    /**
     * Adds {@code p} with whatever it already publishes (a participant moved here): it receives
     * every member's tracks, every member receives its tracks, its tracks join this room's
     * recording and its loudness this room's speaker detection. Returns the participants whose
     * subscriptions changed, or null when this room was retired (emptied and dropped by the SFU).
     */
    List<SfuParticipant> add(SfuParticipant p) {
        List<SfuParticipant> notify = new ArrayList<>();
        synchronized (this) {
            if (retired) {
                return null;
            }
            speakers.add(p.id(), p.speakerLevel);
            for (SfuParticipant other : participants) {
                for (UpTrack up : other.upTracks()) {
                    if (p.addDownTrack(up)) {
                        notify.add(p);
                    }
                }
            }
            for (UpTrack up : p.upTracks()) {
                attach(up);
                for (SfuParticipant other : participants) {
                    if (other.addDownTrack(up)) {
                        notify.add(other);
                    }
                }
            }
            participants.add(p);
        }
        applyLastN(System.nanoTime());
        return notify;
    }

    /**
     * Takes {@code p} out: no one here receives its tracks any more, it receives nothing from
     * here, its tracks leave this room's recording and it leaves speaker detection. Returns the
     * participants whose subscriptions changed ({@code p} among them if it lost any).
     */
    List<SfuParticipant> remove(SfuParticipant p) {
        List<SfuParticipant> notify = new ArrayList<>();
        synchronized (this) {
            participants.remove(p);
            speakers.remove(p.id(), p.speakerLevel);
            for (UpTrack up : p.upTracks()) {
                removeDowns(up, notify);
                up.detachSink();
            }
            if (p.dropDownTracks()) {
                notify.add(p);
            }
        }
        applyLastN(System.nanoTime());
        return notify;
    }

    /** The SFU drops this room if it is empty; a retired room takes no one (they go to a fresh one). */
    synchronized boolean retireIfEmpty() {
        if (participants.isEmpty()) {
            retired = true;
        }
        return retired;
    }

    void tracksChanged(List<UpTrack> added, List<UpTrack> removed) {
        List<SfuParticipant> notify = new ArrayList<>();
        synchronized (this) {
            for (UpTrack up : removed) {
                removeDowns(up, notify);
                up.detachSink();
            }
            for (UpTrack up : added) {
                attach(up);
                for (SfuParticipant other : participants) {
                    if (other != up.publisher) {
                        other.addDownTrack(up);
                        notify.add(other);
                    }
                }
            }
        }
        applyLastN(System.nanoTime());
        notify.stream().distinct().forEach(o -> o.listener().renegotiationNeeded());
    }

    private void removeDowns(UpTrack up, List<SfuParticipant> notify) {
        for (SfuParticipant other : participants) {
            if (other != up.publisher && other.removeDownTrack(up)) {
                notify.add(other);
            }
        }
    }

    /** Starts (tap) or stops (null) recording this room's tracks, present and future. */
    synchronized void setTap(RecordingTap next) {
        if (tap == next) {
            return;
        }
        for (SfuParticipant p : participants) {
            for (UpTrack up : p.upTracks()) {
                up.detachSink();
            }
        }
        tap = next;
        for (SfuParticipant p : participants) {
            for (UpTrack up : p.upTracks()) {
                attach(up);
            }
        }
    }

    synchronized RecordingTap tap() {
        return tap;
    }

    private void attach(UpTrack up) {
        if (tap == null || up.hasSink()) {
            return;
        }
        var request = new UpTrack.KeyframeRequest(forwarder, up.encodings);
        up.attachSink(tap.trackAdded(new RecordingTap.RecordedTrack(up.publisher.id(), up.trackId, up.kind, up.source.wireName(),
                up.codec.name(), up.codec.clockRate(), up.encodings.length, request)), request);
    }

    List<SfuParticipant> participants() {
        return participants;
    }

    boolean isEmpty() {
        return participants.isEmpty();
    }
}
