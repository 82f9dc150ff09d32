// Home: schedule, edit or start a meeting, join by code, upcoming and past meetings.
import * as api from '../api.js';
import { el, toast } from '../ui/dom.js';
import { download, icsFor } from '../ics.js';
import { locale, t } from '../i18n.js';

function field(label, name, attrs = {}) {
  const id = `f-${name}`;
  return [el('label', { for: id }, label), el('input', { id, name, ...attrs })];
}

function check(label, name, checked = false) {
  return el('label', { class: 'switch' }, el('input', { type: 'checkbox', name, checked }), ' ', label);
}

/** The addresses the meeting's invitations of {@code role} ('cohost', 'attendee') go to, comma-separated. */
function invited(meeting, role) {
  return (meeting?.invitees ?? []).filter((i) => i.role === role).map((i) => i.email).join(', ');
}

/** The addresses typed into an email list field (type=email multiple: comma-separated). */
function addresses(value) {
  return String(value ?? '').split(/[\s,;]+/).filter(Boolean);
}

/**
 * Co-hosts and invitees by email, each needing an account on this server (the API refuses others
 * with unknown_account). Only the host changes them; a co-host editing the meeting does not see them.
 */
function inviteFields(meeting) {
  const hint = el('p', { class: 'muted', id: 'f-invite-hint' },
    t('Email addresses of accounts on this server, separated by commas. Invitees see the meeting on their home page; co-hosts also moderate it.'));
  const list = (label, name, role) => {
    const [caption, input] = field(label, name, { type: 'email', multiple: true, autocomplete: 'off',
      'aria-describedby': 'f-invite-hint', placeholder: t('name@example.com, …') });
    input.value = invited(meeting, role); // as a property: Chromium drops a value attribute set after multiple
    return [caption, input];
  };
  return [...list(t('Co-hosts'), 'coHosts', 'cohost'), ...list(t('Invitees'), 'invitees', 'attendee'), hint];
}

function when(m) {
  if (!m.startsAt) return t('Any time');
  const opts = { dateStyle: 'medium', timeStyle: 'short' };
  try {
    return new Intl.DateTimeFormat(locale(), { ...opts, timeZone: m.timeZone ?? undefined }).format(new Date(m.startsAt))
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

function meetingItem(m, go, edit) {
  const actions = el('div', { class: 'row' });
  if (m.status !== 'cancelled') {
    actions.append(el('button', { class: 'primary', onclick: () => go(`/j/${m.code}`) }, m.status === 'live' ? t('Join') : t('Start')));
  }
  actions.append(
    el('button', { onclick: async () => {
      try {
        await navigator.clipboard.writeText(m.inviteUrl ?? m.joinUrl);
        toast(t('Invitation link copied'));
      } catch {
        prompt(t('Copy the invitation link'), m.inviteUrl ?? m.joinUrl);
      }
    } }, t('Copy invite link')),
    el('button', { onclick: () => download(`${m.title.replace(/[^\w -]/g, '')}.ics`, icsFor(m), 'text/calendar') }, t('Download .ics')));
  if ((m.yourRole === 'host' || m.yourRole === 'cohost') && m.status === 'scheduled') {
    actions.append(el('button', { class: 'edit-meeting', 'aria-label': t('Edit {title}', { title: m.title }), onclick: () => edit(m) }, t('Edit')));
  }
  if (m.yourRole === 'host' && m.status === 'scheduled') {
    actions.append(el('button', { class: 'danger', onclick: async () => { await api.call('DELETE', `/meetings/${m.id}`); go('/'); } }, t('Cancel meeting')));
  }
  const details = [when(m), t('code {code}', { code: m.code }), m.passcodeRequired ? t('passcode') : null, m.e2ee ? `🔒 ${t('end-to-end encrypted')}` : null];
  return el('li', { class: 'meeting', 'data-meeting-code': m.code, 'data-invite-url': m.inviteUrl ?? m.joinUrl },
    el('h3', {}, m.title), el('p', { class: 'muted' }, details.filter(Boolean).join(' · ')), actions);
}

/** The wall-clock date (yyyy-mm-dd) and time (hh:mm) of {@code iso} in {@code timeZone}. */
export function zonedParts(iso, timeZone) {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit' }).formatToParts(new Date(iso));
  const get = (type) => parts.find((p) => p.type === type).value;
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}

/**
 * The schedule form, or with {@code meeting} its edit form (the meeting's values filled in; saved
 * with PATCH, where an empty passcode field keeps the passcode unless "Remove the passcode" is ticked).
 */
function scheduleForm(s, zones, zone, meeting, done, cancel) {
  const editing = !!meeting;
  const error = el('p', { class: 'error', role: 'alert' });
  const soon = new Date(Date.now() + 3600000);
  const tz = meeting?.timeZone ?? zone;
  const at = meeting?.startsAt ? zonedParts(meeting.startsAt, tz) : { date: soon.toISOString().slice(0, 10), time: soon.toTimeString().slice(0, 5) };
  const title = editing ? t('Edit meeting') : t('Schedule a meeting');
  const invites = !editing || meeting.yourRole === 'host';
  const form = el('form', { class: 'card', id: 'schedule', 'aria-label': title, 'data-editing': meeting?.id },
    el('h1', {}, title),
    ...field(t('Title'), 'title', { required: true, value: meeting?.title ?? t("{name}'s meeting", { name: s.user.displayName }) }),
    ...field(t('Date'), 'date', { type: 'date', required: true, value: at.date }),
    ...field(t('Time'), 'time', { type: 'time', required: true, value: at.time }),
    el('label', { for: 'f-tz' }, t('Time zone')),
    el('select', { id: 'f-tz', name: 'timeZone' }, ...[...new Set([tz, ...zones])].map((z) => el('option', { value: z, selected: z === tz }, z))),
    ...field(t('Duration (minutes)'), 'duration', { type: 'number', min: '1', max: '1440', value: String(meeting?.durationMinutes ?? 60) }),
    ...field(editing && meeting.passcodeRequired ? t('New passcode (empty: unchanged)') : t('Passcode (optional)'), 'passcode',
      { type: 'text', maxlength: '32', autocomplete: 'off' }),
    editing && meeting.passcodeRequired ? check(t('Remove the passcode'), 'removePasscode') : null,
    check(t('Waiting room'), 'waitingRoom', !!meeting?.waitingRoom), check(t('Guests can join with the link'), 'allowGuests', meeting?.allowGuests ?? true),
    check(t('Mute participants on entry'), 'muteOnEntry', !!meeting?.muteOnEntry),
    check(t('Webinar (only hosts and panelists send audio and video)'), 'webinar', !!meeting?.webinar),
    check(t('End-to-end encryption (the server cannot see or record the meeting)'), 'e2ee', !!meeting?.e2ee),
    ...(invites ? inviteFields(meeting) : []),
    error, el('div', { class: 'row' }, el('button', { type: 'submit', class: 'primary' }, editing ? t('Save changes') : t('Schedule')),
      editing ? el('button', { type: 'button', id: 'edit-cancel', onclick: cancel }, t('Discard changes')) : null));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const d = new FormData(form);
    const body = {
      title: d.get('title'), startsAt: zonedToIso(d.get('date'), d.get('time'), d.get('timeZone')),
      timeZone: d.get('timeZone'), durationMinutes: Number(d.get('duration')), passcode: d.get('passcode') || undefined,
      waitingRoom: d.get('waitingRoom') === 'on', allowGuests: d.get('allowGuests') === 'on', muteOnEntry: d.get('muteOnEntry') === 'on',
      webinar: d.get('webinar') === 'on', e2ee: d.get('e2ee') === 'on',
    };
    if (d.get('removePasscode') === 'on') body.passcode = '';
    if (invites) {
      body.coHosts = addresses(d.get('coHosts'));
      body.invitees = addresses(d.get('invitees'));
    }
    try {
      const m = await api.call(editing ? 'PATCH' : 'POST', editing ? `/meetings/${meeting.id}` : '/meetings', body);
      toast(editing ? t('Saved: {title}', { title: m.title }) : t('Scheduled: {title}', { title: m.title }));
      done();
    } catch (err) {
      // The server names the addresses without an account (Invitations.bind); say it in the page's language.
      const unknown = err.code === 'unknown_account' && /address (.+?)\. Invitations/.exec(err.serverMessage);
      error.textContent = unknown
        ? t('No account has the address {addresses}. Invitations go to accounts on this server; anyone else can join with the meeting link.', { addresses: unknown[1] })
        : err.message;
    }
  });
  return form;
}

export async function homePage(view, go) {
  const s = api.session();
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
  // The browser's list leaves out UTC (and may leave out the browser's own zone's alias): without
  // them a UTC machine preselected the list's first entry, Africa/Abidjan.
  const listed = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const zones = ['UTC', ...[...new Set([zone, ...listed])].filter((z) => z !== 'UTC').sort()];
  const reload = () => homePage(view, go);
  let schedule = scheduleForm(s, zones, zone, null, reload);
  /** Editing a scheduled meeting: its form takes the schedule form's place until saved or discarded. */
  const edit = (m) => {
    const form = scheduleForm(s, zones, zone, m, reload, () => {
      const fresh = scheduleForm(s, zones, zone, null, reload);
      schedule.replaceWith(fresh);
      schedule = fresh;
    });
    schedule.replaceWith(form);
    schedule = form;
    form.querySelector('#f-title').focus();
    form.scrollIntoView({ block: 'start' });
  };
  const instant = el('button', { class: 'primary', id: 'new-meeting', onclick: async () => {
    const m = await api.call('POST', '/meetings', { title: t("{name}'s meeting", { name: s.user.displayName }), allowGuests: true });
    go(`/j/${m.code}`);
  } }, t('New meeting'));
  const code = el('input', { id: 'f-code', name: 'code', 'aria-label': t('Meeting code or link'), placeholder: t('Meeting code or link') });
  const join = el('form', { class: 'row' }, code, el('button', { type: 'submit' }, t('Join')));
  join.addEventListener('submit', (e) => {
    e.preventDefault();
    const c = code.value.trim().split('/').pop().split('?')[0];
    if (c) go(`/j/${encodeURIComponent(c)}`);
  });
  const upcoming = el('ul', { class: 'meetings', id: 'upcoming', 'aria-label': t('Upcoming meetings') });
  const past = el('ul', { class: 'meetings', id: 'past', 'aria-label': t('Past meetings') });
  view.replaceChildren(el('div', { class: 'home' },
    el('section', { class: 'card' }, el('h1', {}, t('Meet now')), el('div', { class: 'row' }, instant), join),
    schedule,
    el('section', { class: 'card' }, el('h2', {}, t('Upcoming')), upcoming, el('h2', {}, t('Past')), past)));
  try {
    const page = await api.call('GET', '/meetings?limit=50');
    for (const m of page.items) {
      (m.status === 'scheduled' || m.status === 'live' ? upcoming : past).append(meetingItem(m, go, edit));
    }
    if (!upcoming.children.length) upcoming.append(el('li', { class: 'muted' }, t('Nothing scheduled.')));
    if (!past.children.length) past.append(el('li', { class: 'muted' }, t('No past meetings yet.')));
  } catch (e) {
    upcoming.append(el('li', { class: 'error' }, e.message));
  }
}
