// Settings: who may register, the recording limits (read-only: they are in the configuration), and
// single sign-on and LDAP, as `zvc-admin registration` and `zvc-admin sso` change them.
import * as api from '../../api.js';
import { el, toast } from '../../ui/dom.js';
import { bytes } from './format.js';

const MASK = '********';
const SSO_GROUPS = [
  { prefix: 'oidc.', title: 'OpenID Connect' },
  { prefix: 'saml.', title: 'SAML' },
  { prefix: 'ldap.', title: 'LDAP / Active Directory' },
  { prefix: 'adminGroups', title: 'Administrators' },
  { prefix: 'only', title: 'Sign-in page' },
];
const LABELS = { only: 'only: single sign-on only (local passwords off, except for administrators)' };
const isSwitch = (key) => key.endsWith('.enabled') || key.endsWith('.startTls') || key === 'only';
const isSecret = (key) => key.endsWith('Secret') || key.endsWith('Password');

function registrationForm(settings) {
  const error = el('p', { class: 'error', role: 'alert' });
  const policy = el('select', { id: 'registration-policy', name: 'policy' },
    el('option', { value: 'closed' }, 'Closed: administrators create accounts'),
    el('option', { value: 'open' }, 'Open: anyone who reaches the server'),
    el('option', { value: 'domains' }, 'Only these email domains'));
  policy.value = settings.registrationPolicy;
  const domains = el('input', { id: 'registration-domains', name: 'domains', placeholder: 'example.com, example.org',
    value: settings.registrationDomains.join(', ') });
  const domainsRow = el('div', {}, el('label', { for: 'registration-domains' }, 'Email domains (comma-separated)'), domains);
  const source = el('p', { class: 'muted', id: 'registration-source' });
  const show = (s) => {
    domainsRow.hidden = policy.value !== 'domains';
    source.textContent = s.registrationPolicySource === 'settings'
      ? 'Set here (or with zvc-admin registration set); it overrides the configuration.'
      : 'From auth.registration.* in the configuration until you change it here.';
  };
  policy.addEventListener('change', () => show(settings));
  show(settings);
  const form = el('form', { class: 'admin-form', id: 'registration-form', 'aria-labelledby': 'registration-title' },
    el('h2', { id: 'registration-title' }, 'Who may register'),
    el('label', { for: 'registration-policy' }, 'Registration'), policy, domainsRow, source, error,
    el('div', { class: 'row' }, el('button', { type: 'submit', class: 'primary' }, 'Save registration')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    const body = { registrationPolicy: policy.value };
    if (policy.value === 'domains') body.registrationDomains = domains.value.split(',').map((d) => d.trim()).filter(Boolean);
    try {
      settings = await api.call('PATCH', '/admin/settings', body);
      show(settings);
      toast('Registration policy saved');
    } catch (err) {
      error.textContent = err.message;
    }
  });
  return form;
}

function recordingFacts(r) {
  const fact = (label, value) => [el('dt', {}, label), el('dd', {}, value)];
  return el('section', { class: 'admin-form', 'aria-labelledby': 'recording-title' },
    el('h2', { id: 'recording-title' }, 'Recordings'),
    el('dl', { class: 'facts', id: 'recording-limits' },
      ...fact('Quota', r.quotaBytes ? bytes(r.quotaBytes) : 'none'),
      ...fact('Used', bytes(r.usedBytes)),
      ...fact('Kept for', r.retentionDays ? `${r.retentionDays} days` : 'ever')),
    el('p', { class: 'muted' }, `Change them with ${r.setting}.`));
}

function ssoField(key, value) {
  const id = `sso-${key.replace(/\./g, '-')}`;
  if (isSwitch(key)) {
    return el('label', { class: 'switch', for: id },
      el('input', { type: 'checkbox', id, name: key, checked: value === 'true' }), ` ${LABELS[key] ?? key}`);
  }
  return el('div', {}, el('label', { for: id }, key),
    el('input', { id, name: key, value, type: isSecret(key) ? 'password' : 'text', autocomplete: 'off',
      placeholder: isSecret(key) ? 'not set' : '' }));
}

function ssoForm(values) {
  const error = el('p', { class: 'error', role: 'alert' });
  const form = el('form', { class: 'admin-form', id: 'sso-form', 'aria-labelledby': 'sso-title' },
    el('h2', { id: 'sso-title' }, 'Single sign-on and LDAP'),
    el('p', { class: 'muted' }, `Secrets show as ${MASK}; leave them so to keep them. What each key means: docs/sso.md.`),
    ...SSO_GROUPS.map((g) => el('fieldset', {}, el('legend', {}, g.title),
      ...Object.keys(values).filter((k) => k.startsWith(g.prefix)).map((k) => ssoField(k, values[k])))),
    error, el('div', { class: 'row' }, el('button', { type: 'submit', class: 'primary' }, 'Save sign-on settings')),
    ssoTest());
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    const changes = {};
    for (const key of Object.keys(values)) {
      const input = form.elements.namedItem(key);
      const value = isSwitch(key) ? String(input.checked) : input.value;
      if (value !== (isSwitch(key) ? String(values[key] === 'true') : values[key])) changes[key] = value;
    }
    if (!Object.keys(changes).length) {
      toast('Nothing changed');
      return;
    }
    try {
      values = await api.call('PATCH', '/admin/sso', changes);
      toast('Sign-on settings saved');
    } catch (err) {
      error.textContent = err.message;
    }
  });
  return form;
}

// "Test connection": `zvc-admin sso test` through POST /admin/sso/test, on the saved settings.
function ssoTest() {
  const provider = el('select', { id: 'sso-test-provider' },
    el('option', { value: '' }, 'Every enabled provider'), el('option', { value: 'oidc' }, 'OpenID Connect'),
    el('option', { value: 'saml' }, 'SAML'), el('option', { value: 'ldap' }, 'LDAP / Active Directory'));
  const user = el('input', { id: 'sso-test-user', type: 'text', autocomplete: 'off', placeholder: 'optional' });
  const button = el('button', { type: 'button', id: 'sso-test' }, 'Test connection');
  const summary = el('p', { role: 'status', id: 'sso-test-summary' });
  const results = el('ul', { class: 'sso-checks', id: 'sso-test-results', 'aria-labelledby': 'sso-test-title' });
  button.addEventListener('click', async () => {
    button.disabled = true;
    summary.textContent = 'Contacting the identity provider…';
    results.replaceChildren();
    try {
      const body = provider.value ? { provider: provider.value } : {};
      if (user.value.trim()) body.user = user.value.trim();
      const r = await api.call('POST', '/admin/sso/test', body);
      const failed = r.checks.filter((c) => c.status === 'fail').length;
      summary.textContent = failed ? `${failed} check(s) failed.` : 'All checks passed.';
      results.replaceChildren(...r.checks.map((c) => el('li', { class: `sso-check ${c.status}` },
        el('strong', {}, `${c.status.toUpperCase()} `), `${c.provider} · ${c.name}: `, el('span', {}, c.detail))));
    } catch (err) {
      summary.textContent = err.message;
    } finally {
      button.disabled = false;
    }
  });
  return el('fieldset', { id: 'sso-test-section' }, el('legend', { id: 'sso-test-title' }, 'Test connection'),
    el('p', { class: 'muted' }, 'Contacts the identity provider with the saved settings and reports each check.'),
    el('div', {}, el('label', { for: 'sso-test-provider' }, 'Provider'), provider),
    el('div', {}, el('label', { for: 'sso-test-user' }, 'LDAP user name to look up'), user),
    el('div', { class: 'row' }, button), summary, results);
}

export async function settingsPage(content) {
  const status = el('p', { class: 'muted', role: 'status' }, 'Loading…');
  content.replaceChildren(el('h1', { id: 'admin-title' }, 'Settings'), status);
  try {
    const [settings, sso] = await Promise.all([api.call('GET', '/admin/settings'), api.call('GET', '/admin/sso')]);
    status.textContent = '';
    content.append(registrationForm(settings), recordingFacts(settings.recording), ssoForm(sso));
  } catch (e) {
    status.textContent = e.message;
  }
}
