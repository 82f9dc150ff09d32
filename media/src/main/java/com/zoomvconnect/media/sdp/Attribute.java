package com.zoomvconnect.media.sdp;

/** One {@code a=} line: {@code name} and the text after the first colon ({@code null} for flags). */
public record Attribute(String name, String value) {
    public static Attribute flag(String name) {
        return new Attribute(name, null);
    }

    @Override
    public String toString() {
        return value == null ? "a=" + name : "a=" + name + ":" + value;
    }
}
