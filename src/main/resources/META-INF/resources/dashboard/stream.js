// The live stream, read with fetch() instead of EventSource: fetch can send an Authorization header
// (EventSource cannot), and we control reconnection and the connection state the header shows.
import { authHeaders, signInNeeded } from './api.js';

const KEEP_ALIVE_TIMEOUT_MS = 40000; // the server sends a keep-alive comment every 15 s

export function connect({ onEvent, onState }) {
  let backoff = 500;
  let stopped = false;
  let controller = null;

  async function once() {
    controller = new AbortController();
    let watchdog = null;
    const arm = () => { clearTimeout(watchdog); watchdog = setTimeout(() => controller.abort(), KEEP_ALIVE_TIMEOUT_MS); };
    try {
      arm();
      const res = await fetch('/api/v1/dashboard/stream', {
        headers: { Accept: 'text/event-stream', ...authHeaders() }, credentials: 'same-origin', cache: 'no-store',
        signal: controller.signal,
      });
      if (res.status === 401 || res.status === 403) signInNeeded(res.status);
      if (!res.ok || !res.body) throw new Error('HTTP ' + res.status);
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        arm();
        buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          dispatch(frame);
        }
      }
    } catch (e) {
      // network error, server gone, or watchdog: fall through to reconnect
    } finally {
      clearTimeout(watchdog);
    }
  }

  function dispatch(frame) {
    let name = 'message';
    const data = [];
    for (const line of frame.split('\n')) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') name = value;
      else if (field === 'data') data.push(value);
    }
    if (!data.length) return;
    let payload;
    try { payload = JSON.parse(data.join('\n')); } catch (e) { return; }
    if (name === 'hello') { backoff = 500; onState('live'); }
    onEvent(name, payload);
  }

  (async () => {
    while (!stopped) {
      onState(backoff > 500 ? 'reconnecting' : 'connecting');
      await once();
      if (stopped) break;
      onState(backoff >= 4000 ? 'offline' : 'reconnecting');
      await new Promise(r => setTimeout(r, backoff));
      backoff = Math.min(backoff * 2, 5000);
    }
  })();

  return { close() { stopped = true; controller?.abort(); } };
}
