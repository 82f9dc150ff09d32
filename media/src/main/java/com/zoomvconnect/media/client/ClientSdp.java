package com.zoomvconnect.media.client;

import com.zoomvconnect.media.sdp.Candidate;
import com.zoomvconnect.media.sdp.MediaSection;
import com.zoomvconnect.media.sdp.SdpParser;
import com.zoomvconnect.media.sdp.SessionDescription;
import com.zoomvconnect.media.sdp.TransportParams;
import java.util.ArrayList;
import java.util.List;

/** The SDP a browser would write, for the synthetic clients: a publish offer and subscribe answers. */
public final class ClientSdp {
    private ClientSdp() {
    }

    /** Header extension ids the synthetic publisher writes (as Chrome numbers them in spirit). */
    public static final int EXT_AUDIO_LEVEL = 1;
    public static final int EXT_MID = 2;
    public static final int EXT_RID = 3;

    /**
     * A publish offer with one audio and one video m-line; with {@code rids} the video is
     * simulcast (RFC 8853) and its SSRCs are not signalled, as browsers do.
     */
    public static String publishOffer(TransportParams local, long audioSsrc, long videoSsrc, long rtxSsrc, List<String> rids) {
        if (rids.isEmpty()) {
            return publishOffer(local, audioSsrc, videoSsrc, rtxSsrc);
        }
        String plain = publishOffer(local, audioSsrc, videoSsrc, rtxSsrc);
        String video = plain.substring(plain.indexOf("m=video"));
        String simulcastVideo = video.substring(0, video.indexOf("a=msid:s v"))
                + "a=extmap:" + EXT_MID + " urn:ietf:params:rtp-hdrext:sdes:mid\r\n"
                + "a=extmap:" + EXT_RID + " urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id\r\n"
                + "a=msid:s v\r\n"
                + rids.stream().map(r -> "a=rid:" + r + " send\r\n").reduce("", String::concat)
                + "a=simulcast:send " + String.join(";", rids) + "\r\n";
        return plain.substring(0, plain.indexOf("m=video")) + simulcastVideo;
    }

    public static String publishOffer(TransportParams local, long audioSsrc, long videoSsrc, long rtxSsrc) {
        String transport = "a=ice-ufrag:" + local.ufrag() + "\r\na=ice-pwd:" + local.pwd() + "\r\na=fingerprint:sha-256 "
                + local.fingerprint() + "\r\na=setup:actpass\r\na=rtcp-mux\r\na=rtcp-rsize\r\n";
        return "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\n"
                + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=sendonly\r\n" + transport
                + "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n"
                + "a=rtpmap:111 opus/48000/2\r\na=fmtp:111 minptime=10;useinbandfec=1\r\n"
                + "a=msid:s a\r\na=ssrc:" + audioSsrc + " cname:loadgen\r\n"
                + "m=video 9 UDP/TLS/RTP/SAVPF 96 97\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\na=sendonly\r\n" + transport
                + "a=rtpmap:96 VP8/90000\r\na=rtcp-fb:96 nack\r\na=rtcp-fb:96 nack pli\r\na=rtcp-fb:96 goog-remb\r\n"
                + "a=rtpmap:97 rtx/90000\r\na=fmtp:97 apt=96\r\n"
                + "a=msid:s v\r\na=ssrc-group:FID " + videoSsrc + " " + rtxSsrc + "\r\n"
                + "a=ssrc:" + videoSsrc + " cname:loadgen\r\na=ssrc:" + rtxSsrc + " cname:loadgen\r\n";
    }

    /** Answers a subscribe offer: every m-line recvonly with its first codec. */
    public static String subscribeAnswer(String offerSdp, TransportParams local) {
        SessionDescription offer = SdpParser.parse(offerSdp);
        var sb = new StringBuilder("v=0\r\no=- 2 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");
        List<String> mids = new ArrayList<>();
        offer.media().forEach(m -> mids.add(m.mid()));
        sb.append("a=group:BUNDLE ").append(String.join(" ", mids)).append("\r\n");
        for (MediaSection m : offer.media()) {
            String pt = m.formats().get(0);
            sb.append("m=").append(m.kind()).append(" 9 UDP/TLS/RTP/SAVPF ").append(pt).append("\r\nc=IN IP4 0.0.0.0\r\n");
            sb.append("a=mid:").append(m.mid()).append("\r\n");
            sb.append(m.direction().equals("inactive") ? "a=inactive\r\n" : "a=recvonly\r\n");
            sb.append("a=ice-ufrag:").append(local.ufrag()).append("\r\na=ice-pwd:").append(local.pwd()).append("\r\n");
            sb.append("a=fingerprint:sha-256 ").append(local.fingerprint()).append("\r\na=setup:active\r\na=rtcp-mux\r\n");
            sb.append("a=rtpmap:").append(pt).append(' ').append(m.rtpmaps().get(Integer.parseInt(pt))).append("\r\n");
        }
        return sb.toString();
    }

    public static List<Candidate> candidates(String sdp) {
        SessionDescription d = SdpParser.parse(sdp);
        List<Candidate> out = new ArrayList<>();
        for (String c : d.media().get(0).all("candidate")) {
            out.add(Candidate.parse(c));
        }
        return out;
    }
}
