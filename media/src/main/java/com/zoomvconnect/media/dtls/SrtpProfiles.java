package com.zoomvconnect.media.dtls;

import org.bouncycastle.tls.SRTPProtectionProfile;

/** The use_srtp profiles we offer and accept, best first, with their key and salt sizes. */
final class SrtpProfiles {
    /** RFC 7714 GCM first (cheaper and stronger), RFC 5764 AES-CM/HMAC-SHA1-80 second. */
    static final int[] PREFERRED = {SRTPProtectionProfile.SRTP_AEAD_AES_128_GCM, SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80};

    private SrtpProfiles() {
    }

    static int keyLength(int profile) {
        return 16;
    }

    static int saltLength(int profile) {
        return profile == SRTPProtectionProfile.SRTP_AEAD_AES_128_GCM ? 12 : 14;
    }

    /** Our preferred profile among {@code offered}, or -1. */
    static int choose(int[] offered) {
        for (int p : PREFERRED) {
            for (int o : offered) {
                if (o == p) {
                    return p;
                }
            }
        }
        return -1;
    }
}
