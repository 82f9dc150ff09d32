// Recordings: the host's (an admin's: everyone's) recordings, transcript search, playback with
// captions, the speaker-attributed transcript beside the video, downloads and delete.
import * as api from '../api.js';
import { el, toast } from '../ui/dom.js';
import { locale, t } from '../i18n.js';
import { summarySection } from './summary.js';

function duration(s) {
  if (s === null || s === undefined) return '';
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

function size(bytes) {
  if (bytes >= 1 << 30) return `${(bytes / (1 << 30)).toFixed(1)} GB`;
  if (bytes >= 1 << 20) return `${(bytes / (1 << 20)).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function statusText(r) {
  if (r.status === 'recording') return t('Recording…');
  if (r.status === 'processing') return t('Processing {percent}%', { percent: r.progress ?? 0 });
  if (r.status === 'failed') return t('Failed');
  return '';
}

/** The list, with a search box over transcripts and titles. */
export async function recordingsPage(view, go) {
  const results = el('ul', { class: 'list recordings', 'aria-label': t('Recordings'), id: 'recordings-list' });
  const search = el('input', { id: 'recording-search', type: 'search', placeholder: t('Search transcripts and titles'), 'aria-label': t('Search recordings') });
  const status = el('p', { class: 'muted', role: 'status' });
  let timer = null;
  const load = async () => {
    clearTimeout(timer);
    const q = search.value.trim();
    try {
      const data = await api.call('GET', `/recordings${q ? `?q=${encodeURIComponent(q)}` : ''}`);
      results.replaceChildren(...data.items.map((r) => el('li', { class: 'recording-item', 'data-id': r.id },
        el('a', { href: `/recordings/${r.id}`, onclick: (e) => { e.preventDefault(); go(`/recordings/${r.id}`); } },
          r.meetingTitle || t('Meeting')),
        ' ', el('span', { class: 'muted' }, `${new Date(r.startedAt).toLocaleString(locale())} · ${duration(r.durationSeconds)} · ${size(r.sizeBytes)}`),
        statusText(r) ? el('span', { class: 'badge' }, statusText(r)) : null,
        r.hasTranscript ? el('span', { class: 'badge', title: t('Has a transcript') }, t('Transcript')) : null)));
      status.textContent = data.items.length ? '' : q ? t('No recording mentions “{query}”.', { query: q }) : t('No recordings yet. Hosts record from the meeting toolbar.');
      if (data.items.some((r) => r.status === 'recording' || r.status === 'processing')) timer = setTimeout(load, 3000);
    } catch (e) {
      status.textContent = e.message;
    }
  };
  search.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(load, 250); });
  view.replaceChildren(el('section', { class: 'card wide', 'aria-labelledby': 'rec-title' },
    el('h1', { id: 'rec-title' }, t('Recordings')), search, status, results));
  await load();
}

/** One recording: video with captions, transcript (click a line to jump there), files. */
export async function recordingPage(view, id, go) {
  let r;
  try {
    r = await api.call('GET', `/recordings/${encodeURIComponent(id)}`);
  } catch (e) {
    view.replaceChildren(el('div', { class: 'card' }, el('h1', {}, t('Recording')), el('p', { class: 'error' }, e.message)));
    return;
  }
  const file = (kind) => r.files?.find((f) => f.kind === kind);
  const header = el('div', { class: 'row' }, el('a', { href: '/recordings', onclick: (e) => { e.preventDefault(); go('/recordings'); } }, t('← Recordings')));
  const title = el('h1', { id: 'recording-title' }, r.meetingTitle || t('Meeting'));
  const meta = el('p', { class: 'muted' }, `${new Date(r.startedAt).toLocaleString(locale())} · ${duration(r.durationSeconds)}`
    + (r.startedBy ? ` · ${t('recorded by {name}', { name: r.startedBy })}` : ''));
  if (r.status === 'recording' || r.status === 'processing') {
    view.replaceChildren(el('section', { class: 'card wide' }, header, title, meta,
      el('p', { role: 'status', id: 'recording-progress' }, statusText(r))));
    setTimeout(() => { if (location.pathname === `/recordings/${id}`) recordingPage(view, id, go); }, 3000);
    return;
  }
  const parts = [header, title, meta];
  if (r.error) parts.push(el('p', { class: 'muted', role: 'note' }, r.error));
  const composed = file('composed');
  const firstTrack = r.files?.find((f) => f.kind === 'track' && f.contentType.startsWith('video'));
  const playable = composed ?? firstTrack;
  let video = null;
  if (playable) {
    video = el('video', { id: 'recording-video', controls: true, preload: 'metadata', src: playable.url });
    const captions = file('captions');
    if (captions) {
      video.append(el('track', { kind: 'captions', label: t('Transcript'), srclang: 'en', src: captions.url, default: true }));
    }
    parts.push(video);
  }
  const transcript = el('ol', { class: 'transcript', id: 'recording-transcript', 'aria-label': t('Transcript') });
  // hasTranscript is the list's badge too: both say the same about a recording nobody spoke in.
  const transcriptFile = r.hasTranscript ? r.files?.find((f) => f.name === 'transcript.txt') : null;
  if (transcriptFile) {
    try {
      // The signed link, like the video's: no token handling here.
      const res = await fetch(transcriptFile.url);
      const text = res.ok ? await res.text() : '';
      for (const line of text.split('\n').filter(Boolean)) {
        const m = line.match(/^\[(\d+):(\d+):(\d+)\] ([^:]+): (.*)$/);
        if (!m) continue;
        const at = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
        transcript.append(el('li', {},
          el('button', { class: 'link', 'aria-label': t('Play from {time}', { time: `${m[1]}:${m[2]}:${m[3]}` }), onclick: () => { if (video) { video.currentTime = at; video.play().catch(() => {}); } } },
            `${m[2]}:${m[3]}`),
          ' ', el('strong', {}, m[4]), ' ', m[5]));
      }
    } catch {
      // the captions still show on the video
    }
  }
  if (r.files?.some((f) => f.kind === 'summary')) {
    try {
      parts.push(summarySection(await api.call('GET', `/recordings/${encodeURIComponent(id)}/summary`), id));
    } catch {
      // the transcript below still says what was said
    }
  }
  parts.push(el('h2', {}, t('Transcript')), transcript.childElementCount ? transcript : el('p', { class: 'muted' }, t('No transcript.')));
  parts.push(el('h2', {}, t('Files')), el('ul', { class: 'list', id: 'recording-files' },
    ...(r.files ?? []).map((f) => el('li', {}, el('a', { href: f.url, download: f.name }, f.name), ' ',
      el('span', { class: 'muted' }, size(f.sizeBytes))))));
  parts.push(el('div', { class: 'row' }, el('button', { class: 'danger', id: 'delete-recording', onclick: async () => {
    if (!confirm(t('Delete this recording and all its files?'))) return;
    try {
      await api.call('DELETE', `/recordings/${encodeURIComponent(id)}`);
      toast(t('Recording deleted'));
      go('/recordings');
    } catch (e) {
      toast(e.message);
    }
  } }, t('Delete'))));
  view.replaceChildren(el('section', { class: 'card wide recording-detail', 'aria-labelledby': 'recording-title' }, ...parts));
}
