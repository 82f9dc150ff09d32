package com.zoomvconnect.media.sdp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One {@code m=} section (RFC 8866 §5.14) with its attributes in order. */
public record MediaSection(String kind, int port, String proto, List<String> formats, String connection,
                           List<Attribute> attributes) {

    public Optional<String> attr(String name) {
        for (Attribute a : attributes) {
            if (a.name().equals(name)) {
                return Optional.ofNullable(a.value() == null ? "" : a.value());
            }
        }
        return Optional.empty();
    }

    public boolean hasFlag(String name) {
        return attributes.stream().anyMatch(a -> a.name().equals(name));
    }

    public List<String> all(String name) {
        List<String> out = new ArrayList<>();
        for (Attribute a : attributes) {
            if (a.name().equals(name)) {
                out.add(a.value() == null ? "" : a.value());
            }
        }
        return out;
    }

    public String mid() {
        return attr("mid").orElse(null);
    }

    /** sendrecv, sendonly, recvonly or inactive (sendrecv when absent, RFC 8866 §6.7). */
    public String direction() {
        for (String d : List.of("sendrecv", "sendonly", "recvonly", "inactive")) {
            if (hasFlag(d)) {
                return d;
            }
        }
        return "sendrecv";
    }

    public boolean isRejected() {
        return port == 0 && !hasFlag("bundle-only");
    }

    /** Payload type → "name/clock[/channels]" from a=rtpmap. */
    public Map<Integer, String> rtpmaps() {
        return byPayloadType("rtpmap");
    }

    /** Payload type → fmtp parameter string. */
    public Map<Integer, String> fmtps() {
        return byPayloadType("fmtp");
    }

    /** Attributes of the form {@code <pt> <text>}, keyed by payload type; malformed ones are skipped. */
    private Map<Integer, String> byPayloadType(String name) {
        Map<Integer, String> out = new LinkedHashMap<>();
        for (String v : all(name)) {
            int sp = v.indexOf(' ');
            if (sp > 0) {
                try {
                    out.put(Integer.parseInt(v.substring(0, sp)), v.substring(sp + 1).trim());
                } catch (NumberFormatException e) {
                    // not a payload type: ignored
                }
            }
        }
        return out;
    }

    /** Extension URI → id from a=extmap. */
    public Map<String, Integer> extmaps() {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String v : all("extmap")) {
            String[] p = v.split("\\s+");
            if (p.length >= 2) {
                try {
                    String id = p[0].contains("/") ? p[0].substring(0, p[0].indexOf('/')) : p[0];
                    out.put(p[1], Integer.parseInt(id));
                } catch (NumberFormatException e) {
                    // ignore malformed extmap
                }
            }
        }
        return out;
    }

    /** SSRCs in order of first appearance in a=ssrc lines. */
    public List<Long> ssrcs() {
        List<Long> out = new ArrayList<>();
        for (String v : all("ssrc")) {
            int sp = v.indexOf(' ');
            try {
                long s = Long.parseLong(sp > 0 ? v.substring(0, sp) : v);
                if (!out.contains(s)) {
                    out.add(s);
                }
            } catch (NumberFormatException e) {
                // ignore
            }
        }
        return out;
    }

    /** a=ssrc-group:FID primary rtx pairs (RFC 5576 §4.2, RFC 4588). */
    public Map<Long, Long> rtxPairs() {
        Map<Long, Long> out = new LinkedHashMap<>();
        for (String v : all("ssrc-group")) {
            String[] p = v.trim().split("\\s+");
            if (p.length == 3 && p[0].equals("FID")) {
                try {
                    out.put(Long.parseLong(p[1]), Long.parseLong(p[2]));
                } catch (NumberFormatException e) {
                    // ignore
                }
            }
        }
        return out;
    }
}
