// Users: search, create, disable or enable, change role, reset password, sign out everywhere.
import * as api from '../../api.js';
import { el, toast } from '../../ui/dom.js';
import { msg, t } from '../../i18n.js';
import { confirmAction } from '../../ui/confirm.js';

async function act(message, fn, reload) {
  try {
    await fn();
    toast(message);
  } catch (e) {
    toast(e.message);
  }
  reload();
}

function userRow(u, reload) {
  const path = `/admin/users/${encodeURIComponent(u.id)}`;
  const role = el('select', { 'aria-label': t('Role of {email}', { email: u.email }), class: 'role' },
    el('option', { value: 'user', selected: u.role === 'user' }, t('User')),
    el('option', { value: 'admin', selected: u.role === 'admin' }, t('Administrator')));
  role.addEventListener('change', async () => {
    const message = role.value === 'admin' ? t('Make {email} an administrator?', { email: u.email }) : t('Make {email} a user?', { email: u.email });
    if (!await confirmAction({ title: t('Change role?'), message, confirm: t('Change role') })) {
      role.value = u.role;
      return;
    }
    act(role.value === 'admin' ? t('{email} is now an administrator', { email: u.email }) : t('{email} is now a user', { email: u.email }), () => api.call('PATCH', path, { role: role.value }), reload);
  });
  const self = u.email === api.session()?.user?.email; // the server refuses disabling yourself too
  const toggle = self ? null : u.disabled
    ? el('button', { onclick: () => act(t('{email} enabled', { email: u.email }), () => api.call('PATCH', path, { disabled: false }), reload) }, t('Enable'))
    : el('button', {
      class: 'danger',
      onclick: async () => await confirmAction({ title: t('Disable {email}?', { email: u.email }), confirm: t('Disable'),
        message: t('Disable {email}? They are signed out everywhere and cannot sign in.', { email: u.email }) })
        && act(t('{email} disabled', { email: u.email }), () => api.call('PATCH', path, { disabled: true }), reload),
    }, t('Disable'));
  const reset = el('button', {
    onclick: () => {
      const password = prompt(t('New password for {email} (8 characters or more). They are signed out everywhere.', { email: u.email }));
      if (password) act(t('New password set for {email}', { email: u.email }), () => api.call('POST', `${path}/password`, { password }), reload);
    },
  }, t('Reset password'));
  const signOut = el('button', {
    onclick: async () => await confirmAction({ title: t('Sign out everywhere?'), confirm: t('Sign out'),
      message: t('Sign {email} out on every device?', { email: u.email }) })
      && act(t('{email} signed out everywhere', { email: u.email }), () => api.call('POST', `${path}/sign-out`), reload),
  }, t('Sign out everywhere'));
  return el('tr', { 'data-email': u.email, class: u.disabled ? 'disabled' : '' },
    el('td', { 'data-label': t('Name') }, u.displayName),
    el('td', { 'data-label': t('Email') }, u.email),
    el('td', { 'data-label': t('Role') }, role),
    el('td', { 'data-label': t('State'), class: 'state' }, u.disabled ? t('Disabled') : t('Active')),
    el('td', {}, el('div', { class: 'actions' }, toggle, reset, signOut)));
}

function createForm(reload) {
  const error = el('p', { class: 'error', role: 'alert' });
  const input = (label, name, type = 'text', required = true) => [
    el('label', { for: `new-user-${name}` }, label),
    el('input', { id: `new-user-${name}`, name, type, required, autocomplete: type === 'password' ? 'new-password' : 'off' })];
  const form = el('form', { class: 'admin-form', 'aria-label': t('Create a user'), id: 'create-user' },
    el('h2', {}, t('Create a user')),
    ...input(t('Name'), 'displayName'), ...input(t('Email'), 'email', 'email'), ...input(t('Password (8+ characters)'), 'password', 'password'),
    el('label', { for: 'new-user-role' }, t('Role')),
    el('select', { id: 'new-user-role', name: 'role' }, el('option', { value: 'user' }, t('User')), el('option', { value: 'admin' }, t('Administrator'))),
    error, el('div', { class: 'row' }, el('button', { type: 'submit', class: 'primary' }, t('Create'))));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    const d = Object.fromEntries(new FormData(form));
    try {
      const u = await api.call('POST', '/admin/users', d);
      toast(t('Created {email}', { email: u.email }));
      form.reset();
      reload();
    } catch (err) {
      error.textContent = err.message;
    }
  });
  return form;
}

export async function usersPage(content) {
  const search = el('input', { type: 'search', id: 'user-search', placeholder: t('Search by name or email'), 'aria-label': t('Search users') });
  const body = el('tbody', { id: 'users' });
  const status = el('p', { class: 'muted', role: 'status' });
  let timer = null;
  const load = async () => {
    const q = search.value.trim();
    try {
      const { items } = await api.call('GET', `/admin/users${q ? `?q=${encodeURIComponent(q)}` : ''}`);
      body.replaceChildren(...items.map((u) => userRow(u, load)));
      status.textContent = items.length === 0 ? t('No account matches.')
        : items.length === 1 ? t('1 account') : t('{count} accounts', { count: items.length });
    } catch (e) {
      status.textContent = e.message;
    }
  };
  search.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(load, 250); });
  content.replaceChildren(el('h1', { id: 'admin-title' }, t('Users')), search, status,
    el('table', { class: 'admin-table', 'aria-label': t('Users') },
      el('thead', {}, el('tr', {}, ...[msg('Name'), msg('Email'), msg('Role'), msg('State'), ''].map((h) => el('th', { scope: 'col' }, h && t(h))))), body),
    createForm(load));
  await load();
}
