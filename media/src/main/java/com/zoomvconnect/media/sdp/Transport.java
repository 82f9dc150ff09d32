package com.zoomvconnect.media.sdp;

import java.util.List;

/** Session lines and the per-m-line ICE/DTLS attributes the SFU writes. */
final class Transport {
    private Transport() {
    }

    static List<String> sessionLines(long sessionId, int version) {
        return List.of("v=0", "o=- " + sessionId + " " + version + " IN IP4 127.0.0.1", "s=-", "t=0 0");
    }

    static void addLocal(List<Attribute> attrs, TransportParams local, String setup) {
        attrs.add(new Attribute("ice-ufrag", local.ufrag()));
        attrs.add(new Attribute("ice-pwd", local.pwd()));
        attrs.add(new Attribute("fingerprint", "sha-256 " + local.fingerprint()));
        attrs.add(new Attribute("setup", setup));
        for (Candidate c : local.candidates()) {
            attrs.add(new Attribute("candidate", c.format().substring("candidate:".length())));
        }
        attrs.add(Attribute.flag("end-of-candidates"));
    }
}
