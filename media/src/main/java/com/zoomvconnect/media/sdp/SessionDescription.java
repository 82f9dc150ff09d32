package com.zoomvconnect.media.sdp;

import java.util.List;
import java.util.Optional;

/** A parsed SDP: session-level lines and attributes, then the media sections. */
public record SessionDescription(List<String> sessionLines, List<Attribute> attributes, List<MediaSection> media) {

    public Optional<String> attr(String name) {
        for (Attribute a : attributes) {
            if (a.name().equals(name)) {
                return Optional.ofNullable(a.value() == null ? "" : a.value());
            }
        }
        return Optional.empty();
    }

    /** A media-level attribute, falling back to the session level (ICE and DTLS attributes may be either). */
    public Optional<String> attr(MediaSection m, String name) {
        return m.attr(name).or(() -> attr(name));
    }
}
