package com.zoomvconnect.record;

import com.zoomvconnect.media.sfu.RecordingTap;
import com.zoomvconnect.media.sfu.Sfu;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Lets several listeners (a recording, live captions) hear one SFU room: the SFU takes one tap per
 * room, so the hub is that tap and hands each track's packets to every listener's own sink. A
 * listener that comes later is told about the tracks already published; one that leaves has its
 * sinks ended, the others go on. The hub's SFU tap exists while the room has a listener.
 *
 * <p>Threading: listener changes and track changes are serialised on the hub; packets arrive on
 * the media thread and read an immutable array of sinks (one volatile read, no allocation).
 */
public final class TapHub {
    /** Where the hub's taps go: {@link Sfu#record}. */
    private final BiFunction<String, RecordingTap, AutoCloseable> sfu;
    private final Map<String, RoomTap> rooms = new HashMap<>();

    public TapHub(Sfu sfu) {
        this(sfu::record);
    }

    /** @param record taps a room, as {@link Sfu#record} does */
    TapHub(BiFunction<String, RecordingTap, AutoCloseable> record) {
        this.sfu = record;
    }

    /** Starts handing {@code roomId}'s tracks, present and future, to {@code listener}; close the handle to stop. */
    public AutoCloseable listen(String roomId, RecordingTap listener) {
        RoomTap room;
        boolean fresh = false;
        synchronized (this) {
            room = rooms.get(roomId);
            if (room == null) {
                room = new RoomTap();
                rooms.put(roomId, room);
                fresh = true;
            }
            room.add(listener);
        }
        if (fresh) {
            room.handle = sfu.apply(roomId, room);
        }
        RoomTap r = room;
        return () -> {
            AutoCloseable close = null;
            synchronized (this) {
                if (r.remove(listener) && rooms.get(roomId) == r) {
                    rooms.remove(roomId);
                    close = r.handle;
                }
            }
            if (close != null) {
                close.close();
            }
        };
    }

    /** The one SFU tap of a room. */
    private final class RoomTap implements RecordingTap {
        private final List<RecordingTap> listeners = new ArrayList<>();
        private final List<Fanout> tracks = new ArrayList<>();
        private volatile AutoCloseable handle;

        /** Called with the hub's monitor held. */
        void add(RecordingTap listener) {
            listeners.add(listener);
            for (Fanout f : tracks) {
                f.add(listener);
            }
        }

        /** Ends the listener's sinks; true when it was the last listener. Called with the hub's monitor held. */
        boolean remove(RecordingTap listener) {
            listeners.remove(listener);
            for (Fanout f : tracks) {
                f.remove(listener);
            }
            return listeners.isEmpty();
        }

        @Override
        public TrackSink trackAdded(RecordedTrack track) {
            synchronized (TapHub.this) {
                var f = new Fanout(track, this);
                for (RecordingTap l : listeners) {
                    f.add(l);
                }
                tracks.add(f);
                return f;
            }
        }

        void ended(Fanout f) {
            synchronized (TapHub.this) {
                tracks.remove(f);
            }
        }
    }

    /** One track's packets to each listener's sink. */
    private static final class Fanout implements RecordingTap.TrackSink {
        private final RecordingTap.RecordedTrack track;
        private final RoomTap room;
        private final Map<RecordingTap, RecordingTap.TrackSink> byListener = new HashMap<>();
        private volatile RecordingTap.TrackSink[] sinks = new RecordingTap.TrackSink[0];
        private boolean ended;

        Fanout(RecordingTap.RecordedTrack track, RoomTap room) {
            this.track = track;
            this.room = room;
        }

        synchronized void add(RecordingTap listener) {
            if (ended) {
                return;
            }
            RecordingTap.TrackSink s = listener.trackAdded(track);
            if (s != null) {
                byListener.put(listener, s);
                sinks = byListener.values().toArray(new RecordingTap.TrackSink[0]);
            }
        }

        void remove(RecordingTap listener) {
            RecordingTap.TrackSink s;
            synchronized (this) {
                s = byListener.remove(listener);
                sinks = byListener.values().toArray(new RecordingTap.TrackSink[0]);
            }
            if (s != null) {
                s.trackEnded();
            }
        }

        @Override
        public void onRtp(byte[] buf, int off, int len, int layer, long nowNanos) {
            for (RecordingTap.TrackSink s : sinks) {
                s.onRtp(buf, off, len, layer, nowNanos);
            }
        }

        @Override
        public void onSenderReport(int layer, long ntpTimestamp, long rtpTimestamp) {
            for (RecordingTap.TrackSink s : sinks) {
                s.onSenderReport(layer, ntpTimestamp, rtpTimestamp);
            }
        }

        @Override
        public void trackEnded() {
            List<RecordingTap.TrackSink> all;
            synchronized (this) {
                ended = true;
                all = List.copyOf(byListener.values());
                byListener.clear();
                sinks = new RecordingTap.TrackSink[0];
            }
            room.ended(this);
            for (RecordingTap.TrackSink s : all) {
                s.trackEnded();
            }
        }
    }
}
