package com.zoomvconnect.meeting;

import com.zoomvconnect.auth.JoinGrant;
import com.zoomvconnect.store.BanRecord;
import java.util.List;

/**
 * What a ban holds on to. A signed-in participant is their account. A guest has no account: their
 * participant id lives only as long as one join grant, so a guest is also banned by the address
 * they came from, which shuts out every guest behind that address (a shared NAT) and lets a
 * guest who changes network back in (docs/user-guide.md says so).
 */
record BanSubject(Kind kind, String value) {
    enum Kind {
        ACCOUNT(BanRecord.ACCOUNT), GUEST(BanRecord.GUEST), ADDRESS(BanRecord.ADDRESS);

        private final String stored;

        Kind(String stored) {
            this.stored = stored;
        }

        String stored() {
            return stored;
        }
    }

    /** Everything a ban of this participant covers, and everything their entry is checked against. */
    static List<BanSubject> of(JoinGrant grant, String clientAddress) {
        if (!grant.guest()) {
            return List.of(new BanSubject(Kind.ACCOUNT, grant.participantId()));
        }
        return List.of(new BanSubject(Kind.GUEST, grant.participantId()), new BanSubject(Kind.ADDRESS, clientAddress));
    }
}
