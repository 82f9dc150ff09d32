package com.zoomvconnect.media.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.media.rtp.RtpPacket;
import com.zoomvconnect.media.sdp.MediaSection;
import com.zoomvconnect.media.sdp.SdpParser;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A subscriber who stays while publishers come and go: a new down-track takes over an inactive
 * m-line of its kind (same mid, new SSRC and msid) once the subscriber has answered the offer
 * that made it inactive, so the subscribe offer stays as long as the most tracks received at once
 * (issue 24: under the soak's churn it grew past the 256 KiB message limit in an hour).
 */
class MLineReuseTest {
    private final SfuFixture fixture = new SfuFixture();
    private final SfuParticipant stays = fixture.join("R", "stays", SfuFixture.quietListener());

    @AfterEach
    void stop() {
        fixture.close();
    }

    private static List<MediaSection> media(ParticipantMedia.SubscribeOffer offer) {
        return SdpParser.parse(offer.sdp()).media();
    }

    private static MediaSection section(ParticipantMedia.SubscribeOffer offer, String mid) {
        return media(offer).stream().filter(m -> mid.equals(m.mid())).findFirst().orElseThrow();
    }

    /** The next offer, answered as a browser would. */
    private ParticipantMedia.SubscribeOffer answerNext() {
        var offer = stays.nextSubscribeOffer().orElseThrow();
        stays.subscribeAnswer(SfuFixture.answer(offer.sdp()));
        return offer;
    }

    private DownTrack videoFrom(String publisher) {
        return stays.downTracks().stream().filter(d -> d.source.isVideo() && d.source.publisher.id().equals(publisher))
                .findFirst().orElseThrow();
    }

    /** Ann publishes, the subscriber takes the offer, Ann leaves: her camera's down-track, stopped. */
    private DownTrack annCameAndLeft() {
        SfuFixture.answerOffer(stays);
        SfuParticipant ann = fixture.joinAndPublish("R", "ann", SfuFixture.quietListener());
        answerNext();
        DownTrack camera = videoFrom("ann");
        ann.close();
        return camera;
    }

    @Test
    void churnKeepsTheOfferAtTheMostTracksReceivedAtOnce() {
        SfuFixture.answerOffer(stays);
        for (int round = 0; round < 10; round++) {
            SfuParticipant a = fixture.joinAndPublish("R", "a" + round, SfuFixture.quietListener());
            SfuParticipant b = fixture.joinAndPublish("R", "b" + round, SfuFixture.quietListener());
            var offer = answerNext();
            Map<String, Long> perKind = media(offer).stream().collect(Collectors.groupingBy(MediaSection::kind, Collectors.counting()));
            assertEquals(Map.of("audio", 2L, "video", 2L), perKind, "two publishers at once, round " + round);
            assertEquals(4, offer.tracks().size());
            a.close();
            b.close();
            var stopped = answerNext();
            assertEquals(4, media(stopped).size());
            assertTrue(media(stopped).stream().allMatch(m -> m.hasFlag("inactive")), "round " + round);
        }
        assertEquals(4, stays.stoppedLineCount(), "40 tracks came and went on four m-lines");
    }

    @Test
    void aReusedMidCarriesTheNewPublishersSsrcAndMsid() {
        DownTrack annVideo = annCameAndLeft();
        var stopping = answerNext();
        MediaSection inactive = section(stopping, annVideo.mid);
        assertTrue(inactive.hasFlag("inactive"));
        assertEquals(List.of(), inactive.ssrcs(), "an inactive m-line names no source");

        SfuParticipant bob = fixture.joinAndPublish("R", "bob", SfuFixture.quietListener());
        DownTrack bobVideo = videoFrom("bob");
        assertEquals(annVideo.mid, bobVideo.mid, "Bob's camera takes over Ann's m-line");
        assertNotEquals(annVideo.ssrc, bobVideo.ssrc);
        var offer = stays.nextSubscribeOffer().orElseThrow();
        assertEquals(2, media(offer).size(), "no m-line added");
        MediaSection reused = section(offer, bobVideo.mid);
        assertTrue(reused.hasFlag("sendonly"));
        assertEquals(List.of(bobVideo.ssrc), reused.ssrcs());
        assertTrue(reused.attr("msid").orElseThrow().startsWith("bob "), reused.attr("msid").orElseThrow());
        var info = offer.tracks().stream().filter(t -> t.mid().equals(bobVideo.mid)).findFirst().orElseThrow();
        assertEquals("bob", info.participantId());
        assertEquals("video", info.kind());
        stays.subscribeAnswer(SfuFixture.answer(offer.sdp()));
        assertTrue(bobVideo.isNegotiated());
        bob.close();
    }

    @Test
    void anMLineIsReusedOnlyAfterTheOfferThatStopsItIsAnswered() {
        String annMid = annCameAndLeft().mid;
        SfuParticipant bob = fixture.joinAndPublish("R", "bob", SfuFixture.quietListener());
        assertNotEquals(annMid, videoFrom("bob").mid, "the subscriber has not yet seen Ann's m-line go inactive");
        var offer = answerNext();
        assertEquals(4, media(offer).size());
        assertTrue(section(offer, annMid).hasFlag("inactive"));

        // Answered now: the next publisher takes Ann's m-lines, even while an offer waits.
        SfuParticipant cid = fixture.joinAndPublish("R", "cid", SfuFixture.quietListener());
        assertEquals(annMid, videoFrom("cid").mid);
        assertEquals(4, media(answerNext()).size());
        bob.close();
        cid.close();
    }

    @Test
    void anOfferLostWithItsSocketDoesNotFreeItsMLines() {
        String annMid = annCameAndLeft().mid;
        assertTrue(stays.nextSubscribeOffer().isPresent(), "an offer with Ann's m-lines inactive, never answered");
        stays.resumeFor(SfuFixture.quietListener()); // a new socket: that offer is gone

        SfuParticipant bob = fixture.joinAndPublish("R", "bob", SfuFixture.quietListener());
        assertNotEquals(annMid, videoFrom("bob").mid);
        answerNext(); // carries Ann's m-lines inactive again
        SfuParticipant cid = fixture.joinAndPublish("R", "cid", SfuFixture.quietListener());
        assertEquals(annMid, videoFrom("cid").mid);
        bob.close();
        cid.close();
    }

    @Test
    void anMLineTheSubscriberRejectedIsNotReused() {
        String annMid = annCameAndLeft().mid;
        var offer = stays.nextSubscribeOffer().orElseThrow();
        // The answer rejects Ann's video m-line (port 0, RFC 8829): its transceiver is stopped for good.
        String answer = SfuFixture.answer(offer.sdp());
        int at = answer.indexOf("a=mid:" + annMid + "\r\n");
        int m = answer.lastIndexOf("m=video 9 ", at);
        stays.subscribeAnswer(answer.substring(0, m) + "m=video 0 " + answer.substring(m + "m=video 9 ".length()));

        SfuParticipant bob = fixture.joinAndPublish("R", "bob", SfuFixture.quietListener());
        assertNotEquals(annMid, videoFrom("bob").mid, "a new m-line rather than a stopped transceiver");
        String audioMid = stays.downTracks().stream().filter(d -> !d.source.isVideo()).findFirst().orElseThrow().mid;
        assertTrue(Set.of("0", "1").contains(audioMid), "the accepted audio m-line is reused: " + audioMid);
        bob.close();
    }

    @Test
    void forwardingAndFeedbackOnAReusedMidGoToTheNewTrack() {
        var path = new SfuFixture.FakePath(40011);
        SfuFixture.answerOffer(stays);
        SfuParticipant ann = fixture.joinAndPublish("R", "ann", SfuFixture.quietListener());
        answerNext();
        SfuFixture.connect(stays.subscribe, path);
        DownTrack annVideo = videoFrom("ann");
        ann.close();
        answerNext();
        SfuParticipant bob = fixture.joinAndPublish("R", "bob", SfuFixture.quietListener());
        answerNext();
        DownTrack bobVideo = videoFrom("bob");
        assertEquals(annVideo.mid, bobVideo.mid);

        path.keep = true;
        UpTrack camera = bob.upTracks().stream().filter(UpTrack::isVideo).findFirst().orElseThrow();
        byte[] key = SfuFixture.rtp(camera.encodings[0].ssrc(), SfuFixture.VP8_PT, 1, SfuFixture.VP8_KEYFRAME);
        fixture.sfu.forwarder().onRtp(bob.publishTransport(), key, 0, key.length, System.nanoTime());
        var rtp = path.kept.stream().filter(b -> (b[1] & 0x7f) == SfuFixture.VP8_PT).toList(); // not RTCP (PT 200-206)
        assertEquals(1, rtp.size(), "Bob's keyframe reached the subscriber");
        byte[] out = rtp.getFirst();
        assertEquals(bobVideo.ssrc, RtpPacket.ssrc(out, 0), "under the SSRC the reused m-line announces");
        assertEquals(1, bobVideo.packetsSent());
        // Feedback (NACK, PLI, receiver reports) finds its down-track by SSRC: the old one names nothing now.
        assertNull(stays.downTrack(annVideo.ssrc));
        assertEquals(bobVideo, stays.downTrack(bobVideo.ssrc));
        assertFalse(annVideo.isActive());
        bob.close();
    }
}
