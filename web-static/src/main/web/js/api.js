// REST API client: JSON in/out, bearer token, silent refresh on 401.
import { serverText } from './server-errors.js';
const KEY = 'zvc.session';

/** A refusal of the API: {@code message} in the user's language (server-errors.js), {@code serverMessage} as the server wrote it. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(serverText(code, message));
    this.status = status;
    this.code = code;
    this.serverMessage = message;
  }
}

export function session() {
  try {
    return JSON.parse(localStorage.getItem(KEY));
  } catch {
    return null;
  }
}

/** Keeps the session; {@code idToken} (OpenID Connect sign-ins) is the hint for signing out at the provider too. */
function save(tokens, idToken) {
  if (tokens) {
    localStorage.setItem(KEY, JSON.stringify({ user: tokens.user, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken,
      idToken }));
  } else {
    localStorage.removeItem(KEY);
  }
}

async function raw(method, path, body, token) {
  const headers = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(`/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const data = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) {
    throw new ApiError(res.status, data?.error?.code ?? 'http_' + res.status, data?.error?.message ?? res.statusText);
  }
  return data;
}

let refreshing = null;

async function refresh() {
  const s = session();
  if (!s?.refreshToken) return false;
  refreshing ??= raw('POST', '/auth/refresh', { refreshToken: s.refreshToken })
    .then((t) => { save(t, s.idToken); return true; })
    .catch(() => { save(null); return false; })
    .finally(() => { refreshing = null; });
  return refreshing;
}

/** Calls the API as the signed-in user (or anonymously), refreshing the access token once if it expired. */
export async function call(method, path, body) {
  const s = session();
  try {
    return await raw(method, path, body, s?.accessToken);
  } catch (e) {
    if (e.status === 401 && s?.refreshToken && e.code === 'invalid_token' && await refresh()) {
      return raw(method, path, body, session().accessToken);
    }
    throw e;
  }
}

export async function login(email, password) {
  save(await raw('POST', '/auth/login', { email, password }));
}

export async function register(email, password, displayName) {
  save(await raw('POST', '/auth/register', { email, password, displayName }));
}

/** Trades the one-time code of a finished single sign-on for the session (tokens never travel in a URL). */
export async function exchangeSso(code) {
  const tokens = await raw('POST', '/auth/oidc/exchange', { code });
  save(tokens, tokens.idToken ?? undefined);
}

/**
 * Ends the session here (its refresh token revoked); after an OpenID Connect sign-in, answers the provider's
 * end-session URL (RP-initiated logout) to send the browser to, so the provider's session ends too.
 */
export async function logout() {
  const s = session();
  save(null);
  if (s?.refreshToken) await raw('POST', '/auth/logout', { refreshToken: s.refreshToken }).catch(() => {});
  if (!s?.idToken) return null;
  const r = await raw('POST', '/auth/oidc/logout', { idToken: s.idToken }).catch(() => null);
  return r?.location ?? null;
}

/** Fetches a file the API serves to the signed-in user (a CSV export): its blob and the name it suggests. */
export async function download(path) {
  const get = () => fetch(`/api/v1${path}`, { headers: { Authorization: `Bearer ${session()?.accessToken}` } });
  let res = await get();
  if (res.status === 401 && await refresh()) res = await get();
  if (!res.ok) {
    const data = await res.json().catch(() => null);
    throw new ApiError(res.status, data?.error?.code ?? 'http_' + res.status, data?.error?.message ?? res.statusText);
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? 'download';
  return { blob: await res.blob(), name };
}
