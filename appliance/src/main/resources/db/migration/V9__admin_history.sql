-- The admin dashboard's history: one row a minute, written by the appliance's own sampler and
-- deleted after 24 hours (about 1440 rows at most). Rates are averages over the minute before
-- sampled_at; loss is the percentage of expected publisher packets that did not arrive in it.
CREATE TABLE activity_samples (
    sampled_at          TIMESTAMP WITH TIME ZONE PRIMARY KEY,
    participants        INTEGER          NOT NULL,
    live_meetings       INTEGER          NOT NULL,
    bitrate_in_bps      BIGINT           NOT NULL,
    bitrate_out_bps     BIGINT           NOT NULL,
    packets_in_per_s    DOUBLE PRECISION NOT NULL,
    packets_out_per_s   DOUBLE PRECISION NOT NULL,
    loss_percent        DOUBLE PRECISION NOT NULL
);

-- Past meetings for the dashboard: when a meeting last went live (its duration runs from here to
-- ended_at), and who was admitted into it (each participant once: an account, or a guest's
-- one-time id), so attendance is a count of rows.
ALTER TABLE meetings ADD COLUMN started_at TIMESTAMP WITH TIME ZONE;
CREATE TABLE meeting_attendance (
    meeting_id      VARCHAR(36)  NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    participant_id  VARCHAR(64)  NOT NULL,
    display_name    VARCHAR(100) NOT NULL,
    joined_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (meeting_id, participant_id)
);
