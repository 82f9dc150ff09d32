// The signaling socket: JSON messages with a "type" (see docs/signaling.md).
import { t } from './i18n.js';
import { serverText } from './server-errors.js';
export class Signal extends EventTarget {
  constructor(url) {
    super();
    this.url = url;
    this.ws = null;
    this.pingTimer = null;
  }

  open() {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(this.url);
      this.ws = ws;
      ws.onopen = () => {
        this.pingTimer = setInterval(() => this.timedPing(), 20000);
        this.timedPing();
        resolve();
      };
      ws.onerror = () => reject(new Error(t('Cannot reach the signaling server')));
      ws.onmessage = (e) => {
        let msg;
        try {
          msg = JSON.parse(e.data);
        } catch {
          return;
        }
        this.dispatchEvent(new CustomEvent(msg.type, { detail: msg }));
        this.dispatchEvent(new CustomEvent('message', { detail: msg }));
      };
      ws.onclose = (e) => {
        clearInterval(this.pingTimer);
        this.dispatchEvent(new CustomEvent('close', { detail: { code: e.code, reason: e.reason } }));
      };
    });
  }

  send(msg) {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(msg));
  }

  /** Resolves with the next message of this type. */
  next(type) {
    return new Promise((resolve, reject) => {
      const onMsg = (e) => { cleanup(); resolve(e.detail); };
      const onErr = (e) => { cleanup(); reject(Object.assign(new Error(serverText(e.detail.code, e.detail.message)), { code: e.detail.code })); };
      const onClose = () => { cleanup(); reject(new Error(t('Connection closed'))); };
      const cleanup = () => {
        this.removeEventListener(type, onMsg);
        this.removeEventListener('error', onErr);
        this.removeEventListener('close', onClose);
      };
      this.addEventListener(type, onMsg);
      this.addEventListener('error', onErr);
      this.addEventListener('close', onClose);
    });
  }

  /** A keep-alive ping whose pong measures the socket's round trip ({@code rttMs}, the slowest of the last few). */
  timedPing() {
    const sent = performance.now();
    this.next('pong').then(() => {
      const rtt = performance.now() - sent;
      this.rttMs = Math.max(rtt, (this.rttMs ?? 0) * 0.5);
    }, () => {});
    this.send({ type: 'ping' });
  }

  /**
   * Whether the server still answers on this socket: a ping, and its pong within {@code ms} — or,
   * once a round trip was measured, within four of them (at least {@code minMs}): a socket that
   * took 20 ms to answer and is silent for 500 is gone, and every waited millisecond is frozen video.
   */
  probe(ms, minMs = ms) {
    if (this.ws?.readyState !== WebSocket.OPEN) return Promise.resolve(false);
    const wait = this.rttMs == null ? ms : Math.min(ms, Math.max(minMs, 4 * this.rttMs));
    const pong = this.next('pong').then(() => true, () => false);
    this.send({ type: 'ping' });
    return Promise.race([pong, new Promise((resolve) => setTimeout(() => resolve(false), wait))]);
  }

  /**
   * Gives up on a socket that no longer answers (its network went away): 'close' fires now,
   * not after TCP's retransmission timeouts, so the room can resume its session at once.
   */
  abandon() {
    const ws = this.ws;
    if (!ws) return;
    ws.onclose = null;
    ws.onmessage = null;
    clearInterval(this.pingTimer);
    this.abandoned = true;
    ws.close(4000, 'network changed');
    this.dispatchEvent(new CustomEvent('close', { detail: { code: 4000, reason: 'network changed' } }));
  }

  close() {
    clearInterval(this.pingTimer);
    this.ws?.close(1000, 'left');
  }
}
