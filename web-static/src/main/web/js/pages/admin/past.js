// Meetings and recordings: ended meetings found by title, host and day, with attendance and
// duration; every recording with its size, the space used against the quota, and deletion.
import * as api from '../../api.js';
import { el, toast } from '../../ui/dom.js';
import { locale, msg, t } from '../../i18n.js';
import { confirmAction } from '../../ui/confirm.js';
import { bytes, duration } from './format.js';

function field(name, label, attrs = {}) {
  return el('div', {}, el('label', { for: `past-${name}` }, label), el('input', { id: `past-${name}`, name, ...attrs }));
}

/** The filters as query parameters; a day becomes the local midnight-to-midnight range. */
function query(form) {
  const q = new URLSearchParams();
  for (const name of ['q', 'host']) {
    const v = form.elements.namedItem(name).value.trim();
    if (v) q.set(name, v);
  }
  const day = form.elements.namedItem('day').value;
  if (day) {
    const from = new Date(`${day}T00:00`);
    q.set('from', from.toISOString());
    q.set('to', new Date(from.getFullYear(), from.getMonth(), from.getDate() + 1).toISOString());
  }
  return q;
}

const when = (iso) => el('time', { datetime: iso }, new Date(iso).toLocaleString(locale()));

const STATUS = { recording: msg('recording'), processing: msg('processing'), ready: msg('ready'), failed: msg('failed') };
const statusName = (status) => (STATUS[status] ? t(STATUS[status]) : status);

function meetingRow(m) {
  return el('tr', { 'data-id': m.id },
    el('td', { 'data-label': t('Meeting') }, el('strong', {}, m.title), el('div', { class: 'muted' }, m.code)),
    el('td', { 'data-label': t('Host') }, m.hostName, el('div', { class: 'muted' }, m.hostEmail)),
    el('td', { 'data-label': t('Ended') }, m.endedAt ? when(m.endedAt) : '—'),
    el('td', { 'data-label': t('Duration'), class: 'duration' }, m.durationSeconds === null ? '—' : duration(m.durationSeconds)),
    el('td', { 'data-label': t('Attendance'), class: 'attendance' }, String(m.attendance)),
    el('td', { 'data-label': t('Recordings') }, String(m.recordings)));
}

function recordingRow(r, reload) {
  const name = `${r.meetingTitle}, ${new Date(r.startedAt).toLocaleString(locale())}`;
  return el('tr', { 'data-id': r.id },
    el('td', { 'data-label': t('Meeting') }, r.meetingTitle),
    el('td', { 'data-label': t('Started') }, when(r.startedAt)),
    el('td', { 'data-label': t('Length') }, r.durationSeconds === null ? '—' : duration(r.durationSeconds)),
    el('td', { 'data-label': t('Size'), class: 'size' }, bytes(r.sizeBytes)),
    el('td', { 'data-label': t('State') }, statusName(r.status)),
    el('td', {}, el('button', {
      class: 'danger small', 'aria-label': t('Delete the recording of {name}', { name }), disabled: r.status === 'recording',
      onclick: async () => {
        if (!await confirmAction({ title: t('Delete this recording?'), confirm: t('Delete'),
          message: t('Delete the recording of {name} ({size})? Its files are removed; this cannot be undone.', { name, size: bytes(r.sizeBytes) }) })) return;
        try {
          await api.call('DELETE', `/recordings/${encodeURIComponent(r.id)}`);
          toast(t('Recording deleted'));
        } catch (e) {
          toast(e.message);
        }
        reload();
      },
    }, t('Delete'))));
}

function storageFacts(r) {
  const fact = (id, label, value) => [el('dt', {}, label), el('dd', { id }, value)];
  const share = r.quotaBytes ? ` ${t('({percent} % of the quota)', { percent: Math.round((r.usedBytes / r.quotaBytes) * 100) })}` : '';
  return el('dl', { class: 'facts', id: 'recording-storage' },
    ...fact('storage-used', t('Used'), `${bytes(r.usedBytes)}${share}`),
    ...fact('storage-quota', t('Quota'), r.quotaBytes ? bytes(r.quotaBytes) : t('none')),
    ...fact('storage-retention', t('Kept for'), r.retentionDays ? t('{days} days, then deleted', { days: r.retentionDays }) : t('ever')));
}

function table(label, headings, body) {
  return el('table', { class: 'admin-table', 'aria-label': label },
    el('thead', {}, el('tr', {}, ...headings.map((h) => el('th', { scope: 'col' }, h && t(h))))), body);
}

export async function pastPage(content) {
  const form = el('form', { class: 'audit-filters', id: 'past-filters', 'aria-label': t('Search past meetings') },
    field('q', t('Title or code'), { type: 'search' }),
    field('host', t('Host (name or email)'), { type: 'search' }),
    field('day', t('Ended on'), { type: 'date' }),
    el('div', { class: 'row' }, el('button', { type: 'submit', class: 'primary' }, t('Search'))));
  const meetings = el('tbody', { id: 'past-meetings' });
  const meetingsTable = table(t('Past meetings'), [msg('Meeting'), msg('Host'), msg('Ended'), msg('Duration'), msg('Attendance'), msg('Recordings')], meetings);
  const meetingsStatus = el('p', { class: 'muted', role: 'status', id: 'past-status' });
  const recordings = el('tbody', { id: 'recordings' });
  const recordingsTable = table(t('Recordings'), [msg('Meeting'), msg('Started'), msg('Length'), msg('Size'), msg('State'), ''], recordings);
  const recordingsStatus = el('p', { class: 'muted', role: 'status', id: 'recordings-status' });
  const storage = el('div');
  const search = async () => {
    meetingsStatus.textContent = t('Searching…');
    try {
      const { items } = await api.call('GET', `/admin/meetings?${query(form)}`);
      meetings.replaceChildren(...items.map(meetingRow));
      meetingsTable.hidden = items.length === 0;
      meetingsStatus.textContent = items.length === 0 ? t('No ended meeting matches.')
        : items.length === 1 ? t('1 meeting') : t('{count} meetings', { count: items.length });
    } catch (e) {
      meetingsStatus.textContent = e.message;
    }
  };
  const loadRecordings = async () => {
    try {
      const [{ recording }, list] = await Promise.all([api.call('GET', '/admin/settings'), api.call('GET', '/recordings?limit=500')]);
      storage.replaceChildren(storageFacts(recording),
        el('p', { class: 'muted' }, t('Change the quota and retention on the Settings page or with zvc-admin recordings limits.')));
      const items = list.items ?? list;
      recordings.replaceChildren(...items.map((r) => recordingRow(r, loadRecordings)));
      recordingsTable.hidden = items.length === 0;
      recordingsStatus.textContent = items.length ? '' : t('No recordings.');
    } catch (e) {
      recordingsStatus.textContent = e.message;
    }
  };
  form.addEventListener('submit', (e) => { e.preventDefault(); search(); });
  content.replaceChildren(el('h1', { id: 'admin-title' }, t('Meetings and recordings')),
    el('h2', {}, t('Past meetings')), form, meetingsStatus, meetingsTable,
    el('h2', {}, t('Recordings')), storage, recordingsStatus, recordingsTable);
  await Promise.all([search(), loadRecordings()]);
}
