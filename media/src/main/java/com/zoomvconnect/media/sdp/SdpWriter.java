package com.zoomvconnect.media.sdp;

/** Serialises a {@link SessionDescription} with CRLF line ends (RFC 8866 §5). */
public final class SdpWriter {
    private SdpWriter() {
    }

    public static String write(SessionDescription d) {
        var sb = new StringBuilder(4096);
        for (String l : d.sessionLines()) {
            sb.append(l).append("\r\n");
        }
        for (Attribute a : d.attributes()) {
            sb.append(a).append("\r\n");
        }
        for (MediaSection m : d.media()) {
            sb.append("m=").append(m.kind()).append(' ').append(m.port()).append(' ').append(m.proto());
            for (String f : m.formats()) {
                sb.append(' ').append(f);
            }
            sb.append("\r\n");
            if (m.connection() != null) {
                sb.append("c=").append(m.connection()).append("\r\n");
            }
            for (Attribute a : m.attributes()) {
                sb.append(a).append("\r\n");
            }
        }
        return sb.toString();
    }
}
