package com.zoomvconnect.record.depack;

/**
 * One encoded frame reassembled from RTP packets.
 *
 * @param rtpTimestamp the packets' RTP timestamp
 * @param keyframe     decodable on its own
 * @param data         the frame as the container stores it
 * @param width        picture width from a keyframe header, or 0
 * @param height       picture height from a keyframe header, or 0
 */
public record Frame(long rtpTimestamp, boolean keyframe, byte[] data, int width, int height) {
}
