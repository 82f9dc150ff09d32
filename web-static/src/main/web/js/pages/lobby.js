// Pre-join lobby: camera and microphone preview, device pickers, a level meter, name and passcode.
import * as api from '../api.js';
import { el } from '../ui/dom.js';
import { msg, t } from '../i18n.js';
import { icon, setIcon } from '../ui/icons.js';
import { attachMenu, menuGroup, menuItem } from '../ui/menu.js';
import { effectsControls } from '../ui/effects.js';
import { LocalEffects } from '../effects/local.js';
import { storedBackground, storedNoiseSuppression } from '../effects/store.js';
import { mark } from '../room/network.js';

const NAME_KEY = 'zvc.displayName';
/** A device's kind in words, for devices the browser does not name yet. */
export const KINDS = { videoinput: msg('Camera'), audioinput: msg('Microphone'), audiooutput: msg('Speaker') };

/** The name typed last time on this browser (guests need not type it again). */
function rememberedName() {
  try {
    return localStorage.getItem(NAME_KEY);
  } catch {
    return null;
  }
}

function rememberName(name) {
  try {
    if (name) localStorage.setItem(NAME_KEY, name);
  } catch {
    // storage disabled
  }
}

export function unsupportedReason() {
  if (!window.isSecureContext) return t('This page must be opened over HTTPS to use the camera and microphone.');
  if (!window.RTCPeerConnection || !navigator.mediaDevices?.getUserMedia) {
    return t('This browser cannot join meetings. Use a current Chrome, Edge, Firefox or Safari.');
  }
  return null;
}

export function mediaErrorMessage(e) {
  switch (e?.name) {
    case 'NotAllowedError': return t('Camera and microphone access was denied. Allow it in the browser\'s site settings (the icon left of the address), or join without them.');
    case 'NotFoundError': return t('No camera or microphone was found. You can still join to watch and listen.');
    case 'NotReadableError': return t('The camera or microphone is in use by another application.');
    default: return t('Cannot use the camera or microphone: {reason}', { reason: e?.message ?? e });
  }
}

async function devices(kind) {
  return (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === kind);
}

/**
 * The transport a support person asked to keep ('relay', 'relay-tls', 'tcp' or 'udp'), set from the console with
 * localStorage.setItem('zvc.transport', 'relay'); the page's ?transport= wins over it.
 */
function storedTransport() {
  try {
    return localStorage.getItem('zvc.transport');
  } catch {
    return null; // storage disabled
  }
}

export async function lobbyPage(view, code, params, onJoin) {
  const unsupported = unsupportedReason();
  if (unsupported) {
    view.replaceChildren(el('div', { class: 'card', role: 'alert' }, el('h1', {}, t('Cannot join here')), el('p', {}, unsupported)));
    return;
  }
  let lobby;
  try {
    lobby = await api.call('GET', `/meetings/${encodeURIComponent(code)}/lobby`);
  } catch (e) {
    view.replaceChildren(el('div', { class: 'card' }, el('h1', {}, t('Meeting not found')), el('p', {}, e.message), el('a', { href: '/' }, t('Back to start'))));
    return;
  }
  if (lobby.status === 'cancelled') {
    view.replaceChildren(el('div', { class: 'card' }, el('h1', {}, t('This meeting was cancelled')), el('a', { href: '/' }, t('Back to start'))));
    return;
  }
  const s = api.session();
  const res = Number.parseInt(params.get('res') ?? '', 10);
  const maxHeight = res > 0 ? Math.min(res, 1080) : 720;
  const error = el('p', { class: 'error', role: 'alert' });
  const preview = el('video', { autoplay: true, playsinline: true, muted: true, 'aria-label': t('Camera preview') });
  preview.muted = true;
  const meter = el('meter', { min: '0', max: '1', value: '0', 'aria-label': t('Microphone level'), id: 'mic-level' });
  const camSelect = el('select', { id: 'camera-select', 'aria-label': t('Camera') });
  const micSelect = el('select', { id: 'mic-select', 'aria-label': t('Microphone') });
  const speakerSelect = el('select', { id: 'speaker-select', 'aria-label': t('Speaker') });
  const name = el('input', { id: 'f-displayName', name: 'displayName', required: true, maxlength: '100',
    autocomplete: 'name', value: params.get('name') ?? s?.user?.displayName ?? rememberedName() ?? '' });
  const passcodeKey = params.get('pk');
  const passcode = el('input', { id: 'f-passcode', name: 'passcode', type: 'password', value: params.get('pwd') ?? '' });
  // End-to-end encrypted meetings: an optional passphrase the participants agree on outside the meeting. It stays in
  // this page (never sent to the server); a link may carry it after '#' (e2ee-passphrase=…), which browsers do not send.
  const fragment = new URLSearchParams(location.hash.slice(1));
  if (fragment.has('e2ee-passphrase')) history.replaceState(history.state, '', location.pathname + location.search); // off the address bar
  const e2eePassphrase = el('input', { id: 'f-e2ee-passphrase', name: 'e2eePassphrase', type: 'password', autocomplete: 'off',
    value: fragment.get('e2ee-passphrase') ?? '', 'aria-describedby': 'e2ee-passphrase-help' });
  // Toggles on the preview, as in the room: pressed = muted / camera off.
  const toggle = (id, on, off, label, pressed) => {
    const b = el('button', { type: 'button', id, class: 'tool round', 'aria-pressed': String(pressed), 'aria-label': label, title: label }, icon(pressed ? off : on));
    b.addEventListener('click', () => {
      const now = b.getAttribute('aria-pressed') !== 'true';
      b.setAttribute('aria-pressed', String(now));
      setIcon(b, now ? off : on);
      apply();
    });
    return b;
  };
  const joinMuted = toggle('join-muted', 'mic', 'micOff', t('Join muted'), params.get('muted') === '1');
  const cameraOff = toggle('camera-off', 'cam', 'camOff', t('Camera off'), params.get('camera') === 'off');
  const pressed = (b) => b.getAttribute('aria-pressed') === 'true';
  /** The preview follows the toggles: a muted microphone, a dark camera. */
  function apply() {
    const stream = effects?.stream;
    stream?.getAudioTracks().forEach((t) => { t.enabled = !pressed(joinMuted); });
    stream?.getVideoTracks().forEach((t) => { t.enabled = !pressed(cameraOff); });
    preview.classList.toggle('off', pressed(cameraOff));
  }
  let effects = null; // LocalEffects: the camera and microphone with background and noise suppression
  let audioCtx = null;
  let noMedia = false;
  const notice = (text) => { error.textContent = text; };
  const effectsUi = effectsControls(() => effects, 'lobby');

  async function open() {
    effects?.stop();
    effects = null;
    try {
      const stream = await navigator.mediaDevices.getUserMedia({
        audio: micSelect.value ? { deviceId: { exact: micSelect.value } } : true,
        video: { deviceId: camSelect.value ? { exact: camSelect.value } : undefined,
          width: { ideal: Math.round(maxHeight * 16 / 9) }, height: { ideal: maxHeight } },
      });
      error.textContent = '';
      mark('lobby: camera and microphone');
      effects = new LocalEffects(stream, notice);
      window.zvcLobbyEffects = effects; // read by tests
      // The preview shows the camera at once and follows the tracks the effects swap in as they load.
      const show = () => { preview.srcObject = new MediaStream(effects.stream.getVideoTracks()); apply(); };
      // Noise suppression may open the microphone again (effects/local.js): the meter follows it.
      effects.onreplace = async (kind) => { show(); if (kind === 'audio') meterFor(effects.raw); };
      show();
      noMedia = false;
      meterFor(stream);
      await effects.setNoiseSuppression(storedNoiseSuppression());
      mark('lobby: noise suppression set');
      await effects.setBackground(storedBackground());
      mark('lobby: background set');
      effectsUi.sync(); // the controls work from here on
    } catch (e) {
      error.textContent = mediaErrorMessage(e);
      mark(`lobby: no camera or microphone (${e.name ?? e})`);
      noMedia = true;
    }
  }

  function meterFor(s) {
    try {
      audioCtx?.close();
      audioCtx = new AudioContext();
      const analyser = audioCtx.createAnalyser();
      audioCtx.createMediaStreamSource(s).connect(analyser);
      const data = new Uint8Array(analyser.fftSize);
      const tick = () => {
        if (audioCtx.state === 'closed') return;
        analyser.getByteTimeDomainData(data);
        let peak = 0;
        for (const v of data) peak = Math.max(peak, Math.abs(v - 128) / 128);
        meter.value = peak;
        requestAnimationFrame(tick);
      };
      tick();
    } catch {
      // no Web Audio: the meter stays at zero
    }
  }

  async function fillDevices() {
    const fill = async (select, kind) => {
      const list = await devices(kind);
      select.replaceChildren(...list.map((d, i) => el('option', { value: d.deviceId }, d.label || `${t(KINDS[kind])} ${i + 1}`)));
      select.disabled = list.length === 0;
    };
    await fill(camSelect, 'videoinput');
    await fill(micSelect, 'audioinput');
    await fill(speakerSelect, 'audiooutput');
    if (!('setSinkId' in HTMLMediaElement.prototype)) speakerSelect.disabled = true;
  }

  camSelect.onchange = open;
  micSelect.onchange = open;
  // Device menus on the preview: the same choices as the pickers below, a click away.
  const radios = (select, label) => menuGroup(label, [...select.options].map((o) => menuItem({ role: 'menuitemradio', label: o.textContent,
    checked: o.value === select.value, onSelect: () => { select.value = o.value; select.dispatchEvent(new Event('change')); } })));
  const micChevron = el('button', { type: 'button', id: 'lobby-mic-menu', class: 'tool round chevron', 'aria-label': t('Choose microphone and speaker') }, icon('chevron'));
  const camChevron = el('button', { type: 'button', id: 'lobby-cam-menu', class: 'tool round chevron', 'aria-label': t('Choose camera') }, icon('chevron'));
  const micMenu = attachMenu(micChevron, { label: t('Microphone and speaker'), items: () => [radios(micSelect, t('Microphone')),
    speakerSelect.disabled ? null : radios(speakerSelect, t('Speaker'))] });
  const camMenu = attachMenu(camChevron, { label: t('Camera'), items: () => [radios(camSelect, t('Camera'))] });
  // The pickers themselves behind a disclosure button (hidden, not a closed <details>: its
  // fields would still count as shown).
  const effectsBox = el('div', { class: 'lobby-effects', role: 'group', 'aria-label': t('Effects') }, effectsUi.element);
  const pickers = el('div', { id: 'device-pickers', hidden: true },
    el('label', { for: 'camera-select' }, t('Camera')), camSelect,
    el('label', { for: 'mic-select' }, t('Microphone')), micSelect,
    el('label', { for: 'speaker-select' }, t('Speaker')), speakerSelect,
    // Background and noise suppression with the devices, so Join stays in view on a laptop screen.
    effectsBox);
  const devicesBox = el('div', { class: 'devices' }, el('button', { type: 'button', id: 'device-toggle', class: 'link', 'aria-expanded': 'false',
    'aria-controls': 'device-pickers', onclick: (e) => {
      pickers.hidden = !pickers.hidden;
      e.currentTarget.setAttribute('aria-expanded', String(!pickers.hidden));
    } }, t('Devices')), pickers);
  const form = el('form', { class: 'card lobby', 'aria-label': t('Join meeting') },
    el('h1', {}, lobby.title),
    el('div', { class: 'preview-box' }, preview,
      el('div', { class: 'preview-controls', role: 'group', 'aria-label': t('Camera and microphone') },
        el('span', { class: 'split' }, joinMuted, micChevron), micMenu.menu, el('span', { class: 'split' }, cameraOff, camChevron), camMenu.menu)),
    el('label', { for: 'mic-level' }, t('Microphone level')), meter,
    el('div', { class: 'lobby-fields' },
      el('div', {}, el('label', { for: 'f-displayName' }, t('Your name')), name),
      lobby.passcodeRequired && !passcodeKey ? el('div', {}, el('label', { for: 'f-passcode' }, t('Passcode')), passcode) : null,
      lobby.e2ee ? el('div', {}, el('label', { for: 'f-e2ee-passphrase' }, t('Encryption passphrase (optional)')), e2eePassphrase,
        el('small', { id: 'e2ee-passphrase-help', class: 'muted' },
          t('Only if your group agreed on one. It never leaves this browser; everyone must type the same.'))) : null),
    error, el('div', { class: 'row' }, el('button', { type: 'submit', class: 'primary', id: 'join' }, t('Join meeting')),
      el('a', { href: '/selftest', target: '_blank', rel: 'noopener', id: 'lobby-selftest' }, t('Test your connection'))), devicesBox);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    mark('lobby: join asked');
    try {
      const grant = await api.call('POST', `/meetings/${encodeURIComponent(code)}/join`, {
        displayName: name.value || undefined, passcode: passcode.value || undefined, passcodeKey: passcodeKey || undefined,
      });
      mark('lobby: join granted');
      audioCtx?.close();
      if (!s?.user) rememberName(name.value.trim());
      await onJoin(grant, {
        stream: noMedia ? null : effects?.stream ?? null, effects: noMedia ? null : effects, maxHeight, joinMuted: pressed(joinMuted), cameraOff: pressed(cameraOff),
        title: lobby.title, passcodeRequired: lobby.passcodeRequired,
        speaker: speakerSelect.value, iceTransport: params.get('transport') ?? storedTransport() ?? 'all', simulcast: params.get('simulcast') !== '0',
        passcode: passcode.value || undefined, passcodeKey: passcodeKey || undefined,
        meetingId: lobby.id, e2eePassphrase: lobby.e2ee ? e2eePassphrase.value : '',
      });
    } catch (err) {
      mark(`lobby: join failed (${err.message})`);
      error.textContent = err.message;
    }
  });
  view.replaceChildren(form);
  await open();
  await fillDevices();
  mark('lobby: devices listed');
  if (params.get('autojoin') === '1') form.requestSubmit();
}
