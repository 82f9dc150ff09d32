package com.zoomvconnect.media.sdp;

import java.util.List;

/**
 * ICE and DTLS parameters of one side of a peer connection.
 *
 * @param setup DTLS role attribute: actpass, active or passive (RFC 5763 §5)
 */
public record TransportParams(String ufrag, String pwd, String fingerprint, String setup, List<Candidate> candidates) {

    /** The remote side's parameters from a description (first bundled m-line wins, RFC 8843). */
    public static TransportParams remote(SessionDescription d) {
        MediaSection first = d.media().stream().filter(m -> !m.isRejected()).findFirst()
                .orElseThrow(() -> new SdpException("no accepted media section"));
        String ufrag = d.attr(first, "ice-ufrag").orElseThrow(() -> new SdpException("missing a=ice-ufrag"));
        String pwd = d.attr(first, "ice-pwd").orElseThrow(() -> new SdpException("missing a=ice-pwd"));
        String fp = d.attr(first, "fingerprint").orElseThrow(() -> new SdpException("missing a=fingerprint"));
        String[] fpParts = fp.trim().split("\\s+");
        if (fpParts.length != 2 || !fpParts[0].equalsIgnoreCase("sha-256")) {
            throw new SdpException("a=fingerprint must be sha-256 (got '" + fp + "')");
        }
        String setup = d.attr(first, "setup").orElse("actpass").trim();
        if (!first.hasFlag("rtcp-mux")) {
            throw new SdpException("rtcp-mux is required");
        }
        return new TransportParams(ufrag.trim(), pwd.trim(), fpParts[1], setup, List.of());
    }
}
