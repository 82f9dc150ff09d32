// Live meetings: who is in each with their network quality, for how long, recording or not; end a
// meeting or remove someone.
import * as api from '../../api.js';
import { el, toast } from '../../ui/dom.js';
import { confirmAction } from '../../ui/confirm.js';
import { whileShown } from './poll.js';
import { bitrate, duration } from './format.js';

const LAYERS = ['low', 'medium', 'high'];

/** The SFU's figures for one participant: what they send, its loss and jitter, and the layer they get. */
function quality(p) {
  const q = p.quality;
  if (!q) return el('span', { class: 'quality muted' }, 'no media yet');
  const fact = (cls, label, value) => el('span', { class: cls }, el('span', { class: 'muted' }, `${label} `), value);
  return el('span', { class: 'quality' },
    fact('q-bitrate', 'sends', bitrate(q.bitrateInBps)),
    fact('q-loss', 'loss', `${q.lossPercent.toFixed(1)} %`),
    fact('q-jitter', 'jitter', `${q.jitterMs.toFixed(1)} ms`),
    fact('q-layer', 'gets', q.layer === null ? '—' : `${LAYERS[q.layer] ?? q.layer} layer`),
    p.downlinkBps ? fact('q-downlink', 'downlink', bitrate(p.downlinkBps)) : null);
}

function participantRow(meeting, p, reload) {
  return el('li', { class: 'admin-participant', 'data-id': p.id },
    el('span', {}, p.displayName), ' ',
    el('span', { class: 'muted' }, [p.role, p.room === 'main' ? null : `room ${p.room}`, p.guest ? 'guest' : null]
      .filter(Boolean).join(' · ')), ' ',
    quality(p), ' ',
    el('button', {
      class: 'small', 'aria-label': `Remove ${p.displayName}`,
      onclick: async () => {
        if (!await confirmAction({ title: `Remove ${p.displayName}?`, confirm: 'Remove',
          message: `Remove ${p.displayName} from “${meeting.title}”? They can join again.` })) return;
        try {
          await api.call('DELETE', `/admin/meetings/${encodeURIComponent(meeting.id)}/participants/${encodeURIComponent(p.id)}`);
          toast(`${p.displayName} removed`);
        } catch (e) {
          toast(e.message);
        }
        reload();
      },
    }, 'Remove'));
}

function meetingRow(m, reload) {
  return el('tr', { 'data-id': m.id },
    el('td', { 'data-label': 'Meeting' }, el('strong', {}, m.title), el('div', { class: 'muted' }, m.code)),
    el('td', { 'data-label': 'Host' }, m.host ?? el('span', { class: 'muted' }, `none (owner ${m.ownerName ?? '?'})`)),
    el('td', { 'data-label': 'Participants' }, el('ul', { class: 'plain' }, ...m.participants.map((p) => participantRow(m, p, reload)))),
    el('td', { 'data-label': 'Duration' }, duration(m.durationSeconds)),
    el('td', { 'data-label': 'Recording' }, m.recording?.active ? el('span', { class: 'badge recording-on' }, 'Recording') : 'No'),
    el('td', {}, el('button', {
      class: 'danger', 'aria-label': `End ${m.title}`,
      onclick: async () => {
        if (!await confirmAction({ title: `End “${m.title}”?`, confirm: 'End meeting',
          message: `End “${m.title}” for everyone in it?` })) return;
        try {
          await api.call('POST', `/admin/meetings/${encodeURIComponent(m.id)}/end`);
          toast(`“${m.title}” ended`);
        } catch (e) {
          toast(e.message);
        }
        reload();
      },
    }, 'End')));
}

export function liveMeetingsPage(content) {
  const body = el('tbody', { id: 'live-meetings' });
  const table = el('table', { class: 'admin-table', 'aria-label': 'Live meetings' },
    el('thead', {}, el('tr', {}, ...['Meeting', 'Host', 'Participants', 'Duration', 'Recording', ''].map((h) => el('th', { scope: 'col' }, h)))),
    body);
  const status = el('p', { class: 'muted', role: 'status', id: 'live-status' });
  content.replaceChildren(el('h1', { id: 'admin-title' }, 'Live meetings'), status, table);
  const load = async () => {
    try {
      const { items } = await api.call('GET', '/admin/meetings/live');
      body.replaceChildren(...items.map((m) => meetingRow(m, load)));
      table.hidden = items.length === 0;
      status.textContent = items.length ? '' : 'No meeting is live right now.';
    } catch (e) {
      status.textContent = e.message;
    }
  };
  return whileShown(content, 5000, load);
}
