// Cluster: every node the shared database knows — alive or dead with the age of its last heartbeat,
// its load and version — and the meetings each hosts with their participants, refreshed every 5
// seconds. On a single site it says so and shows this appliance as the one node (docs/cluster.md).
import * as api from '../../api.js';
import { el } from '../../ui/dom.js';
import { locale, t } from '../../i18n.js';
import { whileShown } from './poll.js';

/** How long ago a heartbeat was, to the second. */
function age(ms) {
  const s = Math.round(ms / 1000);
  return s < 120 ? t('{seconds} s ago', { seconds: s }) : t('{minutes} min ago', { minutes: Math.round(s / 60) });
}

function fact(cls, label, value) {
  return el('div', { class: `figure ${cls}` }, el('dt', {}, label), el('dd', {}, value));
}

/** The meetings on one node: the live ones it reported with their people, then leases it holds but did not report. */
function meetingList(id, live, placed) {
  const known = new Set(live.map((m) => m.id));
  const items = [
    ...live.map((m) => {
      const rooms = new Set(m.participants.map((p) => p.room)).size;
      return el('li', { class: 'cluster-meeting', 'data-id': m.id },
        el('strong', {}, m.title), ' ', el('span', { class: 'muted' }, m.code), ' — ',
        el('span', { class: 'count' }, m.participants.length === 1 ? t('1 participant') : t('{n} participants', { n: m.participants.length })),
        rooms > 1 ? el('span', { class: 'muted' }, ` ${t('in {rooms} rooms', { rooms })}`) : null);
    }),
    ...placed.filter((p) => !known.has(p.meeting)).map((p) => el('li', { class: 'cluster-meeting', 'data-id': p.meeting },
      el('strong', {}, p.title), ' ', el('span', { class: 'muted' }, p.code), ' — ',
      el('span', { class: 'count muted' }, t('participants unknown (node not answering)')))),
  ];
  return items.length
    ? el('ul', { class: 'plain', 'aria-labelledby': id }, ...items)
    : el('p', { class: 'muted' }, t('No meeting is live on this node.'));
}

function nodeCard(n, clustered, live, placed) {
  const name = clustered ? n.node : t('This appliance');
  const id = `cluster-node-title-${clustered ? n.node : 'single'}`;
  const state = n.alive
    ? el('span', { class: 'badge node-alive' }, t('alive'))
    : el('span', { class: 'badge node-dead' }, t('dead'));
  const figures = [
    fact('node-url', t('Address'), n.url ?? location.origin),
    fact('node-version', t('Version'), n.version ?? t('unknown')),
  ];
  if (clustered) {
    figures.push(fact('node-heartbeat', t('Last heartbeat'), age(n.heartbeatAgeMillis)));
    figures.push(fact('node-participants', t('Participants'), t('{count} of {capacity}', { count: n.participants, capacity: n.capacity })));
  } else {
    figures.push(fact('node-participants', t('Participants'), String(n.participants)));
  }
  figures.push(fact('node-meetings', t('Live meetings'), String(n.meetings)));
  figures.push(fact('node-media-rooms', t('Media rooms'), String(n.mediaRooms)));
  if (clustered) figures.push(fact('node-packets', t('Media packets/s out'), String(n.packetsOutPerSecond)));
  const meetingsId = `${id}-meetings`;
  return el('li', { class: `cluster-node${n.alive ? '' : ' dead'}`, 'data-node': n.node ?? '', 'aria-labelledby': id },
    el('h2', { id }, name, ' ', state, n.self && clustered ? el('span', { class: 'badge' }, t('this node')) : null),
    el('dl', { class: 'figures' }, ...figures),
    el('h3', { id: meetingsId }, t('Meetings on this node')),
    meetingList(meetingsId, live, placed));
}

export function clusterPage(content) {
  const summary = el('p', { id: 'cluster-summary' });
  const status = el('p', { class: 'muted', role: 'status', id: 'cluster-status' });
  const list = el('ul', { class: 'plain cluster-nodes', id: 'cluster-nodes', 'aria-label': t('Nodes') });
  content.replaceChildren(el('h1', { id: 'admin-title' }, t('Cluster')), summary, list, status);
  return whileShown(content, 5000, async () => {
    try {
      const [c, { items }] = await Promise.all([api.call('GET', '/admin/cluster'), api.call('GET', '/admin/meetings/live')]);
      const alive = c.nodes.filter((n) => n.alive).length;
      summary.textContent = c.clustered
        ? t('{alive} of {total} nodes alive; this page comes from node {node}. A node is dead after {seconds} s without a heartbeat.',
          { alive, total: c.nodes.length, node: c.thisNode, seconds: c.nodeTimeoutMillis / 1000 })
        : t('This appliance runs alone: no cluster is configured (cluster.enabled is off).');
      summary.dataset.clustered = String(c.clustered);
      list.replaceChildren(...c.nodes.map((n) => nodeCard(n, c.clustered,
        items.filter((m) => (m.node ?? null) === n.node), c.placements.filter((p) => p.node === n.node))));
      status.textContent = c.error ?? t('Updated {time}', { time: new Date().toLocaleTimeString(locale()) });
    } catch (e) {
      status.textContent = e.message;
    }
  });
}
