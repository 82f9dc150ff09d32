package com.zoomvconnect.media.turn;

import com.zoomvconnect.media.stun.Stun;
import com.zoomvconnect.media.stun.StunMessage;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * The long-term credential mechanism (RFC 8489 §9.2) over the short-lived credentials of
 * {@link TurnCredentials}: the checks of §9.2.4, in the RFC's order.
 */
final class LongTermAuth {
    private final String realm;
    private final byte[] secret;
    private final long nonceMillis;
    private final Nonces nonces = new Nonces();

    LongTermAuth(TurnConfig config) {
        this.realm = config.realm();
        this.secret = config.secret();
        this.nonceMillis = config.nonceLifetime().toMillis();
    }

    /** What the checks decided. */
    sealed interface Outcome {
    }

    /** The request is authentic: its username, the user it names and the key that signs the response. */
    record Authenticated(String username, String user, byte[] key) implements Outcome {
    }

    record Refused(Refusal refusal) implements Outcome {
    }

    Outcome check(StunMessage m, InetSocketAddress client, long nowMillis) {
        if (!m.has(Stun.MESSAGE_INTEGRITY)) {
            return new Refused(Refusal.CHALLENGED);
        }
        Optional<String> username = m.username();
        Optional<String> nonce = m.nonce();
        if (username.isEmpty() || nonce.isEmpty() || m.realm().isEmpty()) {
            return new Refused(Refusal.BAD_REQUEST);
        }
        if (!nonces.isValid(nonce.get(), client, nowMillis)) {
            return new Refused(Refusal.STALE_NONCE);
        }
        Optional<TurnCredentials.Username> parsed = TurnCredentials.parse(username.get());
        if (parsed.isEmpty() || !realm.equals(m.realm().get())) {
            return new Refused(Refusal.BAD_CREDENTIALS);
        }
        // RFC 7635 §4-style timestamp: the username carries its own expiry.
        if (parsed.get().expiresEpochSecond() * 1000 <= nowMillis) {
            return new Refused(Refusal.EXPIRED_CREDENTIALS);
        }
        byte[] key = TurnCredentials.longTermKey(username.get(), realm, TurnCredentials.password(secret, username.get()));
        if (!m.verifyIntegrity(key)) {
            return new Refused(Refusal.BAD_CREDENTIALS);
        }
        return new Authenticated(username.get(), parsed.get().user(), key);
    }

    String realm() {
        return realm;
    }

    /** A fresh nonce for this client, for 401 and 438 answers. */
    String nonce(InetSocketAddress client, long nowMillis) {
        return nonces.mint(client, nowMillis + nonceMillis);
    }
}
