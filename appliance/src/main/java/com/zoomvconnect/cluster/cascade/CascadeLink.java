package com.zoomvconnect.cluster.cascade;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.media.client.ClientPeer;
import com.zoomvconnect.media.client.ClientSdp;
import com.zoomvconnect.media.rtp.RtpPacket;
import com.zoomvconnect.media.sdp.SdpParser;
import com.zoomvconnect.media.sdp.TransportParams;
import com.zoomvconnect.meeting.LiveMeeting;
import com.zoomvconnect.meeting.MeetingPlacement.HostingNode;
import com.zoomvconnect.meeting.ParticipantLink;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One cascaded meeting's relay link on an edge node: a participant of the origin's room (joined
 * with a join grant this node signs with the cluster's token key, role attendee) whose subscribe
 * connection — ICE, DTLS, SRTP, the edge as the client, as a browser's — receives every track the
 * origin forwards to it. Each presenter among them becomes a {@link RelayedPublisher} in the edge's
 * main room, under the origin's participant id and name; the edge SFU's keyframe requests and NACKs
 * go back over the same connection. Open while any edge participant of the meeting is here.
 *
 * <p>Threading: signaling messages arrive one at a time on the socket's thread; packets from the
 * origin on the peer connection's receive thread, packets back on each publisher's.
 */
final class CascadeLink {
    private static final Logger LOG = LoggerFactory.getLogger(CascadeLink.class);
    private static final int RTCP_SR = 200;
    private static final int RTCP_RTPFB = 205;
    private static final int RTCP_PSFB = 206;

    private final String meetingId;
    private final HostingNode origin;
    private final LiveMeeting meeting;
    private final CascadeLinks links;
    private final ClientPeer toOrigin;
    private final Set<ParticipantLink> viewers = ConcurrentHashMap.newKeySet();
    private final Map<String, RelayedPublisher> publishers = new HashMap<>();
    /** SSRC of a forwarded track → its presenter, read on the receive thread. */
    private final Map<Long, RelayedPublisher> bySsrc = new ConcurrentHashMap<>();
    private final Map<String, String> names = new HashMap<>();
    private final Map<String, String> roles = new HashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The edge SFU's RTCP to a relayed presenter (decrypted, from offset 0). */
    private final ClientPeer.Receiver feedback = new ClientPeer.Receiver() {
        @Override
        public void rtp(byte[] buf, int off, int len, long nowNanos) {
            // a publisher's connection receives no media
        }

        @Override
        public void rtcp(byte[] buf, int off, int len) {
            feedback(buf, len);
        }
    };
    private volatile OriginSignal signal;
    private boolean connecting;
    /** Whether {@link #open} was called (by {@link CascadeLinks}, under this link's monitor). */
    boolean opened;

    CascadeLink(CascadeLinks links, LiveMeeting meeting, HostingNode origin) {
        this.links = links;
        this.meeting = meeting;
        this.meetingId = meeting.meetingId();
        this.origin = origin;
        this.toOrigin = new ClientPeer(new ClientPeer.Receiver() {
            @Override
            public void rtp(byte[] buf, int off, int len, long nowNanos) {
                fromOrigin(buf, len);
            }

            @Override
            public void rtcp(byte[] buf, int off, int len) {
                reportFromOrigin(buf, len);
            }
        }, new InetSocketAddress(0));
    }

    HostingNode origin() {
        return origin;
    }

    /** Opens the signaling socket on the origin and joins its room. */
    void open(String joinToken) {
        String url = origin.url().replaceFirst("^http", "ws") + "/signal";
        signal = OriginSignal.open(links.http(origin), url, this::onMessage, () -> close(true));
        signal.send(OriginSignal.message("join").put("token", joinToken));
        LOG.info("cascade: relay link for meeting {} to {} open", meetingId, origin.nodeId());
    }

    void viewerArrived(ParticipantLink viewer) {
        viewers.add(viewer);
    }

    /** Returns whether viewers are left. */
    boolean viewerLeft(ParticipantLink viewer) {
        viewers.remove(viewer);
        return !viewers.isEmpty();
    }

    boolean isClosed() {
        return closed.get();
    }

    private synchronized void onMessage(JsonNode m) {
        if (closed.get()) {
            return;
        }
        try {
            switch (m.path("type").asText()) {
                case "welcome" -> m.path("participants").forEach(this::remember);
                case "participantJoined" -> remember(m.path("participant"));
                case "roleChanged" -> roles.put(m.path("participantId").asText(), m.path("role").asText());
                case "subscribeOffer" -> onOffer(m);
                case "meetingEnded", "removed", "refused" -> close(false);
                case "error" -> LOG.warn("cascade: the origin {} refused a relay message for meeting {}: {}", origin.nodeId(),
                        meetingId, m.path("message").asText());
                default -> {
                    // chat, hands, reactions and the rest stay on the origin (docs/cluster.md, "Cascading")
                }
            }
        } catch (Exception e) {
            LOG.warn("cascade: relay link for meeting {} failed: {}", meetingId, e.toString());
            close(true);
        }
    }

    private void remember(JsonNode p) {
        names.put(p.path("id").asText(), p.path("displayName").asText("Presenter"));
        roles.put(p.path("id").asText(), p.path("role").asText());
    }

    /**
     * The origin's tracks changed: answer (accepting every m-line with its first codec), connect
     * the first time, then bring the edge's relayed presenters in line — new ones enter and
     * publish, changed ones publish again, those without tracks leave.
     */
    private void onOffer(JsonNode m) throws Exception {
        String sdp = m.path("sdp").asText();
        var answer = OriginSignal.message("subscribeAnswer").put("sdp", ClientSdp.subscribeAnswer(sdp, toOrigin.localParams("active")));
        signal.send(answer);
        if (!connecting) {
            connecting = true;
            toOrigin.connect(TransportParams.remote(SdpParser.parse(sdp)), ClientSdp.candidates(sdp));
        }
        var refs = new ArrayList<RelaySdp.TrackRef>();
        m.path("tracks").forEach(t -> refs.add(new RelaySdp.TrackRef(t.path("mid").asText(), t.path("participantId").asText(),
                t.path("trackId").asText(), t.path("source").asText())));
        Map<String, List<RelayedTrack>> byPresenter = new LinkedHashMap<>();
        for (RelayedTrack t : RelaySdp.tracks(sdp, refs)) {
            byPresenter.computeIfAbsent(t.participantId(), k -> new ArrayList<>()).add(t);
        }
        for (var e : byPresenter.entrySet()) {
            String pid = e.getKey();
            RelayedPublisher p = publishers.computeIfAbsent(pid, k -> new RelayedPublisher(meeting, links.live(), links.media(),
                    links.sfuPort(), k, feedback, () -> close(false)));
            p.ssrcs().forEach(bySsrc::remove);
            e.getValue().forEach(t -> bySsrc.put(t.ssrc(), p));
            if (!p.publish(names.getOrDefault(pid, "Presenter"), edgeRole(roles.get(pid)), e.getValue())) {
                close(false);
                return;
            }
        }
        for (var it = publishers.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!byPresenter.containsKey(e.getKey())) {
                e.getValue().ssrcs().forEach(bySsrc::remove);
                e.getValue().close();
                it.remove();
            }
        }
    }

    /**
     * The role a presenter has in the edge's room: the origin's host, co-host or panelist as such
     * (the meeting's owner is host there by right); anyone else who sends media there (an attendee
     * sharing a screen) as a panelist, whom a webinar lets publish.
     */
    private static String edgeRole(String originRole) {
        return originRole == null || originRole.equals("attendee") ? "panelist" : originRole;
    }

    private void fromOrigin(byte[] b, int len) {
        RelayedPublisher p = bySsrc.get(RtpPacket.ssrc(b, 0));
        if (p != null) {
            p.rtp(b, len);
        }
    }

    /** Sender reports go on to the presenter whose track they describe (the edge's SFU times its own from them). */
    private void reportFromOrigin(byte[] b, int len) {
        if (len >= 8 && (b[1] & 0xff) == RTCP_SR) {
            long sender = ((b[4] & 0xffL) << 24) | ((b[5] & 0xff) << 16) | ((b[6] & 0xff) << 8) | (b[7] & 0xff);
            RelayedPublisher p = bySsrc.get(sender);
            if (p != null) {
                p.rtcp(b, len);
            }
        }
    }

    /** What the edge's SFU asks of a relayed track (keyframes, retransmissions) goes to the origin; its reports stay. */
    void feedback(byte[] b, int len) {
        if (isFeedback(b, len)) {
            toOrigin.sendRtcp(b, len);
        }
    }

    /** Whether a (compound) RTCP packet holds a NACK or other RTPFB, or a PLI, FIR or other PSFB (RFC 4585 §6.1). */
    static boolean isFeedback(byte[] b, int len) {
        for (int at = 0; at + 4 <= len; ) {
            int pt = b[at + 1] & 0xff;
            if (pt == RTCP_RTPFB || pt == RTCP_PSFB) {
                return true;
            }
            at += 4 * (((b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff)) + 1);
        }
        return false;
    }

    /**
     * Closes the link and takes the relayed presenters out of the edge's room. With
     * {@code originLost} (the socket to the origin dropped) the edge's viewers are disconnected
     * too: their clients rejoin as after any node's failure, and find the meeting where it is now.
     */
    void close(boolean originLost) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        links.closed(this);
        OriginSignal s = signal;
        if (s != null) {
            s.close();
        }
        toOrigin.close();
        synchronized (this) {
            publishers.values().forEach(RelayedPublisher::close);
            publishers.clear();
        }
        bySsrc.clear();
        LOG.info("cascade: relay link for meeting {} to {} closed{}", meetingId, origin.nodeId(), originLost ? " (origin lost)" : "");
        if (originLost) {
            for (ParticipantLink v : List.copyOf(viewers)) {
                v.disconnect("origin lost");
            }
        }
    }

    String meetingId() {
        return meetingId;
    }
}
