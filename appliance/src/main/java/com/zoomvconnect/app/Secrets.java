package com.zoomvconnect.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/** Server secrets kept in {@code <data>/secrets/} with owner-only permissions, created on first start. */
final class Secrets {
    private Secrets() {
    }

    /** The 256-bit key that signs access tokens and join grants. */
    static byte[] tokenKey(Path dataDir) {
        return key(dataDir, "token.key", "signs everyone out");
    }

    /** The 256-bit shared secret that signs TURN credentials (RFC 7635-style, see {@code media.turn.TurnCredentials}). */
    static byte[] turnKey(Path dataDir) {
        return key(dataDir, "turn.key", "TURN credentials already handed out stop working");
    }

    private static byte[] key(Path dataDir, String name, String consequence) {
        Path file = dataDir.resolve("secrets").resolve(name);
        try {
            if (Files.exists(file)) {
                byte[] key = Files.readAllBytes(file);
                if (key.length < 32) {
                    throw new BadConfigException("Secret " + file + " is truncated; delete it to create a new one (" + consequence + ")");
                }
                return key;
            }
            Files.createDirectories(file.getParent());
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Path tmp = file.resolveSibling(name + ".tmp");
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(tmp);
            }
            Files.write(tmp, key);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            return key;
        } catch (IOException e) {
            throw new BadConfigException("Cannot read or create the secret " + file + ": " + e.getMessage());
        }
    }
}
