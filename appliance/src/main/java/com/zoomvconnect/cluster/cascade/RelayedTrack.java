package com.zoomvconnect.cluster.cascade;

import com.zoomvconnect.media.sdp.MediaSection;

/**
 * One track the origin forwards over a relay link: its m-line of the origin's subscribe offer
 * (codec, SSRC), whose it is and what it carries.
 *
 * @param line   the origin's m-line ({@code sendonly}, one SSRC)
 * @param source camera, microphone, screen or screenAudio, as the origin named it
 */
record RelayedTrack(String participantId, String trackId, String kind, String source, long ssrc, MediaSection line) {
}
