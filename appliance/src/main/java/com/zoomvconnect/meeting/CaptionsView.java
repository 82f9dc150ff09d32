package com.zoomvconnect.meeting;

import java.util.List;

/**
 * What an entrant learns about live captions: whether the meeting is captioned, whether the
 * server sends them caption lines ({@code shown}: a participant who showed captions and came
 * back), and the last lines said while captions were on, for the history panel.
 */
public record CaptionsView(boolean on, boolean shown, List<CaptionLine> recent) {
    public static final CaptionsView OFF = new CaptionsView(false, false, List.of());
}
