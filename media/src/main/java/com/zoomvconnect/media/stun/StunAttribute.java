package com.zoomvconnect.media.stun;

/** One attribute as it appeared on the wire: type and the offset/length of its value. */
public record StunAttribute(int type, int valueOffset, int valueLength, int headerOffset) {
}
