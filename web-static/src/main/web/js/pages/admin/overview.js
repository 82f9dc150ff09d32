// Overview: the server at a glance, refreshed every 5 seconds, and charts of the last 24 hours
// from the appliance's own one-minute history, refreshed every minute.
import * as api from '../../api.js';
import { el } from '../../ui/dom.js';
import { locale, t } from '../../i18n.js';
import { lineChart } from '../../ui/chart.js';
import { whileShown } from './poll.js';
import { bitrate, bytes, duration, percent } from './format.js';

function figure(id, label) {
  const value = el('dd', { id: `figure-${id}` }, '…');
  return { node: el('div', { class: 'figure' }, el('dt', {}, label), value), value };
}

export function overviewPage(content) {
  const figures = {
    meetings: figure('meetings', t('Live meetings')),
    participants: figure('participants', t('Participants')),
    packets: figure('packets', t('Media packets/s (in / out)')),
    bitrate: figure('bitrate', t('Media bitrate (in / out)')),
    cpu: figure('cpu', t('CPU (appliance / machine)')),
    memory: figure('memory', t('Memory (used of max)')),
    disk: figure('disk', t('Recordings disk (used / free)')),
    uptime: figure('uptime', t('Uptime')),
    version: figure('version', t('Version')),
  };
  const status = el('p', { class: 'muted', role: 'status', id: 'overview-status' });
  const charts = el('div', { class: 'charts', id: 'history-charts' });
  const historyNote = el('p', { class: 'muted', id: 'history-note' });
  content.replaceChildren(el('h1', { id: 'admin-title' }, t('Overview')),
    el('dl', { class: 'figures', id: 'overview-figures' }, ...Object.values(figures).map((f) => f.node)), status,
    el('h2', {}, t('Last 24 hours')), historyNote, charts);
  whileShown(charts, 60_000, () => drawHistory(charts, historyNote));
  return whileShown(content, 5000, async () => {
    try {
      const o = await api.call('GET', '/admin/overview');
      figures.meetings.value.textContent = String(o.liveMeetings);
      figures.participants.value.textContent = String(o.participants);
      figures.packets.value.textContent = `${o.media.packetsInPerSecond} / ${o.media.packetsOutPerSecond}`;
      figures.bitrate.value.textContent = `${bitrate(o.media.bitrateInBps)} / ${bitrate(o.media.bitrateOutBps)}`;
      figures.cpu.value.textContent = t('{process} / {system} of {processors} CPUs', { process: percent(o.cpu.process), system: percent(o.cpu.system), processors: o.cpu.processors });
      figures.memory.value.textContent = t('{used} of {max}', { used: bytes(o.memory.usedBytes), max: bytes(o.memory.maxBytes) });
      figures.disk.value.textContent = `${bytes(o.recordings.usedBytes)} / ${bytes(o.recordings.freeBytes)}`
        + (o.recordings.quotaBytes ? ` ${t('(quota {quota})', { quota: bytes(o.recordings.quotaBytes) })}` : '');
      figures.uptime.value.textContent = duration(o.uptimeSeconds);
      figures.version.value.textContent = o.version;
      status.textContent = t('Updated {time}', { time: new Date().toLocaleTimeString(locale()) });
    } catch (e) {
      status.textContent = e.message;
    }
  });
}

async function drawHistory(charts, note) {
  try {
    const h = await api.call('GET', '/admin/history');
    const samples = h.samples;
    note.textContent = samples.length
      ? t('One sample every {minutes} minute, kept {hours} hours; rates are averages over each minute.', { minutes: h.intervalSeconds / 60, hours: h.retentionHours })
      : t('The first sample is taken a minute after the server starts.');
    const count = (n) => String(Math.round(n));
    charts.replaceChildren(
      lineChart({ id: 'chart-participants', title: t('Participants'), samples, format: count,
        series: [{ label: t('Participants'), value: (s) => s.participants }] }),
      lineChart({ id: 'chart-meetings', title: t('Live meetings'), samples, format: count,
        series: [{ label: t('Meetings'), value: (s) => s.liveMeetings }] }),
      lineChart({ id: 'chart-bitrate', title: t('Media bitrate'), samples, format: bitrate,
        series: [{ label: t('In'), value: (s) => s.bitrateInBps }, { label: t('Out'), value: (s) => s.bitrateOutBps, className: 'second' }] }),
      lineChart({ id: 'chart-loss', title: t('Packet loss (uplink)'), samples, format: (v) => `${v.toFixed(1)} %`,
        series: [{ label: t('Loss'), value: (s) => s.lossPercent }] }));
  } catch (e) {
    note.textContent = e.message;
  }
}
