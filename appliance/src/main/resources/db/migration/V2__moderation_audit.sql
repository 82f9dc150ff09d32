-- Who did what in a meeting: moderation actions, readable by the meeting's host.
CREATE TABLE moderation_audit (
    id              VARCHAR(36)  PRIMARY KEY,
    meeting_id      VARCHAR(36)  NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    at              TIMESTAMP WITH TIME ZONE NOT NULL,
    actor_id        VARCHAR(64)  NOT NULL,
    actor_name      VARCHAR(100) NOT NULL,
    action          VARCHAR(40)  NOT NULL,
    target_id       VARCHAR(64),
    target_name     VARCHAR(100),
    detail          VARCHAR(1000)
);
CREATE INDEX moderation_audit_meeting_idx ON moderation_audit (meeting_id, at);
