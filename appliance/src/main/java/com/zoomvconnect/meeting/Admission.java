package com.zoomvconnect.meeting;

import com.zoomvconnect.error.ErrorCode;
import java.util.List;

/** The outcome of entering a room. */
public sealed interface Admission {
    /** In: the others present, the policy, earlier public chat, your role, recording and captions. */
    record Admitted(String role, List<ParticipantView> others, RoomPolicy policy, List<ChatMessage> chatHistory,
                    boolean startMuted, List<String> raisedHands, RecordingStatus recording, CaptionsView captions)
            implements Admission {
    }

    /** Waiting for a host; {@code position} counts from 1. */
    record Waiting(int position) implements Admission {
    }

    /** Not allowed in. */
    record Refused(ErrorCode code, String message) implements Admission {
    }
}
