package com.zoomvconnect.media.dtls;

/**
 * SRTP master keys exported from DTLS (RFC 5764 §4.2), already resolved to our side: what we
 * protect with ({@code local*}) and what we unprotect with ({@code remote*}).
 *
 * @param profileId the negotiated use_srtp protection profile
 */
public record SrtpKeyMaterial(int profileId, byte[] localKey, byte[] localSalt, byte[] remoteKey, byte[] remoteSalt) {

    /** Splits exporter output {@code client_key | server_key | client_salt | server_salt}. */
    static SrtpKeyMaterial split(int profileId, byte[] km, int keyLen, int saltLen, boolean server) {
        byte[] ck = java.util.Arrays.copyOfRange(km, 0, keyLen);
        byte[] sk = java.util.Arrays.copyOfRange(km, keyLen, 2 * keyLen);
        byte[] cs = java.util.Arrays.copyOfRange(km, 2 * keyLen, 2 * keyLen + saltLen);
        byte[] ss = java.util.Arrays.copyOfRange(km, 2 * keyLen + saltLen, 2 * keyLen + 2 * saltLen);
        return server ? new SrtpKeyMaterial(profileId, sk, ss, ck, cs) : new SrtpKeyMaterial(profileId, ck, cs, sk, ss);
    }
}
