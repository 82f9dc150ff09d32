-- Who was removed from a meeting with a ban: they stay out for the rest of the meeting, even
-- after its room emptied or the appliance restarted. kind is 'account' (subject: the user id),
-- 'guest' (the guest participant id of one join grant) or 'address' (a guest's IP address).
CREATE TABLE meeting_bans (
    meeting_id   VARCHAR(36)  NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    kind         VARCHAR(16)  NOT NULL,
    subject      VARCHAR(100) NOT NULL,
    display_name VARCHAR(100),
    banned_by    VARCHAR(64)  NOT NULL,
    banned_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (meeting_id, kind, subject)
);
