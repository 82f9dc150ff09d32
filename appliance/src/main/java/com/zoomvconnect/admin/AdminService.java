package com.zoomvconnect.admin;

import com.zoomvconnect.auth.AuthService;
import com.zoomvconnect.auth.E2eePolicy;
import com.zoomvconnect.auth.PasswordHasher;
import com.zoomvconnect.auth.RegistrationPolicy;
import com.zoomvconnect.error.AppException;
import com.zoomvconnect.error.ErrorCode;
import com.zoomvconnect.store.Database;
import com.zoomvconnect.store.RefreshTokenDao;
import com.zoomvconnect.store.SettingsDao;
import com.zoomvconnect.store.UserDao;
import com.zoomvconnect.store.UserRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * What {@code zvc-admin} does, as one service: user accounts, who may register, branding, SSO settings,
 * the audit log and status.
 * The running appliance exposes it on its local admin channel; with the appliance stopped the CLI
 * runs it in-process on the database. Arguments and results are plain maps (JSON on the channel);
 * failures are {@link AppException}s with a stable code and a message meant for the shell.
 */
public final class AdminService {
    /** Settings keys of the branding the web client applies live. */
    public static final List<String> BRANDING_KEYS = List.of("productName", "primaryColor", "accentColor", "logo", "favicon",
            "signInMessage");
    /** The sign-in page's message: plain text (shown as text, never as HTML), lines kept. */
    private static final int MAX_MESSAGE = 500;
    /** SSO fields stored for the single-sign-on feature (as settings named {@code sso.<key>}; see docs/sso.md). */
    public static final List<String> SSO_KEYS = SsoSettings.KEYS;
    private static final Pattern COLOR = Pattern.compile("#[0-9a-fA-F]{6}");
    private static final int MAX_IMAGE_BYTES = 256 * 1024;

    private final Database db;
    private final AuthService auth;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final Supplier<Map<String, Object>> liveStatus;
    private final UserDao users = new UserDao();
    private final SettingsDao settings = new SettingsDao();
    private final RefreshTokenDao refreshTokens = new RefreshTokenDao();
    private final AuditLog auditLog;
    private final SsoSettings ssoSettings;
    private final PastMeetings pastMeetings;
    private final ApplianceReach reach;
    private final RecordingLimits recordingLimits;
    private final MeetingDefaults meetingDefaults;
    /** Who changes settings through the shell, in the audit log. */
    private static final String SHELL = "zvc-admin";

    /** An admin service without the appliance's certificate and recording files (tests of other features). */
    public AdminService(Database db, AuthService auth, PasswordHasher hasher, Clock clock, Supplier<Map<String, Object>> liveStatus) {
        this(db, auth, hasher, clock, liveStatus, ApplianceReach.NONE);
    }

    /**
     * @param liveStatus rooms, participants and uptime of the running appliance, or null when it is stopped
     * @param reach      the HTTPS certificate and the recordings' files
     */
    public AdminService(Database db, AuthService auth, PasswordHasher hasher, Clock clock, Supplier<Map<String, Object>> liveStatus,
                        ApplianceReach reach) {
        this.reach = reach;
        this.recordingLimits = new RecordingLimits(db, reach, clock);
        this.meetingDefaults = new MeetingDefaults(db, clock);
        this.db = db;
        this.auth = auth;
        this.hasher = hasher;
        this.clock = clock;
        this.liveStatus = liveStatus;
        this.auditLog = new AuditLog(db);
        this.ssoSettings = new SsoSettings(db, clock);
        this.pastMeetings = new PastMeetings(db);
    }

    /** Runs one command; the result is JSON-friendly (maps, lists, strings, numbers, booleans). */
    public Object execute(String command, Map<String, String> args) {
        Map<String, String> a = args == null ? Map.of() : args;
        return switch (command == null ? "" : command) {
            case "users.list" -> listUsers();
            case "users.add" -> view(auth.createUser(required(a, "email"), required(a, "password"),
                    a.getOrDefault("displayName", required(a, "email")), Boolean.parseBoolean(a.get("admin"))));
            case "users.disable" -> setDisabled(required(a, "email"), true);
            case "users.enable" -> setDisabled(required(a, "email"), false);
            case "users.reset-password" -> resetPassword(required(a, "email"), required(a, "password"));
            case "users.set-role" -> setRole(required(a, "email"), required(a, "role"));
            case "users.sign-out" -> signOut(required(a, "email"));
            case "branding.show" -> branding();
            case "branding.set" -> setBranding(a);
            case "registration.show" -> registration(auth.registration());
            case "registration.set" -> registration(auth.setRegistrationPolicy(registrationPolicy(a)));
            case "registration.reset" -> registration(auth.resetRegistrationPolicy());
            case "e2ee.show" -> e2ee();
            case "e2ee.set" -> setE2ee(required(a, "policy"));
            case "sso.show" -> ssoSettings.show(true);
            case "sso.set" -> ssoSettings.set(a);
            case "sso.test" -> SsoConnectionTest.run(db.jdbi().withHandle(settings::all), a.get("provider"), a.get("base"),
                    a.get("user"), clock);
            case "audit.list" -> auditLog.list(a);
            case "meetings.list" -> pastMeetings.list(a);
            case "meeting-defaults.show" -> meetingDefaults.show();
            case "meeting-defaults.set" -> meetingDefaults.set(a);
            case "audit.export" -> auditLog.export(a);
            case "tls.status" -> TlsStatus.of(reach.tlsCertificate(), clock.instant());
            case "recordings.list" -> Map.of("items", reach.recordings(AuditLog.number(a, "limit", 1, 500, 100), AuditLog.text(a, "q")));
            case "recordings.delete" -> deleteRecording(required(a, "id"));
            case "recording-limits.show" -> recordingLimits.show();
            case "recording-limits.set" -> recordingLimits.set(a, SHELL, SHELL);
            case "recording-limits.reset" -> recordingLimits.reset(SHELL, SHELL);
            case "status" -> status();
            case "database.script" -> script(required(a, "path"));
            default -> throw new AppException(ErrorCode.BAD_REQUEST, "Unknown admin command '" + command + "'");
        };
    }

    /** Sets the recording quota and/or retention as {@code actorName} (audited). */
    public Map<String, Object> setRecordingLimits(Map<String, String> a, String actorId, String actorName) {
        return recordingLimits.set(a, actorId, actorName);
    }

    /** Forgets the quota and retention set here (the configuration's apply again), as {@code actorName} (audited). */
    public Map<String, Object> resetRecordingLimits(String actorId, String actorName) {
        return recordingLimits.reset(actorId, actorName);
    }

    private Map<String, Object> deleteRecording(String id) {
        reach.deleteRecording(id);
        return Map.of("id", id, "deleted", true);
    }

    private static String required(Map<String, String> a, String name) {
        String v = a.get(name);
        if (v == null || v.isBlank()) {
            throw AppException.invalidField(name, "is required");
        }
        return v;
    }

    private List<Map<String, Object>> listUsers() {
        return db.jdbi().withHandle(h -> users.list(h).stream().map(AdminService::view).toList());
    }

    private static Map<String, Object> view(UserRecord u) {
        var m = new LinkedHashMap<String, Object>();
        m.put("id", u.id());
        m.put("email", u.email());
        m.put("displayName", u.displayName());
        m.put("role", u.role());
        m.put("disabled", u.disabled());
        m.put("createdAt", u.createdAt().toString());
        return m;
    }

    private UserRecord find(org.jdbi.v3.core.Handle h, String email) {
        return users.findByEmail(h, email.trim().toLowerCase(Locale.ROOT))
                .orElseThrow(() -> new AppException(ErrorCode.NOT_FOUND, "No account with email " + email));
    }

    private Map<String, Object> setDisabled(String email, boolean disabled) {
        return db.jdbi().inTransaction(h -> {
            UserRecord u = find(h, email);
            Instant now = clock.instant();
            UserRecord changed = new UserRecord(u.id(), u.email(), u.displayName(), u.passwordHash(), u.role(), disabled,
                    u.createdAt(), now);
            users.update(h, changed);
            if (disabled) {
                refreshTokens.revokeAllForUser(h, u.id(), now); // signed out everywhere
            }
            return view(changed);
        });
    }

    /** Revokes every refresh token of the account: each of its sessions ends when its access token expires. */
    private Map<String, Object> signOut(String email) {
        return db.jdbi().inTransaction(h -> {
            UserRecord u = find(h, email);
            refreshTokens.revokeAllForUser(h, u.id(), clock.instant());
            return view(u);
        });
    }

    private Map<String, Object> resetPassword(String email, String password) {
        if (password.length() < 8 || password.length() > 1024) {
            throw AppException.invalidField("password", "must be 8 to 1024 characters");
        }
        String hash = hasher.hash(password);
        return db.jdbi().inTransaction(h -> {
            UserRecord u = find(h, email);
            Instant now = clock.instant();
            UserRecord changed = new UserRecord(u.id(), u.email(), u.displayName(), hash, u.role(), u.disabled(), u.createdAt(), now);
            users.update(h, changed);
            refreshTokens.revokeAllForUser(h, u.id(), now);
            return view(changed);
        });
    }

    private Map<String, Object> setRole(String email, String role) {
        String r = role.toLowerCase(Locale.ROOT);
        if (!r.equals(UserRecord.ROLE_ADMIN) && !r.equals(UserRecord.ROLE_USER)) {
            throw AppException.invalidField("role", "must be admin or user");
        }
        return db.jdbi().inTransaction(h -> {
            UserRecord u = find(h, email);
            if (u.isAdmin() && !r.equals(UserRecord.ROLE_ADMIN)
                    && users.list(h).stream().filter(x -> x.isAdmin() && !x.disabled()).count() <= 1) {
                throw new AppException(ErrorCode.CONFLICT, "That is the last administrator; make someone else admin first");
            }
            UserRecord changed = new UserRecord(u.id(), u.email(), u.displayName(), u.passwordHash(), r, u.disabled(),
                    u.createdAt(), clock.instant());
            users.update(h, changed);
            return view(changed);
        });
    }

    private Map<String, Object> e2ee() {
        E2eePolicy p = db.jdbi().withHandle(h -> E2eePolicy.stored(settings.get(h, E2eePolicy.SETTING)));
        return Map.of("policy", p.wire());
    }

    /** Applies to meetings created or changed from now on; existing meetings keep their choice. */
    private Map<String, Object> setE2ee(String policy) {
        E2eePolicy p;
        try {
            p = E2eePolicy.of(policy);
        } catch (IllegalArgumentException e) {
            throw AppException.invalidField("policy", e.getMessage());
        }
        db.jdbi().useTransaction(h -> settings.put(h, E2eePolicy.SETTING, p.wire(), clock.instant()));
        return e2ee();
    }

    private static Map<String, Object> registration(AuthService.Registration r) {
        var m = new LinkedHashMap<String, Object>();
        m.put("policy", r.policy().mode().wire());
        m.put("domains", r.policy().domains());
        m.put("source", r.fromSettings() ? "settings" : "configuration");
        return m;
    }

    /** {@code policy} and, for {@code domains}, {@code domains} as a comma-separated list. */
    private static RegistrationPolicy registrationPolicy(Map<String, String> a) {
        RegistrationPolicy.Mode mode;
        try {
            mode = RegistrationPolicy.Mode.of(required(a, "policy"));
        } catch (IllegalArgumentException e) {
            throw AppException.invalidField("policy", e.getMessage());
        }
        try {
            return RegistrationPolicy.of(mode, List.of(a.getOrDefault("domains", "").split(",")));
        } catch (IllegalArgumentException e) {
            throw AppException.invalidField("domains", e.getMessage());
        }
    }

    /** The branding the web client shows (defaults where unset). */
    public Map<String, Object> branding() {
        Map<String, String> all = db.jdbi().withHandle(settings::all);
        var m = new LinkedHashMap<String, Object>();
        m.put("productName", all.getOrDefault("branding.productName", "ZoomVconnect"));
        m.put("primaryColor", all.getOrDefault("branding.primaryColor", "#2463eb"));
        m.put("accentColor", all.getOrDefault("branding.accentColor", "#1a1d24"));
        m.put("logo", all.getOrDefault("branding.logo", ""));
        m.put("favicon", all.getOrDefault("branding.favicon", ""));
        m.put("signInMessage", all.getOrDefault("branding.signInMessage", ""));
        return m;
    }

    private Map<String, Object> setBranding(Map<String, String> a) {
        Map<String, String> changes = new LinkedHashMap<>();
        for (String key : BRANDING_KEYS) {
            String v = a.get(key);
            if (v == null) {
                continue;
            }
            switch (key) {
                case "productName" -> {
                    String n = v.strip();
                    if (n.isEmpty() || n.length() > 60 || n.chars().anyMatch(c -> c < 0x20 || c == '<' || c == '>')) {
                        throw AppException.invalidField("productName", "must be 1 to 60 printable characters without < or >");
                    }
                    changes.put(key, n);
                }
                case "primaryColor", "accentColor" -> {
                    if (!COLOR.matcher(v).matches()) {
                        throw AppException.invalidField(key, "must be a colour like #2463eb");
                    }
                    changes.put(key, v.toLowerCase(Locale.ROOT));
                }
                case "signInMessage" -> {
                    String t = v.strip();
                    if (t.length() > MAX_MESSAGE || t.chars().anyMatch(c -> c < 0x20 && c != '\n')) {
                        throw AppException.invalidField(key, "must be at most " + MAX_MESSAGE + " characters of text");
                    }
                    changes.put(key, t);
                }
                default -> changes.put(key, v.isEmpty() ? "" : image(key, v));
            }
        }
        if (changes.isEmpty()) {
            throw new AppException(ErrorCode.BAD_REQUEST, "Nothing to change: give at least one of " + BRANDING_KEYS);
        }
        Instant now = clock.instant();
        db.jdbi().useTransaction(h -> changes.forEach((k, v) -> settings.put(h, "branding." + k, v, now)));
        return branding();
    }

    /** A logo or favicon as a data: URI (PNG, JPEG, SVG or ICO, at most 256 KiB). */
    private static String image(String field, String dataUri) {
        var m = Pattern.compile("data:(image/(?:png|jpeg|svg\\+xml|x-icon|vnd\\.microsoft\\.icon));base64,([A-Za-z0-9+/=]+)")
                .matcher(dataUri);
        if (!m.matches()) {
            throw AppException.invalidField(field, "must be a PNG, JPEG, SVG or ICO image");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(m.group(2));
        } catch (IllegalArgumentException e) {
            throw AppException.invalidField(field, "is not valid base64");
        }
        if (bytes.length == 0 || bytes.length > MAX_IMAGE_BYTES) {
            throw AppException.invalidField(field, "must be at most 256 KiB");
        }
        if (!ImageKind.of(m.group(1)).matches(bytes)) {
            throw AppException.invalidField(field, "is not the " + ImageKind.of(m.group(1)).label + " image it says it is");
        }
        if (field.equals("logo") && ImageKind.of(m.group(1)) == ImageKind.ICO) {
            throw AppException.invalidField(field, "must be a PNG, JPEG or SVG image");
        }
        return dataUri;
    }

    /** The image types branding accepts, each recognised by its first bytes, so a renamed file is refused. */
    private enum ImageKind {
        PNG("PNG"), JPEG("JPEG"), SVG("SVG"), ICO("ICO");

        final String label;

        ImageKind(String label) {
            this.label = label;
        }

        static ImageKind of(String mime) {
            return switch (mime) {
                case "image/png" -> PNG;
                case "image/jpeg" -> JPEG;
                case "image/svg+xml" -> SVG;
                default -> ICO;
            };
        }

        boolean matches(byte[] b) {
            return switch (this) {
                case PNG -> b.length > 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
                case JPEG -> b.length > 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff;
                case ICO -> b.length > 4 && b[0] == 0 && b[1] == 0 && b[2] == 1 && b[3] == 0;
                case SVG -> new String(b, 0, Math.min(b.length, 4096), java.nio.charset.StandardCharsets.UTF_8).contains("<svg");
            };
        }
    }

    private Map<String, Object> status() {
        var m = new LinkedHashMap<String, Object>();
        m.put("version", version());
        m.put("running", liveStatus != null);
        if (liveStatus != null) {
            m.putAll(liveStatus.get());
        }
        m.put("database", db.config().url().replaceAll("password=[^;&]*", "password=***"));
        m.put("databaseHealthy", db.isHealthy());
        m.put("users", db.jdbi().withHandle(users::count));
        List<String> admins = new ArrayList<>();
        db.jdbi().useHandle(h -> users.list(h).stream().filter(UserRecord::isAdmin).forEach(u -> admins.add(u.email())));
        m.put("administrators", admins);
        return m;
    }

    /** Writes a consistent SQL script of the embedded database to {@code path} (H2's SCRIPT, online). */
    private Map<String, Object> script(String path) {
        if (db.config().isPostgres()) {
            throw new AppException(ErrorCode.CONFLICT, "The database is PostgreSQL: back it up with pg_dump");
        }
        if (!path.startsWith("/") || path.contains("'") || path.contains("\n")) {
            throw AppException.invalidField("path", "must be an absolute path without quotes");
        }
        db.jdbi().useHandle(h -> h.execute("SCRIPT TO '" + path + "'"));
        return Map.of("path", path);
    }

    public static String version() {
        String v = AdminService.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }
}
