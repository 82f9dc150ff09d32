-- Webinar meetings: panelists publish, everyone else watches.
ALTER TABLE meetings ADD COLUMN webinar BOOLEAN DEFAULT FALSE NOT NULL;
