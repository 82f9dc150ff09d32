package com.zoomvconnect.media.sdp;

import java.util.ArrayList;
import java.util.List;

/** Parses SDP text (RFC 8866) as browsers write it; anything malformed is an {@link SdpException}. */
public final class SdpParser {
    private static final int MAX_LENGTH = 256 * 1024;
    private static final int MAX_MEDIA = 512;

    private SdpParser() {
    }

    public static SessionDescription parse(String sdp) {
        if (sdp == null || sdp.isBlank()) {
            throw new SdpException("empty SDP");
        }
        if (sdp.length() > MAX_LENGTH) {
            throw new SdpException("SDP larger than " + MAX_LENGTH + " characters");
        }
        String[] lines = sdp.split("\r?\n");
        List<String> sessionLines = new ArrayList<>();
        List<Attribute> sessionAttrs = new ArrayList<>();
        List<MediaSection> media = new ArrayList<>();
        Builder current = null;
        boolean sawVersion = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                continue;
            }
            if (line.length() < 2 || line.charAt(1) != '=') {
                throw new SdpException("line " + (i + 1) + ": expected '<type>=<value>'");
            }
            char type = line.charAt(0);
            String value = line.substring(2);
            if (!sawVersion) {
                if (type != 'v' || !value.equals("0")) {
                    throw new SdpException("line 1: SDP must start with v=0");
                }
                sawVersion = true;
                sessionLines.add(line);
                continue;
            }
            switch (type) {
                case 'm' -> {
                    if (current != null) {
                        media.add(current.build());
                    }
                    if (media.size() >= MAX_MEDIA) {
                        throw new SdpException("more than " + MAX_MEDIA + " media sections");
                    }
                    current = Builder.of(value, i + 1);
                }
                case 'a' -> {
                    Attribute a = attribute(value);
                    if (current == null) {
                        sessionAttrs.add(a);
                    } else {
                        current.attributes.add(a);
                    }
                }
                case 'c' -> {
                    if (current == null) {
                        sessionLines.add(line);
                    } else {
                        current.connection = value;
                    }
                }
                default -> {
                    if (current == null) {
                        sessionLines.add(line);
                    }
                    // other media-level lines (b=, i=, k=) are not needed and dropped
                }
            }
        }
        if (!sawVersion) {
            throw new SdpException("no v=0 line");
        }
        if (current != null) {
            media.add(current.build());
        }
        return new SessionDescription(List.copyOf(sessionLines), List.copyOf(sessionAttrs), List.copyOf(media));
    }

    private static Attribute attribute(String value) {
        int colon = value.indexOf(':');
        return colon < 0 ? Attribute.flag(value.trim()) : new Attribute(value.substring(0, colon), value.substring(colon + 1));
    }

    private static final class Builder {
        String kind;
        int port;
        String proto;
        List<String> formats;
        String connection;
        final List<Attribute> attributes = new ArrayList<>();

        static Builder of(String m, int lineNo) {
            String[] p = m.trim().split("\\s+");
            if (p.length < 3) {
                throw new SdpException("line " + lineNo + ": m= needs media, port and protocol");
            }
            var b = new Builder();
            b.kind = p[0];
            try {
                String port = p[1].contains("/") ? p[1].substring(0, p[1].indexOf('/')) : p[1];
                b.port = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw new SdpException("line " + lineNo + ": bad port '" + p[1] + "'");
            }
            if (b.port < 0 || b.port > 65535) {
                throw new SdpException("line " + lineNo + ": port out of range");
            }
            b.proto = p[2];
            b.formats = List.of(p).subList(3, p.length);
            return b;
        }

        MediaSection build() {
            return new MediaSection(kind, port, proto, List.copyOf(formats), connection, List.copyOf(attributes));
        }
    }
}
