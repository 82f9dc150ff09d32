package com.zoomvconnect.app;

import com.zoomvconnect.api.ApiAuth;
import com.zoomvconnect.api.PublicUrl;
import com.zoomvconnect.auth.AuthService;
import com.zoomvconnect.auth.PasswordHasher;
import com.zoomvconnect.auth.TokenService;
import com.zoomvconnect.auth.TokenSigner;
import com.zoomvconnect.auth.ldap.LdapDirectory;
import com.zoomvconnect.auth.oidc.OidcLogin;
import com.zoomvconnect.auth.oidc.OidcSettings;
import com.zoomvconnect.auth.saml.SamlLogin;
import com.zoomvconnect.auth.saml.SamlSettings;
import com.zoomvconnect.auth.sso.ExternalAccounts;
import com.zoomvconnect.auth.sso.SsoHandoff;
import com.zoomvconnect.bus.EventBus;
import com.zoomvconnect.meeting.LiveMeetings;
import com.zoomvconnect.meeting.MeetingPlacement;
import com.zoomvconnect.meeting.MeetingService;
import com.zoomvconnect.meeting.MeetingTimer;
import com.zoomvconnect.meeting.ModerationAudit;
import com.zoomvconnect.meeting.RoomRecords;
import com.zoomvconnect.record.RecordingService;
import com.zoomvconnect.store.Database;
import com.zoomvconnect.store.SettingsDao;
import java.time.Clock;

/**
 * The domain services of one appliance, built by hand over one database: nothing here holds a
 * port, a thread or a file open, so there is nothing to stop.
 */
record Services(Database db, Clock clock, EventBus bus, PasswordHasher hasher, TokenService tokens,
                AuthService auth, ExternalAccounts accounts, LdapDirectory ldap, MeetingService meetings, RecordingService recordings, LiveMeetings live,
                ModerationAudit audit, ApiAuth apiAuth, PublicUrl publicUrl, OidcLogin oidc,
                SamlLogin saml, MeetingPlacement placement) {

    /** @param bus the in-memory bus, or a cluster's; {@code placement} says which node hosts each meeting */
    static Services wire(AppConfig config, Database db, Clock clock, EventBus bus, MeetingPlacement placement) {
        var hasher = new PasswordHasher(config.auth().password());
        var signer = new TokenSigner(Secrets.tokenKey(config.dataDir()));
        var tokens = new TokenService(signer, config.auth(), clock);
        var auth = new AuthService(db, hasher, tokens, config.auth(), clock);
        var accounts = new ExternalAccounts(db, auth, clock);
        var meetings = new MeetingService(db, hasher, tokens, bus, clock);
        var recordings = new RecordingService(db, config.dataDir().resolve("recordings"), signer, clock);
        var live = new LiveMeetings(bus, clock, meetings::roomSettings, new RoomRecords(db, clock),
                MeetingTimer.virtualThreads(), config.maxParticipants());
        var publicUrl = new PublicUrl(config.server().publicUrl(), "https://localhost:" + config.server().httpsPort());
        var settings = new SettingsDao();
        var handoffs = new SsoHandoff(clock); // one hand-over to the web client for every kind of single sign-on
        var oidc = new OidcLogin(() -> OidcSettings.from(db.jdbi().withHandle(settings::all)), accounts::signIn, handoffs, clock);
        var saml = new SamlLogin(() -> SamlSettings.from(db.jdbi().withHandle(settings::all)), accounts::signIn, handoffs, clock);
        return new Services(db, clock, bus, hasher, tokens, auth, accounts, new LdapDirectory(db, accounts), meetings, recordings, live,
                new ModerationAudit(db, clock), new ApiAuth(auth), publicUrl, oidc, saml, placement);
    }
}
