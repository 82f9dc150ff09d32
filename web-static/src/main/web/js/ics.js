// An iCalendar (RFC 5545) invitation for a scheduled meeting.
function stamp(date) {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function escape(text) {
  return String(text ?? '').replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/[,;]/g, (c) => `\\${c}`);
}

export function icsFor(meeting) {
  const start = meeting.startsAt ? new Date(meeting.startsAt) : new Date();
  const end = new Date(start.getTime() + (meeting.durationMinutes ?? 60) * 60000);
  const link = meeting.inviteUrl ?? meeting.joinUrl;
  return [
    'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//ZoomVconnect//EN', 'METHOD:PUBLISH', 'BEGIN:VEVENT',
    `UID:${meeting.id}@zoomvconnect`, `DTSTAMP:${stamp(new Date())}`, `DTSTART:${stamp(start)}`, `DTEND:${stamp(end)}`,
    `SUMMARY:${escape(meeting.title)}`,
    `DESCRIPTION:${escape(`${meeting.description ?? ''}\nJoin: ${link}\nMeeting code: ${meeting.code}`)}`,
    `URL:${link}`, `LOCATION:${escape(link)}`, 'END:VEVENT', 'END:VCALENDAR', '',
  ].join('\r\n');
}

export function download(name, text, type) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
