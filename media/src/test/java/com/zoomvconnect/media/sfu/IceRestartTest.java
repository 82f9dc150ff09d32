package com.zoomvconnect.media.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.media.net.PacketKind;
import com.zoomvconnect.media.net.PacketPath;
import com.zoomvconnect.media.sdp.SdpParser;
import com.zoomvconnect.media.stun.Stun;
import com.zoomvconnect.media.stun.StunWriter;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * ICE restart of a subscribe connection (RFC 8445 §9), as a browser whose network changed asks
 * for it: the next offer carries new credentials, checks with them select the new address, checks
 * of the generation before still pass (the browser keeps its old pairs until the new ones take
 * over), older ones do not, and the DTLS association and SRTP contexts are kept.
 */
class IceRestartTest {
    private final SfuFixture fixture = new SfuFixture();
    private final Sfu sfu = fixture.sfu;

    @AfterEach
    void close() {
        fixture.close();
    }

    private static void check(Sfu sfu, String ufrag, String pwd, PacketPath from, boolean useCandidate) {
        byte[] tid = new byte[12];
        new Random().nextBytes(tid);
        var w = new StunWriter(Stun.BINDING_REQUEST, tid).username(ufrag + ":client");
        if (useCandidate) {
            w.flag(Stun.USE_CANDIDATE);
        }
        byte[] req = w.messageIntegrity(pwd.getBytes(StandardCharsets.UTF_8)).fingerprint().toBytes();
        sfu.onPacket(PacketKind.STUN, req, 0, req.length, from);
    }

    private static String[] credentials(String sdp) {
        var d = SdpParser.parse(sdp);
        var m = d.media().get(0);
        return new String[] {d.attr(m, "ice-ufrag").orElseThrow(), d.attr(m, "ice-pwd").orElseThrow()};
    }

    @Test
    void aRestartOffersNewCredentialsAndMovesThePathWithoutANewHandshake() {
        fixture.joinAndPublish("room", "alice", SfuFixture.quietListener());
        SfuParticipant bob = fixture.join("room", "bob", SfuFixture.quietListener());
        var first = bob.nextSubscribeOffer().orElseThrow();
        bob.subscribeAnswer(SfuFixture.answer(first.sdp()));
        String[] gen1 = credentials(first.sdp());
        var wifi = new SfuFixture.FakePath(40001);
        check(sfu, gen1[0], gen1[1], wifi, true);
        assertSame(wifi, bob.subscribe.path);
        SfuFixture.connect(bob.subscribe, wifi);
        var rxBefore = bob.subscribe.rx;

        bob.restartSubscribeIce();
        var restart = bob.nextSubscribeOffer().orElseThrow(() -> new AssertionError("a restart needs a new offer"));
        String[] gen2 = credentials(restart.sdp());
        assertNotEquals(gen1[0], gen2[0], "new ufrag");
        assertNotEquals(gen1[1], gen2[1], "new password");
        bob.subscribeAnswer(SfuFixture.answer(restart.sdp()));

        // Until the new pairs take over, the old generation's checks still pass on the old path.
        check(sfu, gen1[0], gen1[1], wifi, false);
        assertEquals(0, sfu.counters().dropUnknownUfrag.sum() + sfu.counters().dropBadIntegrity.sum());
        assertEquals(0, sfu.counters().icePathMoves.sum(), "checks on the path in use move nothing");
        var cable = new SfuFixture.FakePath(40002);
        check(sfu, gen2[0], gen2[1], cable, true);
        assertSame(cable, bob.subscribe.path, "the nominated new address is the path now");
        assertSame(rxBefore, bob.subscribe.rx, "SRTP kept: no new DTLS handshake");
        assertEquals(1, sfu.counters().iceRestarts.sum());
        assertEquals(1, sfu.counters().icePathMoves.sum(), "a move (keyframes are asked for at once)");

        // A second restart retires the first generation.
        bob.restartSubscribeIce();
        check(sfu, gen1[0], gen1[1], wifi, true);
        assertEquals(1, sfu.counters().dropUnknownUfrag.sum(), "two generations back is refused");
        assertSame(cable, bob.subscribe.path);
        // A wrong password under the current ufrag is refused too.
        check(sfu, bob.subscribe.localUfrag(), gen2[1], wifi, true);
        assertEquals(1, sfu.counters().dropBadIntegrity.sum(), "bad integrity counted");
        assertSame(cable, bob.subscribe.path);
    }

    @Test
    void aSessionResumedOnANewSocketReoffersWithNewCredentialsAndKeepsItsKeys() {
        fixture.joinAndPublish("room", "alice", SfuFixture.quietListener());
        SfuParticipant bob = fixture.join("room", "bob", SfuFixture.quietListener());
        var first = bob.nextSubscribeOffer().orElseThrow();
        bob.subscribeAnswer(SfuFixture.answer(first.sdp()));
        var wifi = new SfuFixture.FakePath(40001);
        String[] gen1 = credentials(first.sdp());
        check(sfu, gen1[0], gen1[1], wifi, true);
        SfuFixture.connect(bob.subscribe, wifi);
        var rxBefore = bob.subscribe.rx;
        // An offer went out on the socket that then died: its answer never comes.
        bob.restartSubscribeIce();
        assertTrue(bob.nextSubscribeOffer().isPresent());
        assertTrue(bob.nextSubscribeOffer().isEmpty(), "waits for that answer");

        int[] renegotiations = {0};
        bob.resumeFor(new MediaListener() {
            @Override
            public void renegotiationNeeded() {
                renegotiations[0]++;
            }

            @Override
            public void connectionLost() {
            }
        });
        var again = bob.nextSubscribeOffer().orElseThrow(() -> new AssertionError("the lost offer is made again"));
        String[] gen3 = credentials(again.sdp());
        assertNotEquals(gen1[0], gen3[0], "new credentials");
        assertEquals(first.tracks(), again.tracks(), "the same tracks on the same m-lines");
        bob.subscribeAnswer(SfuFixture.answer(again.sdp()));
        var cable = new SfuFixture.FakePath(40002);
        check(sfu, gen3[0], gen3[1], cable, true);
        assertSame(cable, bob.subscribe.path);
        assertSame(rxBefore, bob.subscribe.rx, "SRTP kept: no new DTLS handshake");
        fixture.joinAndPublish("room", "carol", SfuFixture.quietListener());
        assertTrue(renegotiations[0] > 0, "callbacks go to the new listener");
    }

    @Test
    void aRestartBeforeTheFirstAnswerChangesNothing() {
        fixture.joinAndPublish("room", "alice", SfuFixture.quietListener());
        SfuParticipant bob = fixture.join("room", "bob", SfuFixture.quietListener());
        String ufrag = bob.subscribe.localUfrag();
        bob.restartSubscribeIce();
        assertEquals(ufrag, bob.subscribe.localUfrag());
        assertEquals(0, sfu.counters().iceRestarts.sum());
    }
}
