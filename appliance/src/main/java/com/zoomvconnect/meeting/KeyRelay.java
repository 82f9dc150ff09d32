package com.zoomvconnect.meeting;

import com.zoomvconnect.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;

/**
 * End-to-end encryption's key exchange, as the room sees it: opaque blobs from one member to
 * named members of the same room (or all others), only in an end-to-end encrypted meeting. The
 * room never reads them: the browsers encrypt what they put in (public keys, and media keys
 * wrapped to one recipient's public key; docs/protocol.md, docs/security.md). Used under the
 * room's monitor; events go to the room's outbox.
 */
final class KeyRelay {
    /** A wrapped key or a public key is a few hundred characters; this leaves room and bounds abuse. */
    static final int MAX_DATA = 8 * 1024;
    static final int MAX_TARGETS = 500;

    private final Roster roster;

    KeyRelay(Roster roster) {
        this.roster = roster;
    }

    /** Relays {@code data} from {@code fromId} to {@code to} (null or empty: every other member). */
    void relay(String fromId, List<String> to, String data, RoomOutbox out) {
        Member from = roster.member(fromId);
        if (!roster.policy().e2ee()) {
            throw new ModerationException(ErrorCode.E2EE_OFF, "This meeting is not end-to-end encrypted");
        }
        if (data == null || data.isEmpty() || data.length() > MAX_DATA) {
            throw new ModerationException(ErrorCode.INVALID_FIELD, "e2ee.data must be 1 to " + MAX_DATA + " characters");
        }
        var event = new RoomEvent.KeyRelayed(fromId, data);
        if (to == null || to.isEmpty()) {
            for (Member m : roster.all()) {
                if (m != from) {
                    out.send(m.link, event);
                }
            }
            return;
        }
        if (to.size() > MAX_TARGETS) {
            throw new ModerationException(ErrorCode.INVALID_FIELD, "e2ee.to names more than " + MAX_TARGETS + " participants");
        }
        var targets = new ArrayList<Member>(to.size());
        for (String id : to) {
            Member target = id == null ? null : roster.get(id);
            if (target == null || target == from) {
                // Someone who just left: the sender learns it from participantLeft as well.
                throw new ModerationException(ErrorCode.INVALID_TARGET, "No such participant in this room: " + id);
            }
            targets.add(target);
        }
        targets.forEach(t -> out.send(t.link, event));
    }
}
