// JSON reads of the dashboard's read models. One place adds credentials once security lands.
export function authHeaders() {
  // The security branch adds the operator's bearer token here (or relies on the session cookie).
  return {};
}

export class ApiError extends Error {
  constructor(status, problem) { super(problem?.detail || problem?.title || ('HTTP ' + status)); this.status = status; this.problem = problem; }
}

export async function get(path) {
  const res = await fetch(path, { headers: { Accept: 'application/json', ...authHeaders() }, credentials: 'same-origin', cache: 'no-store' });
  if (!res.ok) {
    let problem = null;
    try { problem = await res.json(); } catch (e) { /* not JSON */ }
    throw new ApiError(res.status, problem);
  }
  return res.json();
}
