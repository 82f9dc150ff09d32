package com.zoomvconnect.media.sfu;

import com.zoomvconnect.media.bwe.TransportFeedbackRecorder;
import com.zoomvconnect.media.rtp.RtpPacket;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What arrives on one participant's publish connection: its up-tracks by mid, their encodings by
 * SSRC (signalled, or bound from the first packet's mid/rid extensions, RFC 8852), and the
 * transport-wide arrival record for feedback to the publisher. Lookups by SSRC are lock-free on
 * the packet path; changes happen under this object's monitor.
 */
final class PublishedStreams {
    private final Map<String, UpTrack> byMid = new LinkedHashMap<>();
    private final LongMap<Encoding> bySsrc = new LongMap<>();
    /** What arrived, for transport-wide feedback to the publisher. */
    final TransportFeedbackRecorder transportCc = new TransportFeedbackRecorder();
    /** Publish-side header extension ids for binding unsignalled SSRCs (0 = not negotiated). */
    private volatile int midExtId;
    private volatile int ridExtId;
    private volatile int repairedRidExtId;
    /** Transport-wide sequence number extension id on the publish connection (0 = not negotiated). */
    private volatile int transportCcExtId;

    /** Header extension ids the publish answer accepted (0 = not negotiated). */
    void negotiated(int transportCc, Integer mid, int rid, int repairedRid) {
        transportCcExtId = transportCc;
        if (mid != null) {
            midExtId = mid;
            ridExtId = rid;
            repairedRidExtId = repairedRid;
        }
    }

    int transportCcExtId() {
        return transportCcExtId;
    }

    synchronized UpTrack byMid(String mid) {
        return byMid.get(mid);
    }

    synchronized List<UpTrack> tracks() {
        return List.copyOf(byMid.values());
    }

    /** The tracks now published are {@code keep}; {@code removed} ones lose their SSRCs, {@code added} gain theirs. */
    synchronized void replace(Map<String, UpTrack> keep, Collection<UpTrack> added, Collection<UpTrack> removed) {
        for (UpTrack up : removed) {
            for (Encoding e : up.encodings) {
                unindex(e);
            }
        }
        byMid.clear();
        byMid.putAll(keep);
        for (UpTrack up : added) {
            for (Encoding e : up.encodings) {
                if (e.hasSsrc()) {
                    bySsrc.put(e.ssrc(), e);
                }
                if (e.hasRtxSsrc()) {
                    bySsrc.put(e.rtxSsrc(), e);
                }
            }
        }
    }

    private void unindex(Encoding e) {
        if (e.hasSsrc()) {
            bySsrc.remove(e.ssrc());
        }
        if (e.hasRtxSsrc()) {
            bySsrc.remove(e.rtxSsrc());
        }
    }

    /** Tracks no longer in {@code keep} (and not already in {@code removed}). */
    synchronized List<UpTrack> droppedFrom(Map<String, UpTrack> keep, List<UpTrack> removed) {
        List<UpTrack> gone = new ArrayList<>();
        for (var e : byMid.entrySet()) {
            if (!keep.containsKey(e.getKey()) && !removed.contains(e.getValue())) {
                gone.add(e.getValue());
            }
        }
        return gone;
    }

    /** The encoding of a media or RTX SSRC seen before, or null. */
    Encoding encoding(long ssrc) {
        return bySsrc.get(ssrc);
    }

    /** The encoding a packet belongs to, binding its SSRC on first sight; null when nothing matches. */
    Encoding encodingFor(ReceivedPacket p) {
        Encoding e = bySsrc.get(p.ssrc);
        return e != null ? e : learnSsrc(p.buf, p.off, p.len, p.ssrc);
    }

    /** Notes the packet's transport-wide sequence number and arrival; false when it carries none. */
    boolean recordTransportCc(byte[] buf, int off, int len, long now) {
        int id = transportCcExtId;
        if (id <= 0) {
            return false;
        }
        long ext = RtpPacket.findExtension(buf, off, len, id);
        if (ext < 0 || (ext & 0xff) < 2) {
            return false;
        }
        transportCc.record(TransportFeedbackRecorder.sequence(buf, ext), now / 1000);
        return true;
    }

    /**
     * An RTP packet with an SSRC not seen before: binds it to the encoding its mid and rid (or
     * repaired-rid, for RTX) header extensions name (RFC 8852 §3.3), or, for a track without
     * simulcast whose SSRC was not signalled, to its only encoding. Null when nothing matches.
     */
    private Encoding learnSsrc(byte[] buf, int off, int len, long ssrc) {
        int midId = midExtId;
        if (midId == 0) {
            return null;
        }
        String mid = RtpPacket.extensionString(buf, off, len, midId);
        if (mid == null) {
            return null;
        }
        String rid = ridExtId == 0 ? null : RtpPacket.extensionString(buf, off, len, ridExtId);
        String repaired = rid != null || repairedRidExtId == 0 ? null : RtpPacket.extensionString(buf, off, len, repairedRidExtId);
        synchronized (this) {
            if (bySsrc.get(ssrc) != null) {
                return bySsrc.get(ssrc);
            }
            UpTrack up = byMid.get(mid);
            if (up == null) {
                return null;
            }
            Encoding e;
            if (rid != null || repaired != null) {
                e = up.encoding(rid != null ? rid : repaired);
            } else {
                e = up.isSimulcast() || up.encodings[0].hasSsrc() ? null : up.encodings[0];
            }
            if (e == null) {
                return null;
            }
            if (repaired != null) {
                if (e.hasRtxSsrc()) {
                    bySsrc.remove(e.rtxSsrc());
                }
                e.bindRtxSsrc(ssrc);
            } else {
                if (e.hasSsrc()) {
                    bySsrc.remove(e.ssrc());
                }
                e.bindSsrc(ssrc);
            }
            bySsrc.put(ssrc, e);
            return e;
        }
    }
}
