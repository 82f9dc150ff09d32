package com.zoomvconnect.media.turn;

import java.net.InetAddress;
import java.time.Duration;

/**
 * Configuration of the TURN server.
 *
 * @param realm               REALM of the long-term credential mechanism (RFC 8489 §9.2)
 * @param secret              the shared secret that signs the short-lived passwords ({@link TurnCredentials})
 * @param relayAddress        the interface address relay sockets bind to; it is the XOR-RELAYED-ADDRESS, so it must be concrete
 * @param policy              which peers may be relayed to
 * @param defaultLifetime     allocation lifetime when the client asks for less (RFC 8656 §7.2: 10 minutes)
 * @param maxLifetime         the most a client may ask for (RFC 8656 §7.2 suggests 1 hour)
 * @param nonceLifetime       how long a NONCE stays valid before 438 (RFC 8489 §9.2)
 * @param maxAllocationsPerUser allocations one participant may hold at once (486 beyond)
 * @param maxBytesPerSecond   relay budget of one allocation in each direction, in bytes
 * @param maxPacketsPerSecond relay budget of one allocation in each direction, in packets
 */
public record TurnConfig(String realm, byte[] secret, InetAddress relayAddress, RelayPolicy policy,
        Duration defaultLifetime, Duration maxLifetime, Duration nonceLifetime,
        int maxAllocationsPerUser, long maxBytesPerSecond, int maxPacketsPerSecond) {
    public TurnConfig {
        secret = secret.clone();
        if (secret.length < 16) {
            throw new IllegalArgumentException("the TURN secret needs at least 128 bits");
        }
        if (relayAddress.isAnyLocalAddress()) {
            throw new IllegalArgumentException("relay address must be an interface address, not the wildcard");
        }
    }

    /** RFC defaults: 600 s allocations (at most 3600 s), 10-minute nonces, 4 allocations per user, 5 MB/s and 5000 packets/s. */
    public static TurnConfig defaults(String realm, byte[] secret, InetAddress relayAddress, RelayPolicy policy) {
        return new TurnConfig(realm, secret, relayAddress, policy, Duration.ofSeconds(600), Duration.ofSeconds(3600),
                Duration.ofMinutes(10), 4, 5_000_000, 5000);
    }

    public TurnConfig withQuota(int allocationsPerUser) {
        return new TurnConfig(realm, secret, relayAddress, policy, defaultLifetime, maxLifetime, nonceLifetime,
                allocationsPerUser, maxBytesPerSecond, maxPacketsPerSecond);
    }

    public TurnConfig withBudget(long bytesPerSecond, int packetsPerSecond) {
        return new TurnConfig(realm, secret, relayAddress, policy, defaultLifetime, maxLifetime, nonceLifetime,
                maxAllocationsPerUser, bytesPerSecond, packetsPerSecond);
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }
}
