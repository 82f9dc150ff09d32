// The signaling socket: JSON messages with a "type" (see docs/signaling.md).
import { t } from './i18n.js';
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
        this.pingTimer = setInterval(() => this.send({ type: 'ping' }), 20000);
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
      const onErr = (e) => { cleanup(); reject(new Error(e.detail.message)); };
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

  close() {
    clearInterval(this.pingTimer);
    this.ws?.close(1000, 'left');
  }
}
