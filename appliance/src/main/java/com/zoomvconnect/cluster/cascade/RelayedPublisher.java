package com.zoomvconnect.cluster.cascade;

import com.zoomvconnect.auth.JoinGrant;
import com.zoomvconnect.media.TrackSource;
import com.zoomvconnect.media.client.ClientPeer;
import com.zoomvconnect.media.sdp.Candidate;
import com.zoomvconnect.media.sdp.SdpParser;
import com.zoomvconnect.media.sdp.TransportParams;
import com.zoomvconnect.media.sfu.MediaEngine;
import com.zoomvconnect.media.sfu.MediaListener;
import com.zoomvconnect.media.sfu.ParticipantMedia;
import com.zoomvconnect.meeting.Admission;
import com.zoomvconnect.meeting.LiveMeeting;
import com.zoomvconnect.meeting.LiveMeetings;
import com.zoomvconnect.meeting.ParticipantLink;
import com.zoomvconnect.meeting.Room;
import com.zoomvconnect.meeting.RoomEvent;
import com.zoomvconnect.meeting.TrackInfo;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A presenter of the origin as the edge's room sees them: a member of the edge's main room under
 * the origin's participant id and name, publishing into the edge's SFU over a loopback peer
 * connection of its own (ICE, DTLS, SRTP, like a browser's) the packets the relay link receives
 * for them, unchanged. Through that connection come the edge SFU's keyframe requests and NACKs,
 * which the link sends on to the origin.
 *
 * <p>Why a loopback connection rather than a hook into the SFU: the SFU's publish path (SSRC and
 * codec mapping, keyframe detection, NACK generation, the packet cache, forwarding) runs as for any
 * publisher, unchanged; it costs one extra SRTP protection and unprotection per relayed packet
 * per edge, not per viewer.
 */
final class RelayedPublisher implements ParticipantLink, MediaListener {
    private final LiveMeeting meeting;
    private final LiveMeetings live;
    private final MediaEngine media;
    private final int sfuPort;
    private final String participantId;
    private final Runnable gone;
    private final ClientPeer peer;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile ParticipantMedia session;
    private volatile Room room;
    private List<Long> ssrcs = List.of();

    /**
     * @param feedback where the edge SFU's RTCP for this presenter goes (to the origin)
     * @param gone     runs when the edge's room lets this member go (the meeting ended there)
     */
    RelayedPublisher(LiveMeeting meeting, LiveMeetings live, MediaEngine media, int sfuPort, String participantId,
                     ClientPeer.Receiver feedback, Runnable gone) {
        this.meeting = meeting;
        this.live = live;
        this.media = media;
        this.sfuPort = sfuPort;
        this.participantId = participantId;
        this.gone = gone;
        this.peer = new ClientPeer(feedback);
    }

    /**
     * Publishes {@code tracks} (all of this presenter's that the origin forwards now) in the edge's
     * room, entering it first as {@code displayName} with {@code role}. Returns false when the room
     * would not take them (it ended meanwhile).
     */
    boolean publish(String displayName, String role, List<RelayedTrack> tracks) throws Exception {
        List<Long> now = tracks.stream().map(RelayedTrack::ssrc).toList();
        if (now.equals(ssrcs)) {
            return true;
        }
        if (room == null) {
            Room main = meeting.main();
            Admission a = main.enter(new JoinGrant(meeting.meetingId(), participantId, displayName, role, false), "cascade", this);
            if (!(a instanceof Admission.Admitted)) {
                return false;
            }
            room = main;
            session = media.join(main.mediaRoomId(), participantId, this);
        }
        var sources = new java.util.ArrayList<ParticipantMedia.TrackSource>();
        for (int i = 0; i < tracks.size(); i++) {
            sources.add(new ParticipantMedia.TrackSource(Integer.toString(i), tracks.get(i).source()));
        }
        ParticipantMedia.PublishAnswer answer = session.publish(RelaySdp.publishOffer(peer.localParams("actpass"), tracks), sources);
        room.published(participantId, answer.removedTrackIds(), answer.tracks().stream()
                .map(t -> new TrackInfo(t.trackId(), t.kind(), TrackSource.fromWire(t.source()).orElseThrow(), false)).toList());
        if (ssrcs.isEmpty()) {
            // The edge's own media port on loopback: the announced address may be one this host cannot reach itself at.
            int port = SdpParser.parse(answer.sdp()).media().getFirst().all("candidate").stream().map(Candidate::parse)
                    .filter(c -> c.transport().equals("udp")).map(Candidate::port).findFirst().orElse(sfuPort);
            peer.connect(TransportParams.remote(SdpParser.parse(answer.sdp())),
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), port)).get(20, TimeUnit.SECONDS);
        }
        ssrcs = now;
        return true;
    }

    List<Long> ssrcs() {
        return ssrcs;
    }

    /** A packet from the origin for one of this presenter's tracks ({@code b[0..len)}, decrypted). */
    void rtp(byte[] b, int len) {
        peer.sendRtp(b, len);
    }

    /** A sender report from the origin for one of this presenter's tracks. */
    void rtcp(byte[] b, int len) {
        peer.sendRtcp(b, len);
    }

    /** Leaves the edge's room and closes the loopback connection. */
    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ParticipantMedia s = session;
        if (s != null) {
            s.close();
        }
        peer.close();
        Room r = room;
        if (r != null) {
            meeting.leave(participantId, this, "left");
            live.dropIfEmpty(r);
        }
    }

    @Override
    public void deliver(RoomEvent event) {
        // the edge room's events concern its viewers
    }

    @Override
    public void admission(Admission admission) {
        // admitted at once (enter's answer), never waiting: cascading skips meetings with a waiting room
    }

    @Override
    public void disconnect(String reason) {
        gone.run();
    }

    @Override
    public void renegotiationNeeded() {
        // receives nothing from the edge
    }

    @Override
    public void connectionLost() {
        gone.run();
    }
}
