-- End-to-end encrypted meetings: media is encrypted in the browsers with keys the server never
-- sees, so recording and transcription are refused (docs/security.md).
ALTER TABLE meetings ADD COLUMN e2ee BOOLEAN DEFAULT FALSE NOT NULL;
