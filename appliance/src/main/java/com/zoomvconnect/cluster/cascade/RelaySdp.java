package com.zoomvconnect.cluster.cascade;

import com.zoomvconnect.media.sdp.MediaSection;
import com.zoomvconnect.media.sdp.SdpParser;
import com.zoomvconnect.media.sdp.SessionDescription;
import com.zoomvconnect.media.sdp.TransportParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The SDP of a relay link's edge side: which tracks an origin's subscribe offer carries, and the
 * publish offer with which a relayed publisher sends them on into the edge's SFU — the same
 * codecs, payload types and SSRCs as they arrive, so packets pass through unchanged.
 */
final class RelaySdp {
    private RelaySdp() {
    }

    /** The active tracks of a subscribe offer, by its per-m-line list of whose track each mid carries. */
    static List<RelayedTrack> tracks(String offerSdp, List<TrackRef> refs) {
        SessionDescription offer = SdpParser.parse(offerSdp);
        List<RelayedTrack> out = new ArrayList<>();
        for (MediaSection m : offer.media()) {
            if (!"sendonly".equals(m.direction()) || m.ssrcs().isEmpty()) {
                continue; // a stopped track's line stays in every re-offer, inactive
            }
            for (TrackRef r : refs) {
                if (r.mid().equals(m.mid())) {
                    out.add(new RelayedTrack(r.participantId(), r.trackId(), m.kind(), r.source(), m.ssrcs().getFirst(), m));
                }
            }
        }
        return out;
    }

    /** What the origin's {@code subscribeOffer} says of one m-line. */
    record TrackRef(String mid, String participantId, String trackId, String source) {
    }

    /** A browser-like publish offer for {@code tracks} (one publisher's), mids "0", "1", … in order. */
    static String publishOffer(TransportParams local, List<RelayedTrack> tracks) {
        var sb = new StringBuilder("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE");
        for (int i = 0; i < tracks.size(); i++) {
            sb.append(' ').append(i);
        }
        sb.append("\r\n");
        String transport = "a=ice-ufrag:" + local.ufrag() + "\r\na=ice-pwd:" + local.pwd() + "\r\na=fingerprint:sha-256 "
                + local.fingerprint() + "\r\na=setup:actpass\r\na=rtcp-mux\r\na=rtcp-rsize\r\n";
        for (int i = 0; i < tracks.size(); i++) {
            RelayedTrack t = tracks.get(i);
            MediaSection m = t.line();
            Map<Integer, String> rtpmaps = m.rtpmaps();
            Map<Integer, String> fmtps = m.fmtps();
            sb.append("m=").append(t.kind()).append(" 9 UDP/TLS/RTP/SAVPF ").append(String.join(" ", m.formats()))
                    .append("\r\nc=IN IP4 0.0.0.0\r\na=mid:").append(i).append("\r\na=sendonly\r\n").append(transport);
            for (String f : m.formats()) {
                int pt = Integer.parseInt(f);
                if (rtpmaps.containsKey(pt)) {
                    sb.append("a=rtpmap:").append(pt).append(' ').append(rtpmaps.get(pt)).append("\r\n");
                }
                if (fmtps.containsKey(pt)) {
                    sb.append("a=fmtp:").append(pt).append(' ').append(fmtps.get(pt)).append("\r\n");
                }
            }
            for (String fb : m.all("rtcp-fb")) {
                sb.append("a=rtcp-fb:").append(fb).append("\r\n");
            }
            sb.append("a=msid:").append(t.participantId()).append(' ').append(t.trackId()).append("\r\n");
            sb.append("a=ssrc:").append(t.ssrc()).append(" cname:cascade\r\n");
        }
        return sb.toString();
    }
}
