// Entry point: a tiny router over the pages of the client.
import * as api from './api.js';
import { Room } from './room.js';

const view = document.getElementById('view');
const account = document.getElementById('account');

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null) e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
}

function field(label, name, type = 'text', value = '') {
  const id = `f-${name}`;
  return [el('label', { for: id }, label), el('input', { id, name, type, value, autocomplete: name === 'password' ? 'current-password' : name })];
}

function renderAccount() {
  account.replaceChildren();
  const s = api.session();
  if (s?.user) {
    account.append(el('span', { class: 'muted' }, `${s.user.displayName} `),
      el('button', { onclick: async () => { await api.logout(); route(); } }, 'Sign out'));
  }
}

function form(title, fields, submitLabel, onSubmit, extra = []) {
  const error = el('p', { class: 'error', role: 'alert' });
  const f = el('form', { class: 'card', 'aria-label': title }, el('h1', {}, title), ...fields.flat(),
    error, el('div', { class: 'row' }, el('button', { type: 'submit', class: 'primary' }, submitLabel), ...extra));
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

function signInView() {
  view.replaceChildren(
    form('Sign in', [field('Email', 'email', 'email'), field('Password', 'password', 'password')], 'Sign in',
      async (d) => { await api.login(d.email, d.password); route(); }),
    form('Create an account', [field('Name', 'displayName'), field('Email', 'email', 'email'), field('Password (8+ characters)', 'password', 'password')],
      'Register', async (d) => { await api.register(d.email, d.password, d.displayName); route(); }));
}

function homeView() {
  const s = api.session();
  if (!s?.user) return signInView();
  view.replaceChildren(
    form('Start a meeting', [field('Title', 'title', 'text', `${s.user.displayName}'s meeting`)], 'New meeting', async (d) => {
      const m = await api.call('POST', '/meetings', { title: d.title, allowGuests: true });
      history.pushState({}, '', `/j/${m.code}`);
      route();
    }),
    form('Join a meeting', [field('Meeting code or link', 'code')], 'Join', async (d) => {
      const code = d.code.trim().split('/').pop();
      history.pushState({}, '', `/j/${encodeURIComponent(code)}`);
      route();
    }));
}

async function joinView(code) {
  const params = new URLSearchParams(location.search);
  let lobby;
  try {
    lobby = await api.call('GET', `/meetings/${encodeURIComponent(code)}/lobby`);
  } catch (e) {
    view.replaceChildren(el('div', { class: 'card' }, el('h1', {}, 'Meeting not found'), el('p', {}, e.message), el('a', { href: '/' }, 'Back to start')));
    return;
  }
  const s = api.session();
  const fields = [field('Your name', 'displayName', 'text', params.get('name') ?? s?.user?.displayName ?? '')];
  const passcodeKey = params.get('pk');
  if (lobby.passcodeRequired && !passcodeKey) fields.push(field('Passcode', 'passcode', 'password', params.get('pwd') ?? ''));
  const join = async (d) => {
    const grant = await api.call('POST', `/meetings/${encodeURIComponent(code)}/join`,
      { displayName: d.displayName || undefined, passcode: d.passcode || undefined, passcodeKey: passcodeKey || undefined });
    const res = Number.parseInt(params.get('res') ?? '', 10);
    const room = new Room(view, grant, {
      maxHeight: res > 0 ? Math.min(res, 1080) : 720,
      iceTransport: params.get('transport') ?? 'all',
    });
    window.zvc = { room };
    await room.start();
  };
  const f = form(lobby.title, fields, 'Join meeting', join);
  view.replaceChildren(f);
  if (params.get('autojoin') === '1') f.requestSubmit();
}

function route() {
  renderAccount();
  const m = location.pathname.match(/^\/j\/([^/]+)$/);
  if (m) joinView(decodeURIComponent(m[1]));
  else homeView();
}

window.addEventListener('popstate', route);
route();
