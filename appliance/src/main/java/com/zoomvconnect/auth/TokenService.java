package com.zoomvconnect.auth;

import com.zoomvconnect.store.UserRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Issues and checks access JWTs and meeting join grants; mints opaque refresh tokens. */
public final class TokenService {
    static final String ISSUER = "zoomvconnect";
    private static final String TYPE_ACCESS = "access";
    private static final String TYPE_JOIN = "join";

    private final TokenSigner signer;
    private final AuthConfig config;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public TokenService(TokenSigner signer, AuthConfig config, Clock clock) {
        this.signer = signer;
        this.config = config;
        this.clock = clock;
    }

    public String accessToken(UserRecord user) {
        Instant now = clock.instant();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("typ", TYPE_ACCESS);
        claims.put("sub", user.id());
        claims.put("email", user.email());
        claims.put("name", user.displayName());
        claims.put("role", user.role());
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(config.accessTokenTtl()).getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        return signer.sign(claims);
    }

    public long accessTokenSeconds() {
        return config.accessTokenTtl().toSeconds();
    }

    /** The caller behind a valid, unexpired access token. */
    public Optional<Principal> verifyAccessToken(String token) {
        return signer.verify(token, TYPE_ACCESS, clock.instant()).flatMap(c -> {
            if (!ISSUER.equals(c.get("iss")) || !(c.get("sub") instanceof String sub)
                    || !(c.get("email") instanceof String email) || !(c.get("role") instanceof String role)) {
                return Optional.empty();
            }
            String name = c.get("name") instanceof String n ? n : email;
            return Optional.of(new Principal(sub, email, name, role));
        });
    }

    public String joinToken(JoinGrant grant) {
        Instant now = clock.instant();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("typ", TYPE_JOIN);
        claims.put("mid", grant.meetingId());
        claims.put("sub", grant.participantId());
        claims.put("name", grant.displayName());
        claims.put("role", grant.meetingRole());
        claims.put("guest", grant.guest());
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(config.joinTokenTtl()).getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        return signer.sign(claims);
    }

    public long joinTokenSeconds() {
        return config.joinTokenTtl().toSeconds();
    }

    /** The grant behind a valid, unexpired join token. */
    public Optional<JoinGrant> verifyJoinToken(String token) {
        return verifyJoinTicket(token).map(JoinTicket::grant);
    }

    /** A valid, unexpired join token with what makes it single-use: its id and expiry. */
    public Optional<JoinTicket> verifyJoinTicket(String token) {
        return signer.verify(token, TYPE_JOIN, clock.instant()).flatMap(c -> {
            if (c.get("mid") instanceof String mid && c.get("sub") instanceof String sub
                    && c.get("name") instanceof String name && c.get("role") instanceof String role
                    && c.get("jti") instanceof String jti && c.get("exp") instanceof Number exp) {
                return Optional.of(new JoinTicket(new JoinGrant(mid, sub, name, role, Boolean.TRUE.equals(c.get("guest"))),
                        jti, Instant.ofEpochSecond(exp.longValue())));
            }
            return Optional.empty();
        });
    }

    /**
     * A short keyed digest of {@code data} (HMAC-SHA256, 128 bits, base64url): proof in a link
     * that its holder was given it by the server, e.g. an invitation that stands in for the passcode.
     */
    public String linkKey(String data) {
        return signer.digest(data);
    }

    /** A new opaque refresh token: 256 random bits, base64url. */
    public String newRefreshToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** What is stored for a refresh token: its SHA-256, hex. */
    public static String hashRefreshToken(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
