package com.zoomvconnect.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Storage behaviour every supported database must show; subclasses supply the database. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StoreContractTest {
    private Database db;
    private final UserDao users = new UserDao();
    private final MeetingDao meetings = new MeetingDao();
    private final RefreshTokenDao tokens = new RefreshTokenDao();
    private final SettingsDao settings = new SettingsDao();
    private final BanDao bans = new BanDao();
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

    protected abstract DatabaseConfig databaseConfig();

    @BeforeAll
    void open() {
        db = Database.open(databaseConfig());
    }

    @AfterAll
    void close() {
        db.close();
    }

    private UserRecord newUser() {
        String id = UUID.randomUUID().toString();
        var u = new UserRecord(id, id + "@example.com", "N", "$argon2id$x", "user", false, now, now);
        db.jdbi().useTransaction(h -> users.insert(h, u));
        return u;
    }

    @Test
    void migrationIsIdempotent() {
        Database again = Database.open(db.config());
        again.close();
        assertTrue(db.isHealthy());
    }

    @Test
    void usersRoundTripWithTimestampsToTheMicrosecond() {
        UserRecord u = newUser();
        assertEquals(u, db.jdbi().withHandle(h -> users.findById(h, u.id())).orElseThrow());
        assertEquals(u, db.jdbi().withHandle(h -> users.findByEmail(h, u.email())).orElseThrow());
    }

    @Test
    void emailIsUnique() {
        UserRecord u = newUser();
        var dup = new UserRecord(UUID.randomUUID().toString(), u.email(), "D", null, "user", false, now, now);
        assertThrows(UnableToExecuteStatementException.class, () -> db.jdbi().useTransaction(h -> users.insert(h, dup)));
    }

    @Test
    void failedTransactionLeavesNothingBehind() {
        String id = UUID.randomUUID().toString();
        assertThrows(IllegalStateException.class, () -> db.jdbi().useTransaction(h -> {
            users.insert(h, new UserRecord(id, id + "@example.com", "N", null, "user", false, now, now));
            throw new IllegalStateException("boom");
        }));
        assertTrue(db.jdbi().withHandle(h -> users.findById(h, id)).isEmpty());
    }

    @Test
    void refreshTokenCanBeUsedOnceAndFamiliesRevoke() {
        UserRecord u = newUser();
        String family = UUID.randomUUID().toString();
        var t1 = new RefreshTokenRecord(UUID.randomUUID().toString(), u.id(), family, UUID.randomUUID().toString(), now, now.plusSeconds(60), null, null);
        var t2 = new RefreshTokenRecord(UUID.randomUUID().toString(), u.id(), family, UUID.randomUUID().toString(), now, now.plusSeconds(60), null, null);
        db.jdbi().useTransaction(h -> {
            tokens.insert(h, t1);
            tokens.insert(h, t2);
        });
        boolean firstUse = db.jdbi().inTransaction(h -> tokens.markUsed(h, t1.id(), now));
        boolean secondUse = db.jdbi().inTransaction(h -> tokens.markUsed(h, t1.id(), now));
        int revoked = db.jdbi().inTransaction(h -> tokens.revokeFamily(h, family, now));
        assertTrue(firstUse);
        assertFalse(secondUse, "second use loses");
        assertEquals(2, revoked);
        assertTrue(db.jdbi().inTransaction(h -> tokens.findByHashForUpdate(h, t2.tokenHash())).orElseThrow().isSpent());
    }

    @Test
    void meetingsPageNewestFirstAndIncludeInvitations() {
        UserRecord host = newUser();
        UserRecord invitee = newUser();
        for (int i = 0; i < 5; i++) {
            Instant at = now.plusSeconds(i);
            var m = new MeetingRecord(UUID.randomUUID().toString(), "c" + UUID.randomUUID().toString().substring(0, 10), "M" + i,
                    null, host.id(), "scheduled", null, null, null, null, false, false, false, at, at, null, false);
            db.jdbi().useTransaction(h -> {
                meetings.insert(h, m);
                meetings.replaceInvitees(h, m.id(), List.of(new InviteeRecord(m.id(), invitee.email(), "attendee", invitee.id())));
            });
        }
        var first = db.jdbi().withHandle(h -> meetings.listForUser(h, host.id(), List.of(), null, 3));
        assertEquals(List.of("M4", "M3", "M2"), first.stream().map(MeetingRecord::title).toList());
        var last = first.getLast();
        var second = db.jdbi().withHandle(h -> meetings.listForUser(h, host.id(), List.of(),
                new MeetingDao.Cursor(last.createdAt(), last.id()), 3));
        assertEquals(List.of("M1", "M0"), second.stream().map(MeetingRecord::title).toList());
        assertEquals(5, db.jdbi().withHandle(h -> meetings.listForUser(h, invitee.id(), List.of("scheduled"), null, 10)).size());
        assertEquals(0, db.jdbi().withHandle(h -> meetings.listForUser(h, invitee.id(), List.of("ended"), null, 10)).size());
    }

    private boolean isBanned(String meetingId, String kind, String subject) {
        return db.jdbi().withHandle(h -> bans.isBanned(h, meetingId, kind, subject));
    }

    @Test
    void bansArePerMeetingAndTheFirstBanStays() {
        UserRecord host = newUser();
        var m1 = new MeetingRecord(UUID.randomUUID().toString(), "b" + UUID.randomUUID().toString().substring(0, 10), "B1",
                null, host.id(), "live", null, null, null, null, false, false, false, now, now, null, false);
        var m2 = new MeetingRecord(UUID.randomUUID().toString(), "b" + UUID.randomUUID().toString().substring(0, 10), "B2",
                null, host.id(), "live", null, null, null, null, false, false, false, now, now, null, false);
        db.jdbi().useTransaction(h -> {
            meetings.insert(h, m1);
            meetings.insert(h, m2);
        });
        var first = new BanRecord(m1.id(), BanRecord.ACCOUNT, "user-1", "Mallory", host.id(), now);
        db.jdbi().useTransaction(h -> bans.insert(h, first));
        db.jdbi().useTransaction(h -> bans.insert(h, new BanRecord(m1.id(), BanRecord.ACCOUNT, "user-1", "Again", host.id(),
                now.plusSeconds(5))));
        db.jdbi().useTransaction(h -> bans.insert(h, new BanRecord(m1.id(), BanRecord.ADDRESS, "192.0.2.7", "Guest", host.id(), now)));
        assertTrue(isBanned(m1.id(), BanRecord.ACCOUNT, "user-1"));
        assertTrue(isBanned(m1.id(), BanRecord.ADDRESS, "192.0.2.7"));
        assertFalse(isBanned(m1.id(), BanRecord.GUEST, "user-1"), "kinds do not mix");
        assertFalse(isBanned(m2.id(), BanRecord.ACCOUNT, "user-1"), "bans are per meeting");
        var list = db.jdbi().withHandle(h -> bans.list(h, m1.id()));
        assertEquals(2, list.size());
        assertEquals(first, list.stream().filter(b -> b.kind().equals(BanRecord.ACCOUNT)).findFirst().orElseThrow());
        db.jdbi().useTransaction(h -> meetings.delete(h, m1.id()));
        assertFalse(isBanned(m1.id(), BanRecord.ACCOUNT, "user-1"), "gone with the meeting");
    }

    @Test
    void aLiveMeetingsPolicyAndChatKeepTheirOrderAndGoWhenClearedOrWithTheMeeting() {
        UserRecord host = newUser();
        var m = new MeetingRecord(UUID.randomUUID().toString(), "l" + UUID.randomUUID().toString().substring(0, 10), "L",
                null, host.id(), "live", null, null, null, null, false, false, false, now, now, null, false);
        db.jdbi().useTransaction(h -> meetings.insert(h, m));
        var live = new LiveStateDao();
        db.jdbi().useTransaction(h -> live.savePolicy(h, m.id(), "{\"locked\":true}", now));
        db.jdbi().useTransaction(h -> live.savePolicy(h, m.id(), "{\"locked\":false}", now.plusSeconds(1)));
        assertEquals("{\"locked\":false}", db.jdbi().withHandle(h -> live.policy(h, m.id())).orElseThrow());
        for (int i = 1; i <= 5; i++) {
            var row = new LiveStateDao.ChatRow(UUID.randomUUID().toString(), m.id(), i, "p" + i, "Ünïcode " + i,
                    "message " + i + " ✓", now.plusMillis(i));
            db.jdbi().useTransaction(h -> live.insertChat(h, row));
        }
        var newest = db.jdbi().withHandle(h -> live.chat(h, m.id(), 3));
        assertEquals(List.of("message 3 ✓", "message 4 ✓", "message 5 ✓"), newest.stream().map(LiveStateDao.ChatRow::text).toList());
        assertEquals(List.of(3L, 4L, 5L), newest.stream().map(LiveStateDao.ChatRow::seq).toList());
        assertEquals(now.plusMillis(5), newest.get(2).sentAt());
        db.jdbi().useTransaction(h -> live.clear(h, m.id()));
        assertTrue(db.jdbi().withHandle(h -> live.policy(h, m.id())).isEmpty());
        assertEquals(List.of(), db.jdbi().withHandle(h -> live.chat(h, m.id(), 3)));
        db.jdbi().useTransaction(h -> live.insertChat(h, new LiveStateDao.ChatRow(UUID.randomUUID().toString(), m.id(), 1,
                "p", "P", "again", now)));
        db.jdbi().useTransaction(h -> meetings.delete(h, m.id()));
        assertEquals(List.of(), db.jdbi().withHandle(h -> live.chat(h, m.id(), 3)), "gone with the meeting");
    }

    @Test
    void settingsUpsert() {
        String name = "test." + UUID.randomUUID();
        db.jdbi().useTransaction(h -> settings.put(h, name, "a", now));
        db.jdbi().useTransaction(h -> settings.put(h, name, "b", now));
        assertEquals("b", db.jdbi().withHandle(h -> settings.get(h, name)).orElseThrow());
    }

    @Test
    void upgradeBindsOldInvitationsOnlyToAccountsOlderThanTheirMeeting() {
        // A database as version 4 left it: invitations by address only, and the old registration switch.
        DatabaseConfig fresh = databaseConfig();
        org.flywaydb.core.Flyway.configure().dataSource(fresh.url(), fresh.user(), fresh.password())
                .locations("classpath:db/migration").target("4").load().migrate();
        Instant meetingAt = now.minusSeconds(3600);
        var jdbi = org.jdbi.v3.core.Jdbi.create(fresh.url(), fresh.user(), fresh.password());
        jdbi.useTransaction(h -> {
            h.execute("INSERT INTO users (id, email, display_name, password_hash, role, disabled, created_at, updated_at) "
                    + "VALUES ('u-host', 'host@example.com', 'H', 'x', 'user', FALSE, ?, ?)", Database.toDb(meetingAt.minusSeconds(60)),
                    Database.toDb(meetingAt.minusSeconds(60)));
            h.execute("INSERT INTO users (id, email, display_name, password_hash, role, disabled, created_at, updated_at) "
                    + "VALUES ('u-old', 'old@example.com', 'O', 'x', 'user', FALSE, ?, ?)", Database.toDb(meetingAt.minusSeconds(30)),
                    Database.toDb(meetingAt.minusSeconds(30)));
            h.execute("INSERT INTO users (id, email, display_name, password_hash, role, disabled, created_at, updated_at) "
                    + "VALUES ('u-late', 'late@example.com', 'L', 'x', 'user', FALSE, ?, ?)", Database.toDb(meetingAt.plusSeconds(30)),
                    Database.toDb(meetingAt.plusSeconds(30)));
            h.execute("INSERT INTO meetings (id, code, title, host_id, status, waiting_room, allow_guests, mute_on_entry, "
                    + "created_at, updated_at) VALUES ('m-1', 'abc', 'T', 'u-host', 'scheduled', FALSE, FALSE, FALSE, ?, ?)",
                    Database.toDb(meetingAt), Database.toDb(meetingAt));
            h.execute("INSERT INTO meeting_invitees (meeting_id, email, role) VALUES ('m-1', 'old@example.com', 'cohost')");
            h.execute("INSERT INTO meeting_invitees (meeting_id, email, role) VALUES ('m-1', 'late@example.com', 'cohost')");
            h.execute("INSERT INTO meeting_invitees (meeting_id, email, role) VALUES ('m-1', 'none@example.com', 'attendee')");
            h.execute("INSERT INTO settings (name, setting_value, updated_at) VALUES ('auth.self-registration', 'false', ?)",
                    Database.toDb(meetingAt));
        });
        try (Database upgraded = Database.open(fresh)) {
            upgraded.jdbi().useHandle(h -> {
                assertEquals(java.util.Optional.of("cohost"), meetings.inviteeRole(h, "m-1", "u-old"), "existed before the meeting");
                assertTrue(meetings.inviteeRole(h, "m-1", "u-late").isEmpty(), "registered after the meeting: not trusted");
                assertEquals(3, meetings.invitees(h, "m-1").size(), "unbound invitations stay visible to the host");
                assertEquals(java.util.Optional.of("closed"), settings.get(h, "auth.registration.policy"));
                assertTrue(settings.get(h, "auth.self-registration").isEmpty());
            });
        }
    }

    @Test
    void activitySamplesRoundTripAndOlderOnesAreDeleted() {
        var dao = new ActivityDao();
        Instant t = Instant.parse("2026-11-30T10:00:00.123456Z");
        var old = new ActivitySample(t, 3, 1, 1_500_000, 4_500_000, 150.5, 450.5, 0.0);
        var recent = new ActivitySample(t.plus(25, ChronoUnit.HOURS), 5, 2, 2_000_000, 8_000_000, 200, 800, 1.5);
        db.jdbi().useTransaction(h -> {
            dao.insert(h, old);
            dao.insert(h, recent);
        });
        assertEquals(List.of(old, recent), db.jdbi().withHandle(h -> dao.since(h, t)));
        int deleted = db.jdbi().inTransaction(h -> dao.deleteBefore(h, t.plus(1, ChronoUnit.HOURS)));
        assertEquals(1, deleted);
        assertEquals(List.of(recent), db.jdbi().withHandle(h -> dao.since(h, t)));
    }

    @Test
    void pastMeetingsCountEachAttendeeOnceAndFilterByTheirEnd() {
        UserRecord host = newUser();
        var dao = new AttendanceDao();
        Instant end = Instant.parse("2026-06-01T10:30:00.5Z");
        String title = "Past " + UUID.randomUUID();
        var m = new MeetingRecord(UUID.randomUUID().toString(), "p" + UUID.randomUUID().toString().substring(0, 10), title,
                null, host.id(), "ended", null, null, null, null, false, false, false, now, now, end, false);
        db.jdbi().useTransaction(h -> {
            meetings.insert(h, m);
            dao.markStarted(h, m.id(), end.minusSeconds(600));
            dao.attended(h, m.id(), "a", "A", end.minusSeconds(500));
            dao.attended(h, m.id(), "a", "A again", end.minusSeconds(400));
            dao.attended(h, m.id(), "guest-b", "B", end.minusSeconds(300));
        });
        List<PastMeeting> found = db.jdbi().withHandle(h -> dao.searchPast(h, title.toUpperCase(java.util.Locale.ROOT), null,
                Instant.parse("2026-06-01T00:00:00Z"), Instant.parse("2026-06-02T00:00:00Z"), 10));
        assertEquals(List.of(new PastMeeting(m.id(), m.code(), title, "N", host.email(), end.minusSeconds(600), end, 2, 0)), found);
        assertEquals(List.of(), db.jdbi().withHandle(h -> dao.searchPast(h, title, null, end.plusSeconds(1), null, 10)));
        assertEquals(1, db.jdbi().withHandle(h -> dao.searchPast(h, title, host.email(), null, end.plusSeconds(1), 10)).size());
    }
}
