// Audit log: every meeting's moderation actions, filtered by meeting, user, action and time, paged;
// the same selection exports as CSV.
import * as api from '../../api.js';
import { el, toast } from '../../ui/dom.js';
import { locale, msg, t } from '../../i18n.js';

const PAGE = 50;
/** Suggestions for the action filter: what hosts and administrators do (signal/HostControls, BreakoutControls). */
const ACTIONS = ['admit', 'admit_all', 'deny', 'mute', 'mute_all', 'ask_unmute', 'stop_video', 'stop_screen_share', 'remove',
  'remove_and_ban', 'rename', 'set_role', 'set_policy', 'start_recording', 'stop_recording', 'end_meeting',
  'breakouts_configure', 'breakouts_assign', 'breakouts_auto_assign'];

function filterField(name, label, attrs = {}) {
  return el('div', {}, el('label', { for: `audit-${name}` }, label), el('input', { id: `audit-${name}`, name, ...attrs }));
}

/** The filters as query parameters; local date-times become instants. */
function query(form) {
  const q = new URLSearchParams();
  for (const name of ['meeting', 'user', 'action']) {
    const v = form.elements.namedItem(name).value.trim();
    if (v) q.set(name, v);
  }
  for (const name of ['from', 'to']) {
    const v = form.elements.namedItem(name).value;
    if (v) q.set(name, new Date(v).toISOString());
  }
  return q;
}

function row(e) {
  return el('tr', { 'data-id': e.id },
    el('td', { 'data-label': t('Time') }, el('time', { datetime: e.at }, new Date(e.at).toLocaleString(locale()))),
    el('td', { 'data-label': t('Meeting') }, e.meetingTitle ?? el('span', { class: 'muted' }, t('server setting'))),
    el('td', { 'data-label': t('By') }, e.actorName),
    el('td', { 'data-label': t('Action'), class: 'action' }, e.action),
    el('td', { 'data-label': t('Target') }, e.targetName ?? ''),
    el('td', { 'data-label': t('Detail') }, e.detail ?? ''));
}

export async function auditPage(content) {
  const actions = el('datalist', { id: 'audit-actions' }, ...ACTIONS.map((a) => el('option', { value: a })));
  const form = el('form', { class: 'audit-filters', id: 'audit-filters', 'aria-label': t('Filter the audit log') },
    filterField('meeting', t('Meeting (title, code or id)'), { type: 'search' }),
    filterField('user', t('User (name or id)'), { type: 'search' }),
    filterField('action', t('Action'), { list: 'audit-actions' }), actions,
    filterField('from', t('From'), { type: 'datetime-local' }),
    filterField('to', t('Until'), { type: 'datetime-local' }),
    el('div', { class: 'row' }, el('button', { type: 'submit', class: 'primary' }, t('Filter')),
      el('button', { type: 'button', id: 'audit-export' }, t('Export CSV'))));
  const body = el('tbody', { id: 'audit' });
  const table = el('table', { class: 'admin-table', 'aria-label': t('Audit log') },
    el('thead', {}, el('tr', {}, ...[msg('Time'), msg('Meeting'), msg('By'), msg('Action'), msg('Target'), msg('Detail')].map((h) => el('th', { scope: 'col' }, t(h))))), body);
  const status = el('p', { class: 'muted', role: 'status', id: 'audit-status' });
  const prev = el('button', { type: 'button', id: 'audit-prev' }, t('Previous'));
  const next = el('button', { type: 'button', id: 'audit-next' }, t('Next'));
  let offset = 0;
  const load = async () => {
    const q = query(form);
    q.set('offset', offset);
    q.set('limit', PAGE);
    status.textContent = t('Loading…');
    try {
      const page = await api.call('GET', `/admin/audit?${q}`);
      body.replaceChildren(...page.items.map(row));
      table.hidden = page.items.length === 0;
      const range = { first: offset + 1, last: offset + page.items.length, total: page.total };
      status.textContent = page.total
        ? (page.total === 1 ? t('{first}–{last} of {total} entry', range) : t('{first}–{last} of {total} entries', range))
        : t('No entry matches.');
      prev.disabled = offset === 0;
      next.disabled = offset + page.items.length >= page.total;
    } catch (e) {
      status.textContent = e.message;
    }
  };
  form.addEventListener('submit', (e) => { e.preventDefault(); offset = 0; load(); });
  prev.addEventListener('click', () => { offset = Math.max(0, offset - PAGE); load(); });
  next.addEventListener('click', () => { offset += PAGE; load(); });
  form.querySelector('#audit-export').addEventListener('click', async () => {
    const q = query(form);
    q.set('format', 'csv');
    try {
      const { blob, name } = await api.download(`/admin/audit?${q}`);
      const link = el('a', { href: URL.createObjectURL(blob), download: name, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10000);
    } catch (e) {
      toast(e.message);
    }
  });
  content.replaceChildren(el('h1', { id: 'admin-title' }, t('Audit log')), form, status, table,
    el('div', { class: 'row' }, prev, next));
  await load();
}
