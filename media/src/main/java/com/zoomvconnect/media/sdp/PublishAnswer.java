package com.zoomvconnect.media.sdp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Answers a browser's publish offer as an ICE-lite, BUNDLE, rtcp-mux SFU: per m-line one codec
 * (Opus for audio; VP8, else H.264 packetization-mode 1, else VP9 for video) with its RTX, the
 * header extensions we use, and {@code recvonly}. Video simulcast (RFC 8853) is accepted when the
 * offer carries the mid and rid header extensions: up to three rids, answered {@code recv}, lowest
 * layer first. Unsupported m-lines are rejected with port 0.
 */
public final class PublishAnswer {
    /** What was accepted for one m-line. */
    public record Accepted(String mid, String kind, Codec codec, List<Long> ssrcs, Map<Long, Long> rtxSsrcs,
                           Map<String, Integer> extensions, String msid, List<String> rids) {
    }

    /** Most simulcast layers the SFU receives per track. */
    public static final int MAX_LAYERS = 3;

    /** The answer text, what it accepted, and the browser's transport parameters. */
    public record Result(String sdp, List<Accepted> accepted, TransportParams remote) {
    }

    private PublishAnswer() {
    }

    public static Result answer(SessionDescription offer, TransportParams local, long sessionId, int startBitrateKbps) {
        TransportParams remote = TransportParams.remote(offer);
        String setup = remote.setup().equals("passive") ? "active" : "passive";
        List<MediaSection> media = new ArrayList<>();
        List<Accepted> accepted = new ArrayList<>();
        List<String> bundle = new ArrayList<>();
        for (MediaSection m : offer.media()) {
            String mid = m.mid();
            if (mid == null) {
                throw new SdpException("every m-line needs a=mid (unified plan)");
            }
            Codec codec = m.isRejected() || !m.proto().contains("SAVPF") ? null : choose(m, startBitrateKbps);
            String dir = m.direction();
            if (codec == null) {
                media.add(rejected(m));
                continue;
            }
            bundle.add(mid);
            var attrs = new ArrayList<Attribute>();
            attrs.add(new Attribute("mid", mid));
            Map<String, Integer> exts = new LinkedHashMap<>();
            m.extmaps().forEach((uri, id) -> {
                if (RtpExtensions.ACCEPTED.contains(uri)) {
                    exts.put(uri, id);
                    attrs.add(new Attribute("extmap", id + " " + uri));
                }
            });
            attrs.add(Attribute.flag(dir.equals("sendonly") || dir.equals("sendrecv") ? "recvonly" : "inactive"));
            attrs.add(Attribute.flag("rtcp-mux"));
            if (m.hasFlag("rtcp-rsize")) {
                attrs.add(Attribute.flag("rtcp-rsize"));
            }
            Transport.addLocal(attrs, local, setup);
            List<String> formats = new ArrayList<>();
            Codecs.describe(codec, formats, attrs);
            media.add(new MediaSection(m.kind(), firstPort(local), m.proto(), formats, connection(local), attrs));
            List<String> rids = m.kind().equals("video") && exts.containsKey(RtpExtensions.MID)
                    && exts.containsKey(RtpExtensions.RID) ? simulcastRids(m) : List.of();
            for (String rid : rids) {
                attrs.add(new Attribute("rid", rid + " recv"));
            }
            if (!rids.isEmpty()) {
                attrs.add(new Attribute("simulcast", "recv " + String.join(";", rids)));
            }
            String msid = m.attr("msid").orElse(null);
            accepted.add(new Accepted(mid, m.kind(), codec, m.ssrcs(), m.rtxPairs(), exts, msid, rids));
        }
        var sessionAttrs = new ArrayList<Attribute>();
        sessionAttrs.add(new Attribute("group", "BUNDLE" + (bundle.isEmpty() ? "" : " " + String.join(" ", bundle))));
        sessionAttrs.add(Attribute.flag("ice-lite"));
        sessionAttrs.add(new Attribute("msid-semantic", " WMS *"));
        var d = new SessionDescription(Transport.sessionLines(sessionId, 1), sessionAttrs, media);
        return new Result(SdpWriter.write(d), accepted, remote);
    }

    /**
     * The rids the offer sends as simulcast ({@code a=simulcast:send}, RFC 8853 §5.1; first
     * alternative of each, paused ones included), lowest layer first: q, h, f when those names
     * are used, else in offered order. One rid is no simulcast.
     */
    static List<String> simulcastRids(MediaSection m) {
        List<String> sendRids = new ArrayList<>();
        for (String v : m.all("rid")) {
            String[] p = v.trim().split("\\s+");
            if (p.length >= 2 && p[1].equals("send")) {
                sendRids.add(p[0]);
            }
        }
        String sim = m.attr("simulcast").orElse("").trim();
        if (!sim.startsWith("send ")) {
            return List.of();
        }
        List<String> rids = new ArrayList<>();
        for (String stream : sim.substring(5).trim().split("\\s+")[0].split(";")) {
            String rid = stream.split(",")[0].trim();
            if (rid.startsWith("~")) {
                rid = rid.substring(1);
            }
            if (!rid.isEmpty() && sendRids.contains(rid) && !rids.contains(rid) && rid.length() <= 16) {
                rids.add(rid);
            }
        }
        if (rids.size() < 2) {
            return List.of();
        }
        if (List.of("q", "h", "f").containsAll(rids)) {
            rids.sort(java.util.Comparator.comparingInt(r -> "qhf".indexOf(r)));
        }
        return List.copyOf(rids.subList(0, Math.min(MAX_LAYERS, rids.size())));
    }

    private static Codec choose(MediaSection m, int startBitrateKbps) {
        Map<Integer, String> maps = m.rtpmaps();
        Map<Integer, String> fmtps = m.fmtps();
        Map<Integer, Integer> rtxFor = new LinkedHashMap<>();
        maps.forEach((pt, enc) -> {
            if (enc.toLowerCase(Locale.ROOT).startsWith("rtx/")) {
                String f = fmtps.getOrDefault(pt, "");
                for (String kv : f.split(";")) {
                    String[] p = kv.trim().split("=");
                    if (p.length == 2 && p[0].equals("apt")) {
                        try {
                            rtxFor.put(Integer.parseInt(p[1].trim()), pt);
                        } catch (NumberFormatException e) {
                            // ignore
                        }
                    }
                }
            }
        });
        if (m.kind().equals("audio")) {
            for (String f : m.formats()) {
                int pt = parsePt(f);
                String enc = maps.getOrDefault(pt, "").toLowerCase(Locale.ROOT);
                if (enc.startsWith("opus/48000")) {
                    return new Codec(pt, Codec.OPUS, 48000, 2, fmtps.getOrDefault(pt, "minptime=10;useinbandfec=1"), -1,
                            List.of("transport-cc"));
                }
            }
            return null;
        }
        if (!m.kind().equals("video")) {
            return null;
        }
        Codec vp8 = null;
        Codec h264 = null;
        Codec vp9 = null;
        for (String f : m.formats()) {
            int pt = parsePt(f);
            String enc = maps.getOrDefault(pt, "").toUpperCase(Locale.ROOT);
            String fmtp = fmtps.getOrDefault(pt, "");
            int rtx = rtxFor.getOrDefault(pt, -1);
            if (enc.startsWith("VP8/90000") && vp8 == null) {
                vp8 = new Codec(pt, Codec.VP8, 90000, 1, startBitrate(fmtp, startBitrateKbps), rtx, Codecs.VIDEO_FEEDBACK);
            } else if (enc.startsWith("H264/90000") && fmtp.contains("packetization-mode=1")) {
                boolean baseline = fmtp.contains("profile-level-id=42e01f") || fmtp.contains("profile-level-id=42001f");
                if (h264 == null || baseline) {
                    h264 = new Codec(pt, Codec.H264, 90000, 1, startBitrate(fmtp, startBitrateKbps), rtx, Codecs.VIDEO_FEEDBACK);
                }
            } else if (enc.startsWith("VP9/90000") && vp9 == null && !fmtp.contains("profile-id=2")) {
                vp9 = new Codec(pt, Codec.VP9, 90000, 1, startBitrate(fmtp, startBitrateKbps), rtx, Codecs.VIDEO_FEEDBACK);
            }
        }
        return vp8 != null ? vp8 : h264 != null ? h264 : vp9;
    }

    private static String startBitrate(String fmtp, int kbps) {
        if (kbps <= 0) {
            return fmtp;
        }
        String extra = "x-google-start-bitrate=" + kbps;
        return fmtp.isBlank() ? extra : fmtp + ";" + extra;
    }

    private static int parsePt(String f) {
        try {
            return Integer.parseInt(f);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static MediaSection rejected(MediaSection m) {
        var attrs = new ArrayList<Attribute>();
        if (m.mid() != null) {
            attrs.add(new Attribute("mid", m.mid()));
        }
        attrs.add(Attribute.flag("inactive"));
        List<String> formats = m.formats().isEmpty() ? List.of("0") : List.of(m.formats().get(0));
        return new MediaSection(m.kind(), 0, m.proto(), formats, "IN IP4 0.0.0.0", attrs);
    }

    static int firstPort(TransportParams local) {
        return local.candidates().isEmpty() ? 9 : local.candidates().get(0).port();
    }

    static String connection(TransportParams local) {
        if (local.candidates().isEmpty()) {
            return "IN IP4 0.0.0.0";
        }
        String a = local.candidates().get(0).address();
        return (a.contains(":") ? "IN IP6 " : "IN IP4 ") + a;
    }
}
