-- An invitation binds to the account that had the address when the host invited it, never to an
-- account registered later with the same (unverified) address.
ALTER TABLE meeting_invitees ADD COLUMN user_id VARCHAR(36) REFERENCES users (id) ON DELETE CASCADE;
-- Existing invitations: bind those whose account existed when the meeting was created (so surely
-- before the invitation). The rest stay unbound and grant nothing until the host invites again.
UPDATE meeting_invitees SET user_id = (
    SELECT u.id FROM users u
    WHERE u.email = meeting_invitees.email
      AND u.created_at <= (SELECT m.created_at FROM meetings m WHERE m.id = meeting_invitees.meeting_id));
CREATE INDEX meeting_invitees_user_idx ON meeting_invitees (user_id);
-- The self-registration switch became a policy: an administrator's explicit choice carries over.
INSERT INTO settings (name, setting_value, updated_at)
    SELECT 'auth.registration.policy', CASE WHEN setting_value = 'false' THEN 'closed' ELSE 'open' END, updated_at
    FROM settings WHERE name = 'auth.self-registration';
DELETE FROM settings WHERE name = 'auth.self-registration';
