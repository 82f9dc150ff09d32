// Entry point: a tiny router over the pages of the client.
import * as api from './api.js';
import { Room } from './room.js';
import { networkLog } from './room/network.js';
import { viewChoices } from './room/store.js';
import { el } from './ui/dom.js';
import { languageSelect, loadLanguage, t } from './i18n.js';
import { applyTheme, themeSelect } from './theme.js';
import { serverText } from './server-errors.js';
import { homePage } from './pages/home.js';
import { lobbyPage } from './pages/lobby.js';
// The recordings, dashboard and connection-test pages load when first opened: someone joining a
// meeting (often on a phone) fetches a dozen fewer modules before the lobby shows.
const recordingsModule = () => import('./pages/recordings.js');
const adminModule = () => import('./pages/admin.js');
const selfTestModule = () => import('./pages/selftest.js');

const view = document.getElementById('view');
// The page's steps (lobby, join, network changes) from its first load, before there is a room: for support and tests.
window.zvcNetwork = networkLog;
const account = document.getElementById('account');

/** The organisation's name, logo and icon (set with zvc-admin branding; colours come in /branding.css). */
async function applyBranding() {
  try {
    const res = await fetch('/api/v1/branding');
    if (!res.ok) return;
    const b = await res.json();
    const brand = document.querySelector('.brand');
    document.title = b.productName;
    brand.setAttribute('aria-label', t('{product} home', { product: b.productName }));
    brand.replaceChildren(...(b.logo ? [el('img', { src: b.logo, alt: '', class: 'brand-logo' })] : []), b.productName);
    if (b.favicon) document.querySelector('link[rel=icon]')?.setAttribute('href', b.favicon);
    document.querySelector('meta[name=theme-color]')?.setAttribute('content', b.primaryColor);
    window.zvcBranding = b;
  } catch {
    // the defaults in the page stay
  }
}
applyBranding();
// The dashboard's branding page changed it: colours and name apply at once, without a reload.
window.addEventListener('zvc-branding', () => {
  document.querySelector('link[href^="/branding.css"]')?.setAttribute('href', `/branding.css?v=${Date.now()}`);
  applyBranding();
});

// Installable app (sw.js): the shell keeps opening offline. A browser that refuses the worker
// (no secure context, private mode) works as before.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js').catch((e) => console.info('no offline support:', e.message));
}

function go(path) {
  history.pushState({}, '', path);
  route();
}

function renderAccount() {
  account.replaceChildren();
  const s = api.session();
  if (s?.user) {
    if (s.user.role === 'admin') { // the server refuses non-admins anyway; this only hides the link
      account.append(el('a', { href: '/admin', id: 'nav-admin', onclick: (e) => { e.preventDefault(); go('/admin'); } }, t('Admin')), ' ');
    }
    account.append(el('a', { href: '/recordings', id: 'nav-recordings', onclick: (e) => { e.preventDefault(); go('/recordings'); } }, t('Recordings')), ' ',
      el('span', { class: 'muted' }, `${s.user.displayName} `),
      el('button', { id: 'sign-out', onclick: async () => {
        const provider = await api.logout();
        if (provider) location.assign(provider); else go('/');
      } }, t('Sign out')));
  }
}

function form(title, fields, submitLabel, onSubmit) {
  const error = el('p', { class: 'error', role: 'alert' });
  const f = el('form', { class: 'card', 'aria-label': title }, el('h1', {}, title), ...fields.flat(),
    error, el('div', { class: 'row' }, el('button', { type: 'submit', class: 'primary' }, submitLabel)));
  f.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    try {
      await onSubmit(Object.fromEntries(new FormData(f)));
    } catch (err) {
      error.textContent = err.message;
    }
  });
  return f;
}

/** A labelled input; ids carry the form's name, since sign-in and register share one page. */
function field(form, label, name, type = 'text') {
  const id = `${form}-${name}`;
  const password = form === 'register' ? 'new-password' : 'current-password';
  return [el('label', { for: id }, label), el('input', { id, name, type, required: true,
    autocomplete: name === 'password' ? password : name === 'email' ? 'email' : 'name' })];
}

function signInView(next) {
  const register = form(t('Create an account'), [field('register', t('Name'), 'displayName'), field('register', t('Email'), 'email', 'email'),
    field('register', t('Password (8+ characters)'), 'password', 'password')],
    t('Register'), async (d) => { await api.register(d.email, d.password, d.displayName); go(next); });
  const signin = form(t('Sign in'), [field('signin', t('Email'), 'email', 'email'), field('signin', t('Password'), 'password', 'password')],
    t('Sign in'), async (d) => { await api.login(d.email, d.password); go(next); });
  view.replaceChildren(signin, register, el('p', { class: 'muted center' }, t('Joining from a new network? '),
    el('a', { href: '/selftest', id: 'signin-selftest' }, t('Test your connection')), '.'));
  // The organisation's message (set on the dashboard's Branding page), as text above the forms.
  fetch('/api/v1/branding').then((r) => (r.ok ? r.json() : null)).then((b) => {
    if (b?.signInMessage && signin.isConnected) {
      view.prepend(el('p', { class: 'card sign-in-message', id: 'sign-in-message', role: 'note' }, b.signInMessage));
    }
  }).catch(() => {});
  if (ssoError) {
    signin.querySelector('.error').textContent = ssoError;
    ssoError = null;
  }
  // Single sign-on buttons: plain links, since the identity provider's pages take over the tab.
  api.call('GET', '/auth/providers').then((p) => {
    if (p.userNameLogin) {
      // A directory (LDAP) also signs in by plain user name, which an e-mail field would refuse.
      const login = signin.querySelector('#signin-email');
      login.type = 'text';
      login.autocomplete = 'username';
      signin.querySelector('label[for="signin-email"]').textContent = t('E-mail or user name');
    }
    // SSO-only: no local passwords, except the break-glass administrators' (?local=1) and a directory's (LDAP).
    const passwords = !p.ssoOnly || p.userNameLogin || new URLSearchParams(location.search).has('local');
    if (p.ssoOnly) {
      const note = el('p', { class: 'card muted', id: 'registration-sso-only' },
        t('Accounts on this server are made when you first sign in with single sign-on.'));
      (view.querySelector('#registration-closed') ?? register).replaceWith(note);
    }
    if (!passwords) {
      for (const n of signin.querySelectorAll('label, input, .row')) n.hidden = true;
      signin.append(el('p', { class: 'muted' }, el('a', { href: '/?local=1', id: 'local-sign-in' },
        t('Administrator sign-in with a password'))));
    }
    if (!p.providers.length) return;
    signin.querySelector('h1').after(el('div', { class: 'sso' }, ...p.providers.map((sso) =>
      el('a', { class: 'button primary', href: sso.startUrl, id: `sso-${sso.id}` }, t('Sign in with {provider}', { provider: sso.displayName }))),
    passwords ? el('p', { class: 'muted' }, t('or with a password:')) : null));
  }).catch(() => {});
  // Offer registration only where the administrator's policy lets it succeed; refusals still show the server's message.
  api.call('GET', '/auth/registration').then((p) => {
    if (p.firstAccount || p.policy === 'open') return;
    if (p.policy === 'closed') {
      register.replaceWith(el('p', { class: 'card muted', id: 'registration-closed' },
        t('Accounts on this server are created by an administrator.')));
    } else {
      register.querySelector('h1').after(el('p', { class: 'muted', id: 'registration-domains' },
        t('For addresses at {domains}.', { domains: p.domains.join(', ') })));
    }
  }).catch(() => {});
}

async function joinRoom(grant, options, code) {
  const room = new Room(view, grant, options);
  window.zvc = { room, network: networkLog };
  room.addEventListener('reconnect', async () => {
    // A network blip or a laptop waking up: take the session back with the secret only this page
    // holds (a join token opens one session only). If the server no longer knows it, or two
    // resumes found no server (a restart, or in a cluster a node that died), ask for a fresh grant,
    // which names the node hosting the meeting now: 3 s after the drop, so a cluster's failover
    // (docs/cluster.md) is back within 10 s. Tries for about two minutes: a crashed appliance that
    // systemd restarts comes back in 3 s plus its start, which on a busy server can take 30 s and more.
    let resume = room.resumeToken;
    // The same camera and microphone with their effects (the room lent them; opened anew if an
    // attempt that failed stopped them), muted as they were: a muted person must not come back unmuted.
    const kept = () => (room.effects?.stream.getTracks().every((tr) => tr.readyState === 'live') ? room.effects : null);
    // The peer connections, for a resume only (the server keeps them for about 10 s): a fresh grant is a new session.
    const media = () => {
      const m = room.mediaLent;
      if (m && (!resume || m.subscriber.connectionState === 'closed')) {
        m.close();
        room.mediaLent = null;
      }
      return room.mediaLent ?? null;
    };
    // What the person chose comes along too: muted as they were, captions shown, the pinned participant and speaker view.
    const carried = () => ({ ...options, stream: null, effects: kept(), media: media(), joinMuted: room.store.state.micMuted, cameraOff: room.store.state.camOff,
      showCaptions: room.store.state.captionsShown, view: viewChoices(room.store.state) });
    // At once the first time (a network change gave up a dead socket), then backing off.
    const delays = [0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, ...Array(12).fill(8000)];
    for (let attempt = 0; attempt < delays.length; attempt++) {
      await new Promise((r) => setTimeout(r, delays[attempt]));
      if (attempt === 2) resume = null;
      try {
        if (resume) {
          await joinRoom({ signalingUrl: grant.signalingUrl, resume }, carried(), code);
          return;
        }
        let again;
        try {
          again = await api.call('POST', `/meetings/${encodeURIComponent(code)}/join`, {
            displayName: room.self?.displayName, passcode: options.passcode, passcodeKey: options.passcodeKey,
          });
        } catch (e) {
          // The meeting ended, you were banned, it is full...: the server's answer is final.
          if (e.status >= 400 && e.status < 500 && e.status !== 408 && e.status !== 429) {
            room.finish(e.message);
            return;
          }
          throw e;
        }
        await joinRoom(again, carried(), code);
        return;
      } catch (e) {
        if (e.code) resume = null; // refused (not a network failure): a fresh grant next time
      }
    }
    room.finish(t('Could not reconnect to the meeting.'));
  });
  try {
    await room.start();
  } catch (e) {
    room.dispose(); // a failed attempt leaves nothing running
    throw e;
  }
}

/** Which navigation is current: a page module that arrives after the person moved on renders nothing. */
let routeSeq = 0;

/** Renders a lazily loaded page with `render(module)` unless another route came first. */
function lazyPage(load, render) {
  const seq = routeSeq;
  load().then((module) => {
    if (seq === routeSeq) render(module);
  }, () => {
    if (seq === routeSeq) view.replaceChildren(el('p', { class: 'error', role: 'alert' }, t('This page could not be loaded. Check your connection and reload.')));
  });
}

function route() {
  routeSeq++;
  renderAccount();
  const m = location.pathname.match(/^\/j\/([^/]+)$/);
  if (location.pathname === '/selftest') {
    lazyPage(selfTestModule, (p) => p.selfTestPage(view));
  } else if (m) {
    const code = decodeURIComponent(m[1]);
    lobbyPage(view, code, new URLSearchParams(location.search), (grant, options) => joinRoom(grant, options, code));
  } else if (api.session()?.user && location.pathname === '/recordings') {
    lazyPage(recordingsModule, (p) => p.recordingsPage(view, go));
  } else if (api.session()?.user && location.pathname.startsWith('/recordings/')) {
    const id = decodeURIComponent(location.pathname.slice('/recordings/'.length));
    lazyPage(recordingsModule, (p) => p.recordingPage(view, id, go));
  } else if (api.session()?.user && (location.pathname === '/admin' || location.pathname.startsWith('/admin/'))) {
    const path = location.pathname;
    lazyPage(adminModule, (p) => p.adminPage(view, path, go));
  } else if (api.session()?.user) {
    homePage(view, go);
  } else {
    signInView(/^\/(recordings|admin)(\/|$)/.test(location.pathname) ? location.pathname : '/');
  }
}

/** The message of a single sign-on that failed, shown once on the sign-in page. */
let ssoError = null;

/**
 * Back from single sign-on: the appliance's callback redirected to {@code /#sso=<code>} (a one-time
 * code, traded here for the session) or {@code /#sso-error=<message>&sso-error-code=<code>}. The fragment is removed first.
 */
async function finishSso() {
  const params = new URLSearchParams(location.hash.slice(1));
  const code = params.get('sso');
  const error = params.get('sso-error');
  if (!code && !error) return;
  history.replaceState({}, '', location.pathname + location.search);
  if (error) {
    ssoError = serverText(params.get('sso-error-code'), error);
    return;
  }
  try {
    await api.exchangeSso(code);
  } catch (e) {
    ssoError = e.message;
  }
}

/** The language and theme pickers in the top bar, on every page. */
function renderPreferences() {
  const prefs = el('div', { class: 'prefs', role: 'group', 'aria-label': t('Display') }, languageSelect(el, 'pick-language'), themeSelect(el, 'pick-theme'));
  account.before(prefs);
}

window.addEventListener('popstate', route);
applyTheme();
Promise.all([loadLanguage(), finishSso()]).then(() => {
  document.querySelector('.brand').setAttribute('aria-label', t('{product} home', { product: window.zvcBranding?.productName ?? 'ZoomVconnect' }));
  account.setAttribute('aria-label', t('Account'));
  view.querySelector('noscript')?.remove();
  renderPreferences();
  route();
});
