package com.zoomvconnect.meeting;

import com.zoomvconnect.auth.E2eePolicy;
import com.zoomvconnect.auth.JoinGrant;
import com.zoomvconnect.auth.LoginThrottle;
import com.zoomvconnect.auth.PasswordHasher;
import com.zoomvconnect.auth.Principal;
import com.zoomvconnect.auth.TokenService;
import com.zoomvconnect.bus.EventBus;
import com.zoomvconnect.error.AppException;
import com.zoomvconnect.error.ErrorCode;
import com.zoomvconnect.store.Database;
import com.zoomvconnect.store.InviteeRecord;
import com.zoomvconnect.store.AttendanceDao;
import com.zoomvconnect.store.MeetingDao;
import com.zoomvconnect.store.MeetingRecord;
import com.zoomvconnect.store.SettingsDao;
import com.zoomvconnect.store.Transactions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** Meeting rules: who may create, see, change, cancel, join and end a meeting. */
public final class MeetingService {
    private static final int MAX_PASSCODE_FAILURES = 10;
    private static final Set<String> STATUSES = Set.of(MeetingRecord.SCHEDULED, MeetingRecord.LIVE,
            MeetingRecord.ENDED, MeetingRecord.CANCELLED);

    private final Database db;
    private final MeetingDao meetings = new MeetingDao();
    private final SettingsDao settings = new SettingsDao();
    private final AttendanceDao attendance = new AttendanceDao();
    private final MeetingCodes codes = new MeetingCodes();
    private final Invitations invitations = new Invitations();
    private final PasswordHasher hasher;
    private final TokenService tokens;
    /** Transactions whose meeting events reach the bus after the commit. */
    private final Transactions tx;
    private final Clock clock;
    private final LoginThrottle passcodeThrottle;

    public MeetingService(Database db, PasswordHasher hasher, TokenService tokens, EventBus bus, Clock clock) {
        this.db = db;
        this.hasher = hasher;
        this.tokens = tokens;
        this.tx = new Transactions(db, bus::publish);
        this.clock = clock;
        this.passcodeThrottle = new LoginThrottle(Duration.ofMinutes(15), clock);
    }

    /** The options a new meeting gets when its creator does not choose; the dashboard's Settings set them. */
    public static final java.util.List<String> DEFAULT_OPTIONS = java.util.List.of("waitingRoom", "allowGuests", "muteOnEntry",
            MeetingService.RECORDING_ALLOWED);
    /**
     * The default option a creator cannot override: off, meetings created meanwhile may not be recorded.
     * Unlike the others it is on until an administrator turns it off.
     */
    public static final String RECORDING_ALLOWED = "recordingAllowed";

    private boolean defaultOption(org.jdbi.v3.core.Handle h, String option) {
        return settings.get(h, "meetingDefaults." + option).map(Boolean::parseBoolean).orElse(false);
    }

    public MeetingView create(Principal caller, MeetingDraft draft) {
        String title = MeetingValidation.title(draft.title());
        var fields = MeetingValidation.common(draft);
        String passcodeHash = draft.passcode() == null || draft.passcode().isEmpty()
                ? null : hasher.hash(MeetingValidation.passcode(draft.passcode()));
        var invitees = MeetingValidation.invitees(draft.invitees(), draft.coHosts(), caller.email());
        return db.jdbi().inTransaction(h -> {
            Instant now = clock.instant();
            String code = uniqueCode(h);
            // Options the draft leaves out take the administrators' defaults (meetingDefaults.* settings).
            var m = new MeetingRecord(UUID.randomUUID().toString(), code, title, fields.description(), caller.userId(),
                    MeetingRecord.SCHEDULED, fields.startsAt(), fields.durationMinutes(), fields.timeZone(), passcodeHash,
                    bool(draft.waitingRoom(), defaultOption(h, "waitingRoom")), bool(draft.allowGuests(), defaultOption(h, "allowGuests")),
                    bool(draft.muteOnEntry(), defaultOption(h, "muteOnEntry")),
                    now, now, null, bool(draft.webinar(), false), e2eeOnCreate(h, draft.e2ee()),
                    settings.get(h, "meetingDefaults." + RECORDING_ALLOWED).map(Boolean::parseBoolean).orElse(true));
            meetings.insert(h, m);
            meetings.replaceInvitees(h, m.id(), invitations.bind(h, m.id(), invitees, invitees.keySet(), List.of()));
            return view(h, m, MeetingRole.HOST);
        });
    }

    public MeetingPage list(Principal caller, List<String> statuses, String cursor, int limit) {
        for (String s : statuses) {
            if (!STATUSES.contains(s)) {
                throw AppException.invalidField("status", "must be one of " + String.join(", ", STATUSES.stream().sorted().toList()));
            }
        }
        if (limit < 1 || limit > 100) {
            throw AppException.invalidField("limit", "must be between 1 and 100");
        }
        MeetingDao.Cursor after = cursor == null || cursor.isBlank() ? null : PageCursor.decode(cursor);
        return db.jdbi().withHandle(h -> {
            List<MeetingRecord> rows = meetings.listForUser(h, caller.userId(), statuses, after, limit + 1);
            boolean more = rows.size() > limit;
            List<MeetingRecord> page = more ? rows.subList(0, limit) : rows;
            List<MeetingView> items = page.stream().map(m -> view(h, m, roleOf(h, m, caller).orElse(MeetingRole.ATTENDEE))).toList();
            String next = more ? PageCursor.encode(page.getLast().createdAt(), page.getLast().id()) : null;
            return new MeetingPage(items, next);
        });
    }

    public MeetingView get(Principal caller, String id) {
        return db.jdbi().withHandle(h -> {
            MeetingRecord m = find(h, id);
            MeetingRole role = roleOf(h, m, caller).orElseThrow(() -> AppException.forbidden("You are not a member of this meeting"));
            return view(h, m, role);
        });
    }

    /** The lobby as {@code caller} (absent for a guest) sees it: the host is not asked for the passcode. */
    public LobbyView lobby(Optional<Principal> caller, String idOrCode) {
        return db.jdbi().withHandle(h -> {
            MeetingRecord m = findByIdOrCode(h, idOrCode);
            MeetingRole role = caller.flatMap(p -> roleOf(h, m, p)).orElse(MeetingRole.ATTENDEE);
            return new LobbyView(m.id(), m.code(), m.title(), m.status(), m.startsAt(), needsPasscode(m, role),
                    m.allowGuests(), m.waitingRoom(), m.e2ee());
        });
    }

    /** The meeting's passcode keeps out everyone but its host (join and the lobby ask the same question). */
    private static boolean needsPasscode(MeetingRecord m, MeetingRole role) {
        return role != MeetingRole.HOST && m.passcodeHash() != null;
    }

    public MeetingView update(Principal caller, String id, MeetingDraft patch) {
        String title = patch.title() == null ? null : MeetingValidation.title(patch.title());
        var fields = MeetingValidation.common(patch);
        String newPasscodeHash = patch.passcode() == null || patch.passcode().isEmpty()
                ? null : hasher.hash(MeetingValidation.passcode(patch.passcode()));
        return tx.inTransaction((h, events) -> {
            MeetingRecord m = find(h, id);
            MeetingRole role = roleOf(h, m, caller).orElseThrow(() -> AppException.forbidden("You are not a member of this meeting"));
            if (!role.canModerate()) {
                throw AppException.forbidden("Only the host or a co-host can change this meeting");
            }
            if (m.isOver()) {
                throw new AppException(ErrorCode.MEETING_ENDED, "This meeting has already " + m.status());
            }
            String passcodeHash = patch.passcode() == null ? m.passcodeHash()
                    : patch.passcode().isEmpty() ? null : newPasscodeHash;
            var updated = new MeetingRecord(m.id(), m.code(), title != null ? title : m.title(),
                    patch.description() != null ? fields.description() : m.description(), m.hostId(), m.status(),
                    patch.startsAt() != null ? fields.startsAt() : m.startsAt(),
                    patch.durationMinutes() != null ? fields.durationMinutes() : m.durationMinutes(),
                    patch.timeZone() != null ? fields.timeZone() : m.timeZone(), passcodeHash,
                    bool(patch.waitingRoom(), m.waitingRoom()), bool(patch.allowGuests(), m.allowGuests()),
                    bool(patch.muteOnEntry(), m.muteOnEntry()), m.createdAt(), clock.instant(), m.endedAt(),
                    bool(patch.webinar(), m.webinar()), e2eeOnUpdate(h, m, patch.e2ee()), m.recordingAllowed());
            meetings.update(h, updated);
            if (patch.invitees() != null || patch.coHosts() != null) {
                if (role != MeetingRole.HOST && !caller.isAdmin()) {
                    throw AppException.forbidden("Only the host can change who is invited");
                }
                List<InviteeRecord> current = meetings.invitees(h, m.id());
                List<String> inv = patch.invitees() != null ? patch.invitees()
                        : current.stream().filter(i -> i.role().equals(InviteeRecord.ATTENDEE)).map(InviteeRecord::email).toList();
                List<String> co = patch.coHosts() != null ? patch.coHosts()
                        : current.stream().filter(i -> i.role().equals(InviteeRecord.COHOST)).map(InviteeRecord::email).toList();
                var wanted = MeetingValidation.invitees(inv, co, hostEmail(h, m));
                Set<String> listed = MeetingValidation.addresses(patch.invitees(), patch.coHosts());
                meetings.replaceInvitees(h, m.id(), invitations.bind(h, m.id(), wanted, listed, current));
            }
            // Delivered after the commit: the live room re-reads the settings through another connection.
            events.publish(new MeetingEvent.Updated(m.id()));
            return view(h, updated, role);
        });
    }

    /** Cancels a meeting (host or administrator only). Ends it first if it is live. */
    public void cancel(Principal caller, String id) {
        tx.useTransaction((h, events) -> {
            MeetingRecord m = find(h, id);
            boolean host = m.hostId().equals(caller.userId());
            if (!host && !caller.isAdmin()) {
                if (roleOf(h, m, caller).isPresent()) {
                    throw AppException.forbidden("Only the host can cancel this meeting");
                }
                throw AppException.forbidden("You are not a member of this meeting");
            }
            Instant now = clock.instant();
            meetings.update(h, withStatus(m, MeetingRecord.CANCELLED, now));
            events.publish(new MeetingEvent.Cancelled(id));
        });
    }

    /** Ends a live meeting for everyone (host or co-host). */
    public MeetingView end(Principal caller, String id) {
        return tx.inTransaction((h, events) -> {
            MeetingRecord m = find(h, id);
            MeetingRole role = roleOf(h, m, caller).orElseThrow(() -> AppException.forbidden("You are not a member of this meeting"));
            if (!role.canModerate()) {
                throw AppException.forbidden("Only the host or a co-host can end this meeting");
            }
            if (MeetingRecord.CANCELLED.equals(m.status())) {
                throw new AppException(ErrorCode.MEETING_ENDED, "This meeting was cancelled");
            }
            MeetingRecord ended = MeetingRecord.ENDED.equals(m.status()) ? m : withStatus(m, MeetingRecord.ENDED, clock.instant());
            meetings.update(h, ended);
            events.publish(new MeetingEvent.Ended(id, caller.userId()));
            return view(h, ended, role);
        });
    }

    /** The owner and the entry policy of a meeting, for its live room. */
    public Room.Settings roomSettings(String meetingId) {
        return db.jdbi().withHandle(h -> meetings.findById(h, meetingId)
                .map(m -> new Room.Settings(m.hostId(), m.waitingRoom(), m.muteOnEntry(), m.webinar(), m.e2ee(),
                        m.recordingAllowed()))
                .orElse(new Room.Settings("", false, false, false)));
    }

    /** Ends a live meeting on a moderator's request from inside it (the room checked the role). */
    public void endLive(String meetingId, String actorId) {
        tx.useTransaction((h, events) -> {
            meetings.findById(h, meetingId).ifPresent(m -> {
                if (!m.isOver()) {
                    meetings.update(h, withStatus(m, MeetingRecord.ENDED, clock.instant()));
                }
            });
            events.publish(new MeetingEvent.Ended(meetingId, actorId));
        });
    }

    /**
     * Admits a caller (signed-in or guest) to a meeting and signs a short-lived join grant for
     * the signaling endpoint. The host re-opens an ended meeting by joining it.
     */
    public JoinResult join(Optional<Principal> caller, String idOrCode, String passcode, String displayName, String clientKey) {
        return join(caller, idOrCode, passcode, null, displayName, clientKey);
    }

    /** As {@link #join}, where {@code passcodeKey} from an invitation link may replace the passcode. */
    public JoinResult join(Optional<Principal> caller, String idOrCode, String passcode, String passcodeKey,
                           String displayName, String clientKey) {
        String guestName = displayName == null ? null : MeetingValidation.displayName(displayName);
        return db.jdbi().inTransaction(h -> {
            MeetingRecord m = findByIdOrCode(h, idOrCode);
            if (MeetingRecord.CANCELLED.equals(m.status())) {
                throw new AppException(ErrorCode.MEETING_ENDED, "This meeting was cancelled");
            }
            MeetingRole role;
            String participantId;
            String name;
            boolean guest = caller.isEmpty();
            if (guest) {
                if (!m.allowGuests()) {
                    throw new AppException(ErrorCode.GUESTS_NOT_ALLOWED, "Sign in to join this meeting; guests are not allowed");
                }
                if (guestName == null) {
                    throw AppException.invalidField("displayName", "is required for guests");
                }
                role = MeetingRole.ATTENDEE;
                participantId = "guest-" + UUID.randomUUID();
                name = guestName;
            } else {
                Principal p = caller.get();
                // Anyone signed in who holds the link may attend; hosts, co-hosts and admins keep their role.
                role = roleOf(h, m, p).orElse(MeetingRole.ATTENDEE);
                participantId = p.userId();
                name = guestName != null ? guestName : p.displayName();
            }
            if (needsPasscode(m, role)) {
                checkPasscode(m, passcode, passcodeKey, clientKey);
            }
            MeetingRecord current = m;
            if (MeetingRecord.ENDED.equals(m.status())) {
                if (role != MeetingRole.HOST) {
                    throw new AppException(ErrorCode.MEETING_ENDED, "This meeting has ended");
                }
                current = new MeetingRecord(m.id(), m.code(), m.title(), m.description(), m.hostId(), MeetingRecord.LIVE,
                        m.startsAt(), m.durationMinutes(), m.timeZone(), m.passcodeHash(), m.waitingRoom(), m.allowGuests(),
                        m.muteOnEntry(), m.createdAt(), clock.instant(), null, m.webinar(), m.e2ee(), m.recordingAllowed());
                meetings.update(h, current);
                attendance.markStarted(h, m.id(), clock.instant());
            } else if (MeetingRecord.SCHEDULED.equals(m.status())) {
                current = withStatus(m, MeetingRecord.LIVE, clock.instant());
                meetings.update(h, current);
                attendance.markStarted(h, m.id(), clock.instant());
            }
            var grant = new JoinGrant(current.id(), participantId, name, role.wire(), guest);
            return new JoinResult(grant, tokens.joinToken(grant), tokens.joinTokenSeconds(), current.muteOnEntry(),
                    current.waitingRoom());
        });
    }

    /** Bound to the current passcode: changing the passcode invalidates old invitation links. */
    private String passcodeKey(MeetingRecord m) {
        return tokens.linkKey(m.id() + "|" + m.passcodeHash());
    }

    private void checkPasscode(MeetingRecord m, String passcode, String passcodeKey, String clientKey) {
        String key = "passcode:" + m.id() + ":" + clientKey;
        passcodeThrottle.check(key, MAX_PASSCODE_FAILURES);
        if (passcodeKey != null && !passcodeKey.isEmpty()) {
            if (java.security.MessageDigest.isEqual(passcodeKey.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    passcodeKey(m).getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
                passcodeThrottle.reset(key);
                return;
            }
            passcodeThrottle.recordFailure(key);
            throw new AppException(ErrorCode.WRONG_PASSCODE, "This invitation link is no longer valid; ask for the passcode");
        }
        if (passcode == null || passcode.isEmpty()) {
            throw new AppException(ErrorCode.PASSCODE_REQUIRED, "This meeting needs a passcode");
        }
        if (passcode.length() > MeetingValidation.MAX_PASSCODE || !hasher.verify(passcode, m.passcodeHash())) {
            passcodeThrottle.recordFailure(key);
            throw new AppException(ErrorCode.WRONG_PASSCODE, "Wrong passcode");
        }
        passcodeThrottle.reset(key);
    }

    /** The caller's role in the meeting, or empty if they are neither host, invitee nor admin. */
    private Optional<MeetingRole> roleOf(Handle h, MeetingRecord m, Principal p) {
        if (m.hostId().equals(p.userId())) {
            return Optional.of(MeetingRole.HOST);
        }
        Optional<MeetingRole> invited = meetings.inviteeRole(h, m.id(), p.userId())
                .map(r -> InviteeRecord.COHOST.equals(r) ? MeetingRole.COHOST : MeetingRole.ATTENDEE);
        if (invited.isPresent()) {
            return invited;
        }
        // Administrators may oversee any meeting on their server.
        return p.isAdmin() ? Optional.of(MeetingRole.COHOST) : Optional.empty();
    }

    private MeetingRecord find(Handle h, String id) {
        return meetings.findById(h, id).orElseThrow(() -> AppException.notFound("Meeting"));
    }

    private MeetingRecord findByIdOrCode(Handle h, String idOrCode) {
        Optional<MeetingRecord> byId = idOrCode.length() == 36 ? meetings.findById(h, idOrCode) : Optional.empty();
        return byId.or(() -> MeetingCodes.normalise(idOrCode).flatMap(c -> meetings.findByCode(h, c)))
                .orElseThrow(() -> AppException.notFound("Meeting"));
    }

    private String uniqueCode(Handle h) {
        for (int i = 0; i < 10; i++) {
            String code = codes.next();
            if (!meetings.codeExists(h, code)) {
                return code;
            }
        }
        throw new IllegalStateException("could not allocate a unique meeting code");
    }

    private String hostEmail(Handle h, MeetingRecord m) {
        return h.createQuery("SELECT email FROM users WHERE id = :id").bind("id", m.hostId()).mapTo(String.class).one();
    }

    private MeetingView view(Handle h, MeetingRecord m, MeetingRole role) {
        List<MeetingView.Invitee> invitees = meetings.invitees(h, m.id()).stream()
                .map(i -> new MeetingView.Invitee(i.email(), i.role(), i.userId())).toList();
        String key = m.passcodeHash() != null && role.canModerate() ? passcodeKey(m) : null;
        return new MeetingView(m.id(), m.code(), m.title(), m.description(), m.hostId(), m.status(), m.startsAt(),
                m.durationMinutes(), m.timeZone(), m.passcodeHash() != null, m.waitingRoom(), m.allowGuests(),
                m.muteOnEntry(), invitees, role.wire(), m.createdAt(), m.updatedAt(), m.endedAt(), m.webinar(), m.e2ee(), key);
    }

    private static MeetingRecord withStatus(MeetingRecord m, String status, Instant now) {
        Instant endedAt = MeetingRecord.ENDED.equals(status) || MeetingRecord.CANCELLED.equals(status) ? now : m.endedAt();
        return new MeetingRecord(m.id(), m.code(), m.title(), m.description(), m.hostId(), status, m.startsAt(),
                m.durationMinutes(), m.timeZone(), m.passcodeHash(), m.waitingRoom(), m.allowGuests(), m.muteOnEntry(),
                m.createdAt(), now, endedAt, m.webinar(), m.e2ee(), m.recordingAllowed());
    }

    /** The site's end-to-end encryption policy (docs/security.md). */
    public E2eePolicy e2eePolicy() {
        return db.jdbi().withHandle(this::e2eePolicy);
    }

    private E2eePolicy e2eePolicy(Handle h) {
        return E2eePolicy.stored(settings.get(h, E2eePolicy.SETTING));
    }

    /** A new meeting's choice under the site policy: required turns it on, off refuses it. */
    private boolean e2eeOnCreate(Handle h, Boolean wanted) {
        return switch (e2eePolicy(h)) {
            case OFF -> {
                if (Boolean.TRUE.equals(wanted)) {
                    throw new AppException(ErrorCode.E2EE_POLICY, "End-to-end encryption is turned off on this server");
                }
                yield false;
            }
            case ALLOWED -> bool(wanted, false);
            case REQUIRED -> {
                if (Boolean.FALSE.equals(wanted)) {
                    throw new AppException(ErrorCode.E2EE_POLICY, "This server requires end-to-end encryption for every meeting");
                }
                yield true;
            }
        };
    }

    /**
     * A change of the choice: only while the meeting is scheduled (nobody has joined yet), since
     * participants already present would have to switch keys mid-call; and within the policy.
     */
    private boolean e2eeOnUpdate(Handle h, MeetingRecord m, Boolean wanted) {
        if (wanted == null || wanted == m.e2ee()) {
            return m.e2ee();
        }
        if (!MeetingRecord.SCHEDULED.equals(m.status())) {
            throw new AppException(ErrorCode.E2EE_LOCKED,
                    "End-to-end encryption can only be changed before anyone has joined the meeting");
        }
        return e2eeOnCreate(h, wanted);
    }

    private static boolean bool(Boolean value, boolean fallback) {
        return value != null ? value : fallback;
    }
}
