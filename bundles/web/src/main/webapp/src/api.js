// The PAUZ REST API (/api/v1) with the session token, and its one error format.
const BASE = '/api/v1/';
const TOKEN_KEY = 'pauz.session';
const listeners = new Set();

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
  /** The feature behind this path is not installed, or is (re)starting. */
  get unavailable() {
    return this.status === 404 && this.code === 'not_found' || this.status === 503 || this.status === 0;
  }
}

export function session() {
  try {
    return JSON.parse(localStorage.getItem(TOKEN_KEY));
  } catch {
    return null;
  }
}

export function saveSession(grant) {
  localStorage.setItem(TOKEN_KEY, JSON.stringify({ token: grant.token, expiresAt: grant.expiresAt, user: grant.user }));
  listeners.forEach((l) => l(session()));
}

export function clearSession() {
  localStorage.removeItem(TOKEN_KEY);
  listeners.forEach((l) => l(null));
}

export function onSession(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * @param path below /api/v1, e.g. 'journal/entries'
 * @param opts method, body (object -> JSON; Blob/File -> as is with its type), headers, raw (the Response), keepalive
 */
export async function api(path, opts = {}) {
  const { method = 'GET', body, headers = {}, raw = false, keepalive = false, signal } = opts;
  const h = { Accept: 'application/json', ...headers };
  const s = session();
  if (s?.token) h.Authorization = 'Bearer ' + s.token;
  let payload = body;
  if (body !== undefined && !(body instanceof Blob) && !(body instanceof ArrayBuffer)) {
    h['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  } else if (body instanceof Blob && !h['Content-Type']) {
    h['Content-Type'] = body.type || 'application/octet-stream';
  }
  let res;
  try {
    res = await fetch(BASE + path, { method, headers: h, body: payload, keepalive, signal });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', 'PAUZ cannot be reached right now. Check your connection and try again.');
  }
  if (!res.ok) {
    let err = null;
    try {
      err = (await res.json()).error;
    } catch {
      // not our JSON error (a proxy, say)
    }
    if (res.status === 401 && s?.token && !path.startsWith('auth/')) clearSession();
    throw new ApiError(res.status, err?.code || 'http_' + res.status, err?.message || res.statusText || 'Something went wrong');
  }
  if (raw) return res;
  if (res.status === 204) return null;
  const type = res.headers.get('Content-Type') || '';
  return type.includes('json') ? res.json() : res.text();
}

/** Fetches a protected file (audio, picture, garden, export) as an object URL the page can show. */
export async function objectUrl(path) {
  const res = await api(path, { raw: true, headers: { Accept: '*/*' } });
  return URL.createObjectURL(await res.blob());
}

export function zone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** YYYY-MM-DD of a date in the browser's time zone. */
export function isoDay(d = new Date()) {
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}
