package com.zoomvconnect.media.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SdpTest {
    static String fixture(String name) throws IOException {
        try (InputStream in = SdpTest.class.getResourceAsStream("/sdp/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static final TransportParams LOCAL = new TransportParams("srvU", "serverpasswordserverpwd",
            "AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99", "passive",
            List.of(Candidate.hostUdp("1", "127.0.0.1", 10000, 65535), Candidate.hostTcpPassive("2", "127.0.0.1", 10000, 65535)));

    @Test
    void parsesAChromeOffer() throws Exception {
        SessionDescription d = SdpParser.parse(fixture("chrome-publish-offer.sdp"));
        assertEquals(2, d.media().size());
        MediaSection video = d.media().get(1);
        assertEquals("1", video.mid());
        assertEquals("sendonly", video.direction());
        assertEquals("VP8/90000", video.rtpmaps().get(96));
        assertEquals(Map.of(2001L, 2002L), video.rtxPairs());
        assertEquals(List.of(2001L, 2002L), video.ssrcs());
        assertEquals(10, video.extmaps().get(RtpExtensions.RID));
        TransportParams remote = TransportParams.remote(d);
        assertEquals("Ab3d", remote.ufrag());
        assertEquals("actpass", remote.setup());
    }

    @Test
    void answersWithOneCodecPerLineIceLiteAndPassiveSetup() throws Exception {
        var r = PublishAnswer.answer(SdpParser.parse(fixture("chrome-publish-offer.sdp")), LOCAL, 42, 1000);
        SessionDescription answer = SdpParser.parse(r.sdp());
        assertTrue(answer.attr("ice-lite").isPresent());
        assertEquals("BUNDLE 0 1", answer.attr("group").orElseThrow());
        MediaSection audio = answer.media().get(0);
        assertEquals(List.of("111"), audio.formats());
        assertEquals("recvonly", audio.direction());
        assertEquals("passive", audio.attr("setup").orElseThrow());
        assertTrue(audio.extmaps().containsKey(RtpExtensions.AUDIO_LEVEL));
        assertTrue(audio.extmaps().containsKey(RtpExtensions.TRANSPORT_CC), "transport-wide feedback for the publisher's GCC");
        MediaSection video = answer.media().get(1);
        assertEquals(List.of("96", "97"), video.formats(), "VP8 and its RTX");
        assertTrue(video.fmtps().get(96).contains("x-google-start-bitrate=1000"));
        assertEquals("apt=96", video.fmtps().get(97));
        assertEquals(2, video.all("candidate").size());
        assertTrue(video.all("candidate").get(1).endsWith("tcptype passive"));
        assertEquals(10000, video.port());
        assertEquals("96", String.valueOf(r.accepted().get(1).codec().payloadType()));
        assertEquals(97, r.accepted().get(1).codec().rtxPayloadType());
        assertEquals(Map.of(2001L, 2002L), r.accepted().get(1).rtxSsrcs());
    }

    /** Chrome's simulcast offer: rids instead of SSRCs for the video encodings (RFC 8853). */
    static String simulcastOffer(String simulcastLine) throws IOException {
        String sdp = fixture("chrome-publish-offer.sdp").replace("\r\n", "\n").replace("\n", "\r\n");
        int v = sdp.indexOf("m=video");
        String video = sdp.substring(v).replaceAll("a=ssrc[^\r]*\r\n", "");
        return sdp.substring(0, v) + video + "a=rid:q send\r\na=rid:h send\r\na=rid:f send\r\n" + simulcastLine + "\r\n";
    }

    @Test
    void acceptsSimulcastLowestLayerFirst() throws Exception {
        var r = PublishAnswer.answer(SdpParser.parse(simulcastOffer("a=simulcast:send f;h;~q")), LOCAL, 42, 1000);
        MediaSection video = SdpParser.parse(r.sdp()).media().get(1);
        assertEquals(List.of("q recv", "h recv", "f recv"), video.all("rid"));
        assertEquals("recv q;h;f", video.attr("simulcast").orElseThrow());
        assertEquals(List.of("q", "h", "f"), r.accepted().get(1).rids());
        assertTrue(video.extmaps().containsKey(RtpExtensions.RID));
        assertTrue(video.extmaps().containsKey(RtpExtensions.REPAIRED_RID));
        assertTrue(r.accepted().get(0).rids().isEmpty(), "audio has no simulcast");
    }

    @Test
    void simulcastNeedsRidsThatAreAnnouncedAndMoreThanOne() throws Exception {
        assertTrue(PublishAnswer.answer(SdpParser.parse(simulcastOffer("a=simulcast:send q")), LOCAL, 1, 0)
                .accepted().get(1).rids().isEmpty(), "one layer is no simulcast");
        var r = PublishAnswer.answer(SdpParser.parse(simulcastOffer("a=simulcast:send q;x;f")), LOCAL, 1, 0);
        assertEquals(List.of("q", "f"), r.accepted().get(1).rids(), "x has no a=rid line");
        assertTrue(PublishAnswer.answer(SdpParser.parse(simulcastOffer("a=simulcast:recv q;h")), LOCAL, 1, 0)
                .accepted().get(1).rids().isEmpty(), "we never send simulcast to a publisher");
    }

    @Test
    void rejectsDataChannelsAndUnknownCodecs() {
        String offer = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\n"
                + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:0\r\na=ice-ufrag:u\r\na=ice-pwd:p\r\n"
                + "a=fingerprint:sha-256 AA:BB\r\na=setup:actpass\r\na=rtcp-mux\r\n"
                + "m=video 9 UDP/TLS/RTP/SAVPF 35\r\na=mid:1\r\na=rtpmap:35 AV1/90000\r\na=sendonly\r\na=rtcp-mux\r\n";
        var r = PublishAnswer.answer(SdpParser.parse(offer), LOCAL, 1, 0);
        SessionDescription a = SdpParser.parse(r.sdp());
        assertEquals(0, a.media().get(0).port());
        assertEquals(0, a.media().get(1).port());
        assertTrue(r.accepted().isEmpty());
    }

    @Test
    void subscribeOfferAnnouncesSsrcsAndRoundTripsThroughTheParser() {
        Codec vp8 = Codecs.forSubscriber(new Codec(120, "VP8", 90000, 1, "x-google-start-bitrate=1000", 124, List.of()));
        String sdp = SubscribeOffer.offer(List.of(
                new SubscribeOffer.Line("a0", "audio", Codecs.forSubscriber(new Codec(109, "opus", 48000, 2, "minptime=10", -1, List.of())),
                        111L, "p1", "t1", "cn", true),
                new SubscribeOffer.Line("v0", "video", vp8, 222L, "p1", "t2", "cn", true),
                new SubscribeOffer.Line("v1", "video", vp8, 333L, "p2", "t3", "cn", false)), LOCAL, 7, 3);
        SessionDescription d = SdpParser.parse(sdp);
        assertEquals("BUNDLE a0 v0 v1", d.attr("group").orElseThrow());
        assertEquals(List.of("96"), d.media().get(1).formats());
        assertEquals("", d.media().get(1).fmtps().getOrDefault(96, ""));
        assertEquals(List.of(222L), d.media().get(1).ssrcs());
        assertEquals("inactive", d.media().get(2).direction());
        assertEquals("actpass", d.media().get(0).attr("setup").orElseThrow());
        assertEquals("111", d.media().get(0).formats().get(0));
    }

    @Test
    void malformedSdpIsAnSdpExceptionNamingTheLine() {
        var e = assertThrows(SdpException.class, () -> SdpParser.parse("v=0\r\nthis is not sdp\r\n"));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertThrows(SdpException.class, () -> SdpParser.parse("m=audio 9 RTP/AVP 0\r\n"));
        assertThrows(SdpException.class, () -> SdpParser.parse("v=0\r\nm=audio x RTP/AVP 0\r\n"));
        assertThrows(SdpException.class, () -> TransportParams.remote(SdpParser.parse("v=0\r\nm=audio 9 RTP/AVP 0\r\n")));
    }

    @Test
    void fuzzedSdpOnlyEverThrowsSdpException() throws Exception {
        String base = fixture("chrome-publish-offer.sdp");
        var rnd = new Random(9);
        for (int i = 0; i < 3000; i++) {
            StringBuilder sb = new StringBuilder(base.substring(0, rnd.nextInt(base.length())));
            for (int k = rnd.nextInt(6); k > 0 && sb.length() > 0; k--) {
                sb.setCharAt(rnd.nextInt(sb.length()), (char) (rnd.nextInt(96) + 32));
            }
            try {
                var d = SdpParser.parse(sb.toString());
                PublishAnswer.answer(d, LOCAL, 1, 500);
            } catch (SdpException expected) {
                // documented failure
            }
        }
    }
}
