package com.zoomvconnect.media.sdp;

/**
 * An ICE candidate line (RFC 8839 §5.1): {@code candidate:<foundation> <component> <transport>
 * <priority> <address> <port> typ <type> [tcptype <tcptype>]}.
 */
public record Candidate(String foundation, int component, String transport, long priority, String address, int port,
                        String type, String tcpType) {

    /** RFC 8445 §5.1.2.1: priority = 2^24·type preference + 2^8·local preference + (256 − component). */
    public static long priority(int typePreference, int localPreference, int component) {
        return ((long) typePreference << 24) + ((long) localPreference << 8) + (256 - component);
    }

    public static Candidate hostUdp(String foundation, String address, int port, int localPreference) {
        return new Candidate(foundation, 1, "udp", priority(126, localPreference, 1), address, port, "host", null);
    }

    /** A passive ICE-TCP host candidate (RFC 6544 §4.5): browsers connect, we accept. */
    public static Candidate hostTcpPassive(String foundation, String address, int port, int localPreference) {
        return new Candidate(foundation, 1, "tcp", priority(126, localPreference / 2, 1), address, port, "host", "passive");
    }

    /** The attribute value (without {@code a=}). */
    public String format() {
        String s = "candidate:" + foundation + " " + component + " " + transport + " " + priority + " " + address + " "
                + port + " typ " + type;
        return tcpType == null ? s : s + " tcptype " + tcpType;
    }

    public static Candidate parse(String value) {
        String v = value.startsWith("candidate:") ? value.substring(10) : value;
        String[] p = v.trim().split("\\s+");
        if (p.length < 8 || !p[6].equals("typ")) {
            throw new SdpException("bad candidate: " + value);
        }
        try {
            String tcpType = null;
            for (int i = 8; i + 1 < p.length; i += 2) {
                if (p[i].equals("tcptype")) {
                    tcpType = p[i + 1];
                }
            }
            return new Candidate(p[0], Integer.parseInt(p[1]), p[2].toLowerCase(java.util.Locale.ROOT), Long.parseLong(p[3]),
                    p[4], Integer.parseInt(p[5]), p[7], tcpType);
        } catch (NumberFormatException e) {
            throw new SdpException("bad candidate: " + value);
        }
    }
}
