package com.zoomvconnect.meeting;

/** One caption: what a participant said, recognised on the server, with wall-clock times (epoch ms). */
public record CaptionLine(String participantId, String name, String text, long startMs, long endMs) {
}
