package com.zoomvconnect.media.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.zoomvconnect.media.net.PacketKind;
import com.zoomvconnect.media.net.PacketPath;
import com.zoomvconnect.media.rtcp.RtcpWriter;
import com.zoomvconnect.media.rtp.RtpPacket;
import com.zoomvconnect.media.srtp.SrtpContext;
import com.zoomvconnect.media.srtp.SrtpProfile;
import com.zoomvconnect.media.stun.Stun;
import com.zoomvconnect.media.stun.StunWriter;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What counts as consent (RFC 7675) on a connection: a valid ICE check, or SRTP/SRTCP that
 * passes authentication on the selected path. Packets go straight into the SFU's handler from
 * two remote addresses that both passed an ICE check; only the first was nominated.
 */
class ConsentFreshnessTest {
    private static final byte[] KEY = new byte[16];
    private static final byte[] SALT = new byte[14];

    static {
        new Random(7).nextBytes(KEY);
        new Random(8).nextBytes(SALT);
    }

    private final SfuFixture.FakePath selected = new SfuFixture.FakePath(40001);
    private final SfuFixture.FakePath other = new SfuFixture.FakePath(40002);
    private final SrtpContext client = new SrtpContext(SrtpProfile.AES128_CM_HMAC_SHA1_80, KEY, SALT);
    private final byte[] buf = new byte[1500];
    private final SfuFixture fixture = new SfuFixture();
    private final Sfu sfu = fixture.sfu;
    private PeerTransport transport;
    private int seq;
    /** When consent was last seen before each test's packets (recent, so the SFU's ticker leaves the peer alone). */
    private long before;

    @BeforeEach
    void connect() {
        var p = fixture.join("room", "p1", SfuFixture.quietListener());
        transport = p.subscribe;
        check(selected, true);
        check(other, false);
        assertSame(selected, transport.path, "the nominated address is the selected path");
        // As if DTLS had finished: both ends hold the same SRTP keys.
        transport.rx = new SrtpContext(SrtpProfile.AES128_CM_HMAC_SHA1_80, KEY, SALT);
        before = System.nanoTime() - 1;
        transport.lastConsentNanos = before;
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private void check(PacketPath from, boolean useCandidate) {
        byte[] tid = new byte[12];
        new Random().nextBytes(tid);
        var w = new StunWriter(Stun.BINDING_REQUEST, tid).username(transport.localUfrag() + ":client");
        if (useCandidate) {
            w.flag(Stun.USE_CANDIDATE);
        }
        byte[] req = w.messageIntegrity(transport.localPwd()).fingerprint().toBytes();
        sfu.onPacket(PacketKind.STUN, req, 0, req.length, from);
    }

    private int rtp() {
        buf[0] = (byte) 0x80;
        buf[1] = 96;
        RtpPacket.setSequence(buf, 0, seq++);
        RtpPacket.setTimestamp(buf, 0, 90L * seq);
        RtpPacket.setSsrc(buf, 0, 1234);
        for (int i = 12; i < 112; i++) {
            buf[i] = (byte) i;
        }
        return client.protectRtp(buf, 0, 112);
    }

    private int rtcp() {
        int len = RtcpWriter.receiverReport(buf, 0, 1234, List.of());
        return client.protectRtcp(buf, 0, len);
    }

    private void deliver(int len, PacketPath from) {
        sfu.onPacket(PacketKind.RTP_RTCP, buf, 0, len, from);
    }

    @Test
    void authenticatedSrtpOnTheSelectedPathIsConsent() {
        deliver(rtp(), selected);
        assertNotEquals(before, transport.lastConsentNanos);
        assertEquals(0, sfu.counters().dropSrtp.sum());
    }

    @Test
    void authenticatedSrtcpOnTheSelectedPathIsConsent() {
        deliver(rtcp(), selected);
        assertNotEquals(before, transport.lastConsentNanos);
        assertEquals(0, sfu.counters().dropSrtp.sum());
    }

    @Test
    void packetsFailingAuthenticationAreNotConsent() {
        int len = rtp();
        buf[len - 1] ^= 1; // the last byte of the authentication tag
        deliver(len, selected);
        len = rtcp();
        buf[len - 1] ^= 1;
        deliver(len, selected);
        assertEquals(before, transport.lastConsentNanos);
        assertEquals(2, sfu.counters().dropSrtp.sum());
    }

    @Test
    void mediaFromAnAddressOtherThanTheSelectedPathIsNotConsent() {
        deliver(rtp(), other);
        deliver(rtcp(), other);
        assertEquals(before, transport.lastConsentNanos);
        assertEquals(0, sfu.counters().dropSrtp.sum(), "the packets were authentic, only from elsewhere");
    }
}
