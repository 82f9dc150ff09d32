// The connection self-test (/selftest): before a meeting, checks each way media can reach the
// appliance from this network and says in plain words whether calls will work, and how. No
// sign-in needed: guests get a meeting link and may test too.
import { el } from '../ui/dom.js';
import { t } from '../i18n.js';

/** How long one ICE gathering may take before its check counts as failed. */
const GATHER_MS = 8000;

/**
 * Gathers candidates for a throw-away connection with {@code config}: resolves with the first
 * candidate {@code wanted} accepts as {candidate}, or, when gathering ends without one, with
 * {complete: true, errors} (the servers' icecandidateerror events), or {timedOut: true}.
 */
function gather(config, wanted) {
  return new Promise((resolve) => {
    const pc = new RTCPeerConnection(config);
    const errors = [];
    let done = false;
    const finish = (r) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      pc.close();
      resolve(r);
    };
    const timer = setTimeout(() => finish({ timedOut: true, errors }), GATHER_MS);
    pc.onicecandidateerror = (e) => errors.push(`${e.url ?? ''} ${e.errorCode} ${e.errorText ?? ''}`.trim());
    pc.onicecandidate = (e) => {
      if (!e.candidate) finish({ complete: true, errors });
      else if (wanted(e.candidate)) finish({ candidate: e.candidate });
    };
    pc.createDataChannel('selftest');
    pc.createOffer().then((o) => pc.setLocalDescription(o)).catch(() => finish(null));
  });
}

function hostPart(address) {
  return address.includes(':') ? `[${address}]` : address;
}

/** The checks, each a name, what it means and how it runs: resolves to {ok, detail}. */
function checks(net) {
  const turn = net.iceServers[0];
  const relay = (name, url, why) => ({
    id: name, title: why, run: async () => {
      if (!turn || !url) return { ok: false, detail: t('This server offers no relay.') };
      const { candidate: c } = await gather({ iceServers: [{ urls: [url], username: turn.username, credential: turn.credential }],
        iceTransportPolicy: 'relay' }, (cand) => cand.type === 'relay');
      const server = url.replace(/\?.*$/, '');
      return c ? { ok: true, detail: t('Relay reached at {server}.', { server }) }
        : { ok: false, detail: t('No answer from {server} within {seconds} s.', { server, seconds: GATHER_MS / 1000 }) };
    },
  });
  const urls = turn ? [].concat(turn.urls) : [];
  return [
    { id: 'https', title: t('Secure connection to the server'), run: async () => ({ ok: true, detail: t('HTTPS to {host}.', { host: location.host }) }) },
    {
      id: 'signaling', title: t('Meeting signaling (WebSocket)'), run: () => new Promise((resolve) => {
        const ws = new WebSocket(`wss://${location.host}/signal`);
        const timer = setTimeout(() => { ws.close(); resolve({ ok: false, detail: t('The WebSocket did not open within 8 s (a proxy may block it).') }); }, 8000);
        ws.onopen = () => { clearTimeout(timer); ws.close(); resolve({ ok: true, detail: t('The WebSocket opened.') }); };
        ws.onerror = () => { clearTimeout(timer); resolve({ ok: false, detail: t('The WebSocket was refused (a proxy may block it).') }); };
      }),
    },
    {
      id: 'udp', title: t('Direct media over UDP (port {port})', { port: net.mediaPort }), run: async () => {
        const servers = net.mediaAddresses.slice(0, 3).map((a) => `stun:${hostPart(a)}:${net.mediaPort}`);
        if (!servers.length) return { ok: false, detail: t('The server announced no media address.') };
        // Without NAT the server's answer equals a host candidate, which browsers leave out as
        // redundant: so also ask the server whether our request arrived (same address as this page's).
        let stop = false;
        const asked = (async () => {
          while (!stop) {
            await new Promise((r) => setTimeout(r, 1000));
            try {
              if ((await (await fetch('/api/v1/selftest/udp', { cache: 'no-store' })).json()).reached) return true;
            } catch {
              // try again until the gathering ends
            }
          }
          return false;
        })();
        const r = await Promise.race([gather({ iceServers: [{ urls: servers }] }, (cand) => cand.type === 'srflx'),
          asked.then((seen) => (seen ? { seen } : new Promise(() => {})))]);
        stop = true;
        if (r.candidate) return { ok: true, detail: t('UDP reaches the media port (seen from the server as {address}).', { address: r.candidate.address ?? t('this device') }) };
        if (r.seen) return { ok: true, detail: t('UDP reaches the media port.') };
        return { ok: false, detail: t('No answer from UDP port {port} within {seconds} s.', { port: net.mediaPort, seconds: GATHER_MS / 1000 }) };
      },
    },
    relay('turn-udp', urls.find((u) => u.startsWith('turn:') && u.includes('transport=udp')), t('Relay over UDP (TURN)')),
    relay('turn-tcp', urls.find((u) => u.startsWith('turn:') && u.includes('transport=tcp')), t('Relay over TCP (TURN)')),
    relay('turn-tls', urls.find((u) => u.startsWith('turns:')), t('Relay over TLS on the HTTPS port')),
  ];
}

/** One sentence for the person testing: will calls work, and how. */
function verdict(results) {
  const ok = (id) => results[id]?.ok;
  if (!ok('signaling')) return { level: 'bad', text: t('Meetings cannot start from this network: the signaling connection is blocked. Ask your IT department to allow WebSocket connections to this server.') };
  if (ok('udp')) return { level: 'good', text: t('Your network is ready: audio and video go directly to the server.') };
  const via = ['turn-udp', 'turn-tcp', 'turn-tls'].find(ok);
  if (via) {
    const text = {
      'turn-udp': t('Meetings will work through the server\'s relay (over UDP). Quality may be a little lower than on a direct path.'),
      'turn-tcp': t('Meetings will work through the server\'s relay (over TCP). Quality may be a little lower than on a direct path.'),
      'turn-tls': t('Meetings will work through the server\'s relay (over TLS on the HTTPS port). Quality may be a little lower than on a direct path.'),
    }[via];
    return { level: 'ok', text };
  }
  return { level: 'bad', text: t('Audio and video cannot reach the server from this network. Ask your IT department to allow UDP to the media port, or TCP to the HTTPS port.') };
}

export async function selfTestPage(view) {
  const list = el('ul', { class: 'selftest', 'aria-live': 'polite' });
  const summary = el('p', { id: 'selftest-verdict', class: 'selftest-verdict', role: 'status' }, t('Testing…'));
  const again = el('button', { type: 'button', disabled: true }, t('Test again'));
  view.replaceChildren(el('section', { class: 'card' },
    el('h1', {}, t('Connection test')),
    el('p', { class: 'muted' }, t('Checks whether audio and video can reach this server from your network. It takes a few seconds and uses no camera or microphone.')),
    list, summary, el('div', { class: 'row' }, again)));
  const run = async () => {
    again.disabled = true;
    summary.textContent = t('Testing…');
    summary.className = 'selftest-verdict';
    window.zvcSelfTest = { done: false, results: {} };
    let net;
    try {
      const res = await fetch('/api/v1/selftest', { cache: 'no-store' });
      if (!res.ok) throw new Error(t('the server answered {status}', { status: res.status }));
      net = await res.json();
    } catch (e) {
      summary.textContent = t('The server could not be asked what to test ({reason}).', { reason: e.message });
      summary.className = 'selftest-verdict bad';
      again.disabled = false;
      return;
    }
    const all = checks(net);
    const rows = new Map(all.map((c) => [c.id, el('li', { id: `selftest-${c.id}`, 'data-state': 'running' },
      el('span', { class: 'selftest-mark', 'aria-hidden': 'true' }, '…'),
      el('div', {}, el('strong', {}, c.title), el('div', { class: 'muted' }, t('testing…'))))]));
    list.replaceChildren(...rows.values());
    const results = {};
    await Promise.all(all.map(async (c) => {
      let r;
      try {
        r = await c.run();
      } catch (e) {
        r = { ok: false, detail: e.message };
      }
      results[c.id] = r;
      const row = rows.get(c.id);
      row.dataset.state = r.ok ? 'pass' : 'fail';
      row.replaceChildren(el('span', { class: 'selftest-mark', 'aria-hidden': 'true' }, r.ok ? '✓' : '✗'),
        el('div', {}, el('strong', {}, c.title), ' ', el('span', { class: 'sr-only' }, r.ok ? t('passed') : t('failed')),
          el('div', { class: 'muted' }, r.detail)));
    }));
    const v = verdict(results);
    summary.textContent = v.text;
    summary.className = `selftest-verdict ${v.level}`;
    window.zvcSelfTest = { done: true, results, verdict: v };
    again.disabled = false;
  };
  again.addEventListener('click', run);
  await run();
}
