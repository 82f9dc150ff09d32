-- What a live meeting's main room holds that is not in its settings: the policy its hosts changed
-- inside the meeting and its public chat. Written as it changes, so a crash (kill -9, power cut on
-- PostgreSQL) loses neither; read back when the meeting is opened again after a restart; deleted
-- when the live meeting closes normally (everyone left, or it ended), as the in-memory state is.

-- The policy as JSON (the RoomPolicy fields hosts may change), so a new field needs no migration.
CREATE TABLE meeting_live_policy (
    meeting_id VARCHAR(36)   NOT NULL PRIMARY KEY REFERENCES meetings (id) ON DELETE CASCADE,
    policy     VARCHAR(2000) NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Public messages only: private ones are not kept (as before, a late joiner never saw them).
CREATE TABLE meeting_live_chat (
    id              VARCHAR(36)   NOT NULL PRIMARY KEY,
    meeting_id      VARCHAR(36)   NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    seq             BIGINT        NOT NULL,
    from_id         VARCHAR(64)   NOT NULL,
    from_name       VARCHAR(200)  NOT NULL,
    text            VARCHAR(4000) NOT NULL,
    sent_at         TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX meeting_live_chat_order ON meeting_live_chat (meeting_id, seq);
