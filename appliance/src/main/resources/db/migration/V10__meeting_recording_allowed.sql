-- Administrators may turn recording off for new meetings (meetingDefaults.recordingAllowed): each meeting
-- keeps the default it was created under, and starting a recording in one created while it was off is refused.
ALTER TABLE meetings ADD COLUMN recording_allowed BOOLEAN DEFAULT TRUE NOT NULL;

-- Server settings an administrator changes (the recording quota and retention) are audited too, with no meeting.
ALTER TABLE moderation_audit ALTER COLUMN meeting_id DROP NOT NULL;
