// Live meetings: who is in each with their network quality, for how long, recording or not; end a
// meeting or remove someone.
import * as api from '../../api.js';
import { el, toast } from '../../ui/dom.js';
import { msg, t } from '../../i18n.js';
import { confirmAction } from '../../ui/confirm.js';
import { whileShown } from './poll.js';
import { bitrate, duration } from './format.js';

const LAYERS = [msg('low layer'), msg('medium layer'), msg('high layer')];

/** The SFU's figures for one participant: what they send, its loss and jitter, and the layer they get. */
function quality(p) {
  const q = p.quality;
  if (!q) return el('span', { class: 'quality muted' }, t('no media yet'));
  const fact = (cls, label, value) => el('span', { class: cls }, el('span', { class: 'muted' }, `${label} `), value);
  return el('span', { class: 'quality' },
    fact('q-bitrate', t('sends'), bitrate(q.bitrateInBps)),
    fact('q-loss', t('loss'), `${q.lossPercent.toFixed(1)} %`),
    fact('q-jitter', t('jitter'), `${q.jitterMs.toFixed(1)} ms`),
    fact('q-layer', t('gets'), q.layer === null ? '—' : LAYERS[q.layer] ? t(LAYERS[q.layer]) : t('{layer} layer', { layer: q.layer })),
    p.downlinkBps ? fact('q-downlink', t('downlink'), bitrate(p.downlinkBps)) : null);
}

const ROLES = { host: msg('host'), cohost: msg('co-host'), attendee: msg('attendee') };
const roleName = (role) => (ROLES[role] ? t(ROLES[role]) : role);

function participantRow(meeting, p, reload) {
  return el('li', { class: 'admin-participant', 'data-id': p.id },
    el('span', {}, p.displayName), ' ',
    el('span', { class: 'muted' }, [roleName(p.role), p.room === 'main' ? null : t('room {room}', { room: p.room }), p.guest ? t('guest') : null]
      .filter(Boolean).join(' · ')), ' ',
    quality(p), ' ',
    el('button', {
      class: 'small', 'aria-label': t('Remove {name}', { name: p.displayName }),
      onclick: async () => {
        if (!await confirmAction({ title: t('Remove {name}?', { name: p.displayName }), confirm: t('Remove'),
          message: t('Remove {name} from “{title}”? They can join again.', { name: p.displayName, title: meeting.title }) })) return;
        try {
          await api.call('DELETE', `/admin/meetings/${encodeURIComponent(meeting.id)}/participants/${encodeURIComponent(p.id)}`);
          toast(t('{name} removed', { name: p.displayName }));
        } catch (e) {
          toast(e.message);
        }
        reload();
      },
    }, t('Remove')));
}

function meetingRow(m, reload) {
  return el('tr', { 'data-id': m.id },
    el('td', { 'data-label': t('Meeting') }, el('strong', {}, m.title), el('div', { class: 'muted' }, m.code)),
    el('td', { 'data-label': t('Host') }, m.host ?? el('span', { class: 'muted' }, t('none (owner {name})', { name: m.ownerName ?? '?' }))),
    el('td', { 'data-label': t('Participants') }, el('ul', { class: 'plain' }, ...m.participants.map((p) => participantRow(m, p, reload)))),
    el('td', { 'data-label': t('Duration') }, duration(m.durationSeconds)),
    el('td', { 'data-label': t('Recording') }, m.recording?.active ? el('span', { class: 'badge recording-on' }, t('Recording')) : t('No')),
    el('td', {}, el('button', {
      class: 'danger', 'aria-label': t('End {title}', { title: m.title }),
      onclick: async () => {
        if (!await confirmAction({ title: t('End “{title}”?', { title: m.title }), confirm: t('End meeting'),
          message: t('End “{title}” for everyone in it?', { title: m.title }) })) return;
        try {
          await api.call('POST', `/admin/meetings/${encodeURIComponent(m.id)}/end`);
          toast(t('“{title}” ended', { title: m.title }));
        } catch (e) {
          toast(e.message);
        }
        reload();
      },
    }, t('End'))));
}

export function liveMeetingsPage(content) {
  const body = el('tbody', { id: 'live-meetings' });
  const table = el('table', { class: 'admin-table', 'aria-label': t('Live meetings') },
    el('thead', {}, el('tr', {}, ...[msg('Meeting'), msg('Host'), msg('Participants'), msg('Duration'), msg('Recording'), ''].map((h) => el('th', { scope: 'col' }, h && t(h))))),
    body);
  const status = el('p', { class: 'muted', role: 'status', id: 'live-status' });
  content.replaceChildren(el('h1', { id: 'admin-title' }, t('Live meetings')), status, table);
  const load = async () => {
    try {
      const { items } = await api.call('GET', '/admin/meetings/live');
      body.replaceChildren(...items.map((m) => meetingRow(m, load)));
      table.hidden = items.length === 0;
      status.textContent = items.length ? '' : t('No meeting is live right now.');
    } catch (e) {
      status.textContent = e.message;
    }
  };
  return whileShown(content, 5000, load);
}
