// JSON reads of the dashboard's read models, with the operator's bearer token.
// The token lives in this tab's sessionStorage only: it is gone when the tab closes, and it is
// never put in a URL (addresses end up in logs and histories).
const TOKEN_KEY = 'suanli.token';
const signInListeners = [];

export function authHeaders() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  return token ? { Authorization: 'Bearer ' + token } : {};
}

export function signIn(token) {
  sessionStorage.setItem(TOKEN_KEY, token.trim());
}

export function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** Called with the answer's status when the server refuses the token (401) or the role (403). */
export function onSignInNeeded(listener) { signInListeners.push(listener); }

export function signInNeeded(status) { signInListeners.forEach(l => l(status)); }

export class ApiError extends Error {
  constructor(status, problem) { super(problem?.detail || problem?.title || ('HTTP ' + status)); this.status = status; this.problem = problem; }
}

export async function get(path) {
  const res = await fetch(path, { headers: { Accept: 'application/json', ...authHeaders() }, credentials: 'same-origin', cache: 'no-store' });
  if (!res.ok) {
    if (res.status === 401 || res.status === 403) signInNeeded(res.status);
    let problem = null;
    try { problem = await res.json(); } catch (e) { /* not JSON */ }
    throw new ApiError(res.status, problem);
  }
  return res.json();
}
