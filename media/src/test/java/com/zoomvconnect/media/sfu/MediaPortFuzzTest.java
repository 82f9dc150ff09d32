package com.zoomvconnect.media.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.media.stun.Stun;
import com.zoomvconnect.media.stun.StunMessage;
import com.zoomvconnect.media.stun.StunWriter;
import java.io.DataOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Hostile datagrams and TCP frames at the media port: all dropped and counted, and it keeps serving. */
class MediaPortFuzzTest {
    @Test
    void garbageNeverStopsTheReceiveLoop() throws Exception {
        var lo = InetAddress.getLoopbackAddress();
        try (var sfu = new Sfu(new SfuConfig(lo, 0, List.of(lo), 0, 1_000_000, Duration.ofSeconds(30), true, 0, 0))) {
            var p = (SfuParticipant) sfu.join("room", "p1", new MediaListener() {
                @Override
                public void renegotiationNeeded() {
                }

                @Override
                public void connectionLost() {
                }
            });
            var target = new InetSocketAddress(lo, sfu.port());
            var rnd = new Random(17);
            try (var ch = DatagramChannel.open()) {
                ch.bind(new InetSocketAddress(lo, 0));
                for (int i = 0; i < 20_000; i++) {
                    byte[] b = new byte[rnd.nextInt(1400) + 1];
                    rnd.nextBytes(b);
                    switch (i % 4) {
                        case 0 -> b[0] = (byte) rnd.nextInt(4);               // STUN-looking
                        case 1 -> b[0] = (byte) (20 + rnd.nextInt(44));       // DTLS-looking
                        case 2 -> b[0] = (byte) (128 + rnd.nextInt(64));      // RTP/RTCP-looking
                        default -> { }
                    }
                    ch.send(ByteBuffer.wrap(b), target);
                }
                try (var tcp = new Socket(lo, sfu.port()); var out = new DataOutputStream(tcp.getOutputStream())) {
                    for (int i = 0; i < 2000; i++) {
                        byte[] b = new byte[rnd.nextInt(300) + 1];
                        rnd.nextBytes(b);
                        out.writeShort(b.length);
                        out.write(b);
                    }
                    out.flush();
                }
                // A valid ICE check for a real session is still answered.
                byte[] tid = new byte[12];
                rnd.nextBytes(tid);
                byte[] req = new StunWriter(Stun.BINDING_REQUEST, tid).username(p.subscribe.localUfrag() + ":x")
                        .messageIntegrity(p.subscribe.localPwd()).fingerprint().toBytes();
                ch.configureBlocking(true);
                ch.send(ByteBuffer.wrap(req), target);
                var buf = ByteBuffer.allocate(1500);
                StunMessage response = null;
                long deadline = System.nanoTime() + 10_000_000_000L;
                ch.socket().setSoTimeout(1000);
                while (response == null && System.nanoTime() < deadline) {
                    buf.clear();
                    ch.receive(buf);
                    if (buf.position() > 0 && (buf.get(0) & 0xff) <= 3) {
                        response = StunMessage.parse(buf.array(), 0, buf.position());
                    }
                }
                assertTrue(response != null, "the port still answers");
                assertEquals(Stun.BINDING_SUCCESS, response.type());
                assertTrue(response.verifyIntegrity(p.subscribe.localPwd()));
                assertEquals(ch.getLocalAddress(), response.mappedAddress().orElseThrow());
            }
            var c = sfu.counters();
            long dropped = c.dropBadStun.sum() + c.dropUnknownUfrag.sum() + c.stunPlainBindings.sum() + c.dropNoSession.sum()
                    + sfu.netCounters().droppedUnknownKind.sum();
            assertTrue(dropped > 10_000, "drops counted: " + c.snapshot() + " " + dropped);
            assertEquals(0, sfu.netCounters().handlerErrors.sum(), "no exception escaped a handler");
        }
    }
}
