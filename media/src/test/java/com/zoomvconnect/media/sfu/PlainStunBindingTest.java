package com.zoomvconnect.media.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.media.stun.Stun;
import com.zoomvconnect.media.stun.StunMessage;
import com.zoomvconnect.media.stun.StunWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The media port answers a plain STUN Binding request (no USERNAME) with the address it came
 * from, as a STUN server does, so a browser can test UDP reachability before a meeting; the
 * answer is never larger than the request, and an ICE check with an unknown ufrag still gets
 * nothing.
 */
class PlainStunBindingTest {
    @Test
    void aPlainBindingRequestLearnsItsAddressAndAnUnknownIceCheckDoesNot() throws Exception {
        try (var f = new SfuFixture(); var socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.setSoTimeout(5000);
            var port = new InetSocketAddress(InetAddress.getLoopbackAddress(), f.sfu.port());
            byte[] tid = new byte[12];
            tid[0] = 7;
            byte[] request = new StunWriter(Stun.BINDING_REQUEST, tid).fingerprint().toBytes();
            socket.send(new DatagramPacket(request, request.length, port));
            var p = new DatagramPacket(new byte[1500], 1500);
            socket.receive(p);
            StunMessage answer = StunMessage.parse(Arrays.copyOf(p.getData(), p.getLength()), 0, p.getLength());
            assertEquals(Stun.BINDING_SUCCESS, answer.type());
            assertEquals(socket.getLocalSocketAddress(), answer.mappedAddress().orElseThrow());
            assertTrue(answer.verifyFingerprint(true));
            assertTrue(p.getLength() <= request.length + 12, "no amplification: " + p.getLength() + " for " + request.length);
            assertEquals(1, f.sfu.counters().stunPlainBindings.sum());
            assertTrue(f.sfu.answeredPlainBindingFrom(InetAddress.getLoopbackAddress(), java.time.Duration.ofMinutes(1)),
                    "the connection test can ask whether this host's request arrived");
            assertFalse(f.sfu.answeredPlainBindingFrom(InetAddress.getByName("192.0.2.1"), java.time.Duration.ofMinutes(1)));

            byte[] check = new StunWriter(Stun.BINDING_REQUEST, tid).username("nobody:x").fingerprint().toBytes();
            socket.send(new DatagramPacket(check, check.length, port));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (f.sfu.counters().dropUnknownUfrag.sum() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(1, f.sfu.counters().dropUnknownUfrag.sum(), "the check was handled, as a drop");
            socket.setSoTimeout(300);
            boolean answered;
            try {
                socket.receive(p);
                answered = true;
            } catch (SocketTimeoutException e) {
                answered = false;
            }
            assertFalse(answered, "an ICE check for no session is not answered");
        }
    }
}
