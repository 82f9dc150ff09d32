package com.zoomvconnect.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashing (RFC 9106) in the PHC string format
 * {@code $argon2id$v=19$m=<KiB>,t=<iterations>,p=<lanes>$<salt>$<hash>}. Parameters are part of
 * the encoding, so they can be raised later without invalidating stored hashes.
 */
public final class PasswordHasher {
    /** OWASP's recommended minimum for Argon2id: 19 MiB, 2 iterations, 1 lane. */
    public static final Params DEFAULT = new Params(19 * 1024, 2, 1);

    private static final int SALT_LENGTH = 16;
    private static final int HASH_LENGTH = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    /** Cost parameters: memory in KiB, iterations and parallelism. */
    public record Params(int memoryKib, int iterations, int parallelism) {
    }

    private final Params params;
    private final SecureRandom random = new SecureRandom();
    private final String dummyHash;

    public PasswordHasher(Params params) {
        this.params = params;
        this.dummyHash = hash("dummy password for timing equalisation");
    }

    /** Hashes a password with a fresh random salt. */
    public String hash(String password) {
        byte[] salt = new byte[SALT_LENGTH];
        random.nextBytes(salt);
        byte[] out = derive(password, salt, params, HASH_LENGTH);
        return "$argon2id$v=19$m=" + params.memoryKib() + ",t=" + params.iterations() + ",p=" + params.parallelism()
                + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(out);
    }

    /** Checks a password against a stored encoding in constant time; false for any malformed encoding. */
    public boolean verify(String password, String encoded) {
        if (encoded == null) {
            // Spend the same time as a real check so unknown accounts are not revealed by timing.
            verify(password, dummyHash);
            return false;
        }
        String[] parts = encoded.split("\\$");
        // ["", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash]
        if (parts.length != 6 || !"argon2id".equals(parts[1]) || !"v=19".equals(parts[2])) {
            return false;
        }
        try {
            Params p = parseParams(parts[3]);
            byte[] salt = B64D.decode(parts[4]);
            byte[] expected = B64D.decode(parts[5]);
            if (expected.length < 16 || expected.length > 64) {
                return false;
            }
            byte[] actual = derive(password, salt, p, expected.length);
            return MessageDigest.isEqual(expected, actual);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Params parseParams(String s) {
        int m = -1;
        int t = -1;
        int p = -1;
        for (String kv : s.split(",")) {
            String[] pair = kv.split("=", 2);
            if (pair.length != 2) {
                throw new IllegalArgumentException("bad parameter " + kv);
            }
            int v = Integer.parseInt(pair[1]);
            switch (pair[0]) {
                case "m" -> m = v;
                case "t" -> t = v;
                case "p" -> p = v;
                default -> throw new IllegalArgumentException("unknown parameter " + pair[0]);
            }
        }
        if (m < 8 || m > 1024 * 1024 || t < 1 || t > 20 || p < 1 || p > 16) {
            throw new IllegalArgumentException("parameters out of range");
        }
        return new Params(m, t, p);
    }

    private static byte[] derive(String password, byte[] salt, Params p, int length) {
        var parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(p.memoryKib())
                .withIterations(p.iterations())
                .withParallelism(p.parallelism())
                .withSalt(salt)
                .build();
        var generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
