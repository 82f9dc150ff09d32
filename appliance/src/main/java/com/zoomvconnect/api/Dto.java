package com.zoomvconnect.api;

import com.zoomvconnect.auth.AuthService;
import com.zoomvconnect.auth.RegistrationPolicy;
import com.zoomvconnect.auth.Principal;
import java.time.Instant;
import java.util.List;

/** Request and response bodies of the REST API. Field names are the public contract. */
public final class Dto {
    private Dto() {
    }

    public record RegisterRequest(String email, String password, String displayName) {
    }

    public record LoginRequest(String email, String password) {
    }

    public record RefreshRequest(String refreshToken) {
    }

    public record UserJson(String id, String email, String displayName, String role) {
        static UserJson of(Principal u) {
            return new UserJson(u.userId(), u.email(), u.displayName(), u.role());
        }
    }

    public record TokenResponse(UserJson user, String accessToken, String refreshToken, long expiresIn, String tokenType) {
    }

    public record MeetingRequest(String title, String description, Instant startsAt, Integer durationMinutes,
                                 String timeZone, String passcode, Boolean waitingRoom, Boolean allowGuests,
                                 Boolean muteOnEntry, List<String> invitees, List<String> coHosts, Boolean webinar,
                                 Boolean e2ee) {
    }

    public record JoinRequest(String passcode, String passcodeKey, String displayName) {
    }

    /** {@code node}: in a cluster, the node hosting the meeting, whose URL {@code signalingUrl} is; null on a single site. */
    public record JoinResponse(String token, String meetingId, String participantId, String displayName, String role,
                               boolean guest, String signalingUrl, long expiresIn, boolean muteOnEntry,
                               boolean waitingRoom, String node) {
    }

    /**
     * Server settings as administrators see them. {@code selfRegistration} (true only for the
     * {@code open} policy) is kept for clients written before the registration policy existed.
     */
    public record SettingsJson(boolean selfRegistration, String registrationPolicy, List<String> registrationDomains,
                               String registrationPolicySource, RecordingLimits recording) {
        static SettingsJson of(AuthService.Registration r, RecordingLimits recording) {
            return new SettingsJson(r.policy().mode() == RegistrationPolicy.Mode.OPEN, r.policy().mode().wire(),
                    r.policy().domains(), r.fromSettings() ? "settings" : "configuration", recording);
        }
    }

    /**
     * The recording quota (0: none) and retention (0: kept) in force, read-only here: {@code setting} says where
     * they are changed ({@code /api/v1/admin/recording-limits}, over the configuration's values).
     */
    public record RecordingLimits(long quotaBytes, int retentionDays, long usedBytes, String setting) {
    }

    /** A change of server settings; absent fields stay. {@code selfRegistration} true/false means open/closed. */
    public record SettingsPatch(Boolean selfRegistration, String registrationPolicy, List<String> registrationDomains) {
    }

    /**
     * Who may create an account, for the sign-in page (no authentication): the policy, its
     * domains, and {@code firstAccount} while the server has no account at all (the first one is
     * always allowed and becomes administrator).
     */
    public record RegistrationJson(String policy, List<String> domains, boolean firstAccount) {
    }
}
