package com.zoomvconnect.media.sdp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The SFU's offer for a subscriber's receive connection: one {@code sendonly} m-line per
 * forwarded track (or {@code inactive} once it ended), SSRCs announced with a=ssrc and msid so
 * the browser maps packets to tracks without header extensions, ICE-lite and {@code actpass}.
 */
public final class SubscribeOffer {
    /** One m-line of the offer. */
    public record Line(String mid, String kind, Codec codec, long ssrc, String streamId, String trackId, String cname,
                       boolean active) {
    }

    /** What the subscriber's answer says; {@code transportCcExtId} 0 when it declined transport-wide feedback. */
    public record Answer(TransportParams remote, Set<String> acceptedMids, int transportCcExtId) {
    }

    /** The id the SFU offers for the transport-wide sequence number extension on subscribe connections. */
    public static final int TRANSPORT_CC_EXT_ID = 3;

    private SubscribeOffer() {
    }

    public static String offer(List<Line> lines, TransportParams local, long sessionId, int version) {
        List<MediaSection> media = new ArrayList<>();
        List<String> bundle = new ArrayList<>();
        for (Line l : lines) {
            bundle.add(l.mid());
            var attrs = new ArrayList<Attribute>();
            attrs.add(new Attribute("mid", l.mid()));
            attrs.add(new Attribute("extmap", TRANSPORT_CC_EXT_ID + " " + RtpExtensions.TRANSPORT_CC));
            attrs.add(Attribute.flag(l.active() ? "sendonly" : "inactive"));
            attrs.add(Attribute.flag("rtcp-mux"));
            attrs.add(Attribute.flag("rtcp-rsize"));
            Transport.addLocal(attrs, local, "actpass");
            List<String> formats = new ArrayList<>();
            Codecs.describe(l.codec(), formats, attrs);
            if (l.active()) {
                attrs.add(new Attribute("msid", l.streamId() + " " + l.trackId()));
                attrs.add(new Attribute("ssrc", l.ssrc() + " cname:" + l.cname()));
                attrs.add(new Attribute("ssrc", l.ssrc() + " msid:" + l.streamId() + " " + l.trackId()));
            }
            media.add(new MediaSection(l.kind(), PublishAnswer.firstPort(local), "UDP/TLS/RTP/SAVPF", formats,
                    PublishAnswer.connection(local), attrs));
        }
        var sessionAttrs = new ArrayList<Attribute>();
        sessionAttrs.add(new Attribute("group", "BUNDLE " + String.join(" ", bundle)));
        sessionAttrs.add(Attribute.flag("ice-lite"));
        sessionAttrs.add(new Attribute("msid-semantic", " WMS *"));
        return SdpWriter.write(new SessionDescription(Transport.sessionLines(sessionId, version), sessionAttrs, media));
    }

    public static Answer parseAnswer(String sdp) {
        SessionDescription d = SdpParser.parse(sdp);
        Set<String> accepted = new HashSet<>();
        int twcc = 0;
        for (MediaSection m : d.media()) {
            if (!m.isRejected() && m.mid() != null) {
                accepted.add(m.mid());
                Integer id = m.extmaps().get(RtpExtensions.TRANSPORT_CC);
                if (id != null && id > 0 && id < 15) {
                    twcc = id;
                }
            }
        }
        return new Answer(TransportParams.remote(d), accepted, twcc);
    }
}
