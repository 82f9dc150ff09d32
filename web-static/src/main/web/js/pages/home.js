// Home: schedule or start a meeting, join by code, upcoming and past meetings.
import * as api from '../api.js';
import { el, toast } from '../ui/dom.js';
import { download, icsFor } from '../ics.js';

function field(label, name, attrs = {}) {
  const id = `f-${name}`;
  return [el('label', { for: id }, label), el('input', { id, name, ...attrs })];
}

function check(label, name, checked = false) {
  return el('label', { class: 'switch' }, el('input', { type: 'checkbox', name, checked }), ' ', label);
}

function when(m) {
  if (!m.startsAt) return 'Any time';
  const opts = { dateStyle: 'medium', timeStyle: 'short' };
  try {
    return new Intl.DateTimeFormat(undefined, { ...opts, timeZone: m.timeZone ?? undefined }).format(new Date(m.startsAt))
      + (m.timeZone ? ` (${m.timeZone})` : '');
  } catch {
    return new Date(m.startsAt).toLocaleString();
  }
}

/** A UTC instant from a wall-clock date/time in an IANA time zone. */
export function zonedToIso(date, time, timeZone) {
  const guess = new Date(`${date}T${time}:00Z`);
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(guess);
  const get = (t) => Number(parts.find((p) => p.type === t).value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return new Date(guess.getTime() - (asUtc - guess.getTime())).toISOString();
}

function meetingItem(m, go) {
  const actions = el('div', { class: 'row' });
  if (m.status !== 'cancelled') {
    actions.append(el('button', { class: 'primary', onclick: () => go(`/j/${m.code}`) }, m.status === 'live' ? 'Join' : 'Start'));
  }
  actions.append(
    el('button', { onclick: async () => {
      try {
        await navigator.clipboard.writeText(m.inviteUrl ?? m.joinUrl);
        toast('Invitation link copied');
      } catch {
        prompt('Copy the invitation link', m.inviteUrl ?? m.joinUrl);
      }
    } }, 'Copy invite link'),
    el('button', { onclick: () => download(`${m.title.replace(/[^\w -]/g, '')}.ics`, icsFor(m), 'text/calendar') }, 'Download .ics'));
  if (m.yourRole === 'host' && (m.status === 'scheduled')) {
    actions.append(el('button', { class: 'danger', onclick: async () => { await api.call('DELETE', `/meetings/${m.id}`); go('/'); } }, 'Cancel'));
  }
  return el('li', { class: 'meeting', 'data-meeting-code': m.code, 'data-invite-url': m.inviteUrl ?? m.joinUrl },
    el('h3', {}, m.title), el('p', { class: 'muted' }, `${when(m)} · code ${m.code}${m.passcodeRequired ? ' · passcode' : ''}${m.e2ee ? ' · 🔒 end-to-end encrypted' : ''}`), actions);
}

export async function homePage(view, go) {
  const s = api.session();
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
  // The browser's list leaves out UTC (and may leave out the browser's own zone's alias): without
  // them a UTC machine preselected the list's first entry, Africa/Abidjan.
  const listed = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const zones = ['UTC', ...[...new Set([zone, ...listed])].filter((z) => z !== 'UTC').sort()];
  const error = el('p', { class: 'error', role: 'alert' });
  const now = new Date(Date.now() + 3600000);
  const schedule = el('form', { class: 'card', id: 'schedule', 'aria-label': 'Schedule a meeting' },
    el('h1', {}, 'Schedule a meeting'),
    ...field('Title', 'title', { required: true, value: `${s.user.displayName}'s meeting` }),
    ...field('Date', 'date', { type: 'date', required: true, value: now.toISOString().slice(0, 10) }),
    ...field('Time', 'time', { type: 'time', required: true, value: now.toTimeString().slice(0, 5) }),
    el('label', { for: 'f-tz' }, 'Time zone'),
    el('select', { id: 'f-tz', name: 'timeZone' }, ...zones.map((z) => el('option', { value: z, selected: z === zone }, z))),
    ...field('Duration (minutes)', 'duration', { type: 'number', min: '1', max: '1440', value: '60' }),
    ...field('Passcode (optional)', 'passcode', { type: 'text', maxlength: '32', autocomplete: 'off' }),
    check('Waiting room', 'waitingRoom'), check('Guests can join with the link', 'allowGuests', true),
    check('Mute participants on entry', 'muteOnEntry'),
    check('Webinar (only hosts and panelists send audio and video)', 'webinar'),
    check('End-to-end encryption (the server cannot see or record the meeting)', 'e2ee'),
    error, el('div', { class: 'row' }, el('button', { type: 'submit', class: 'primary' }, 'Schedule')));
  schedule.addEventListener('submit', async (e) => {
    e.preventDefault();
    const d = new FormData(schedule);
    try {
      const m = await api.call('POST', '/meetings', {
        title: d.get('title'), startsAt: zonedToIso(d.get('date'), d.get('time'), d.get('timeZone')),
        timeZone: d.get('timeZone'), durationMinutes: Number(d.get('duration')), passcode: d.get('passcode') || undefined,
        waitingRoom: d.get('waitingRoom') === 'on', allowGuests: d.get('allowGuests') === 'on', muteOnEntry: d.get('muteOnEntry') === 'on',
        webinar: d.get('webinar') === 'on', e2ee: d.get('e2ee') === 'on',
      });
      toast(`Scheduled: ${m.title}`);
      homePage(view, go);
    } catch (err) {
      error.textContent = err.message;
    }
  });
  const instant = el('button', { class: 'primary', id: 'new-meeting', onclick: async () => {
    const m = await api.call('POST', '/meetings', { title: `${s.user.displayName}'s meeting`, allowGuests: true });
    go(`/j/${m.code}`);
  } }, 'New meeting');
  const code = el('input', { id: 'f-code', name: 'code', 'aria-label': 'Meeting code or link', placeholder: 'Meeting code or link' });
  const join = el('form', { class: 'row' }, code, el('button', { type: 'submit' }, 'Join'));
  join.addEventListener('submit', (e) => {
    e.preventDefault();
    const c = code.value.trim().split('/').pop().split('?')[0];
    if (c) go(`/j/${encodeURIComponent(c)}`);
  });
  const upcoming = el('ul', { class: 'meetings', id: 'upcoming', 'aria-label': 'Upcoming meetings' });
  const past = el('ul', { class: 'meetings', id: 'past', 'aria-label': 'Past meetings' });
  view.replaceChildren(el('div', { class: 'home' },
    el('section', { class: 'card' }, el('h1', {}, 'Meet now'), el('div', { class: 'row' }, instant), join),
    schedule,
    el('section', { class: 'card' }, el('h2', {}, 'Upcoming'), upcoming, el('h2', {}, 'Past'), past)));
  try {
    const page = await api.call('GET', '/meetings?limit=50');
    for (const m of page.items) {
      (m.status === 'scheduled' || m.status === 'live' ? upcoming : past).append(meetingItem(m, go));
    }
    if (!upcoming.children.length) upcoming.append(el('li', { class: 'muted' }, 'Nothing scheduled.'));
  } catch (e) {
    upcoming.append(el('li', { class: 'error' }, e.message));
  }
}
