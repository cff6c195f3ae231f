// Several tabs, one writer. A Web Lock per database elects the leader: the one worker that holds
// the database and writes IndexedDB. Other tabs' workers are followers: they send every request to
// the leader over a BroadcastChannel and relay its events. When the leader's tab goes away its lock
// is released, the next follower in the lock queue becomes leader and reloads from IndexedDB.
//
// channel messages: {kind: 'who'}                       a follower asks who leads
//                   {kind: 'hello', from}               the leader is ready
//                   {kind: 'req', from, to, rid, msg}   a follower's request
//                   {kind: 'ack', to, rid}              the leader got it (it runs it at once)
//                   {kind: 'res', to, rid, ok, result|error}
//                   {kind: 'event', event}              status/change events for every tab
import { LoudouError, toWire } from './protocol.js';

const HANDOVER = 'the tab that was saving your data closed before answering; please try again';

export class Tabs {
  #name; #channel; #onLead; #onEvent; #handle;
  #id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  #leaderId = null;
  #leading = false;
  #rid = 0;
  #sent = new Map();   // rid -> {msg, resolve, reject, acked}: requests the leader has not answered
  #queue = [];         // requests waiting for a leader to be known
  #release = null;

  /**
   * onLead(): loads the database (called once, when this worker becomes leader);
   * handle(msg): runs a request locally (leader only); onEvent(event): an event from the leader.
   */
  constructor(name, { onLead, handle, onEvent }) {
    this.#name = name;
    this.#onLead = onLead;
    this.#handle = handle;
    this.#onEvent = onEvent;
    this.#channel = new BroadcastChannel(`loudou:${name}`);
    this.#channel.onmessage = (e) => this.#receive(e.data);
  }

  get leading() { return this.#leading; }

  /** Resolves once this worker leads or knows the leader. */
  async start() {
    if (await this.#lock(true)) return this.#lead();
    const known = new Promise((resolve) => { this.#onKnown = resolve; });
    this.#channel.postMessage({ kind: 'who' });
    // Waits in the lock queue to take over when the leader goes away.
    this.#lock(false).then(() => this.#lead().then(() => this.#onKnown?.()));
    await known;
  }

  #onKnown = null;

  #lock(ifAvailable) {
    return new Promise((granted) => {
      navigator.locks.request(`loudou:${this.#name}`, ifAvailable ? { ifAvailable: true } : {}, (lock) => {
        if (!lock) return granted(false);
        granted(true);
        return new Promise((release) => { this.#release = release; });
      }).catch(() => granted(false));
    });
  }

  async #lead() {
    await this.#onLead();
    this.#leading = true;
    this.#leaderId = this.#id;
    this.#channel.postMessage({ kind: 'hello', from: this.#id });
    this.#handOver();
    for (const q of this.#queue.splice(0)) this.#handle(q.msg).then(q.resolve, q.reject);
  }

  /** Sends a request to the leader (follower only). */
  forward(msg) {
    return new Promise((resolve, reject) => {
      if (this.#leading) return this.#handle(msg).then(resolve, reject);
      if (!this.#leaderId) return this.#queue.push({ msg, resolve, reject });
      const rid = ++this.#rid;
      this.#sent.set(rid, { msg, resolve, reject, acked: false });
      this.#channel.postMessage({ kind: 'req', from: this.#id, to: this.#leaderId, rid, msg });
    });
  }

  /** The leader tells every tab (the other tabs' pages get it through their workers). */
  broadcast(event) {
    this.#channel.postMessage({ kind: 'event', event });
  }

  close() {
    this.#channel.close();
    this.#release?.();
  }

  // A new leader: requests the old one never received are sent again; those it received may or may
  // not have run (it went away before answering), so they fail rather than risk running twice.
  #handOver() {
    const sent = [...this.#sent.values()];
    this.#sent.clear();
    for (const p of sent) {
      if (p.acked) p.reject(new LoudouError({ code: 'storage', message: HANDOVER }));
      else this.forward(p.msg).then(p.resolve, p.reject);
    }
  }

  async #receive(m) {
    if (m.kind === 'who' && this.#leading) {
      this.#channel.postMessage({ kind: 'hello', from: this.#id });
    } else if (m.kind === 'hello' && !this.#leading) {
      const changed = this.#leaderId && this.#leaderId !== m.from;
      this.#leaderId = m.from;
      if (changed) this.#handOver();
      for (const q of this.#queue.splice(0)) this.forward(q.msg).then(q.resolve, q.reject);
      this.#onKnown?.();
      this.#onKnown = null;
    } else if (m.kind === 'req' && this.#leading && m.to === this.#id) {
      this.#channel.postMessage({ kind: 'ack', to: m.from, rid: m.rid });
      try {
        this.#channel.postMessage({ kind: 'res', to: m.from, rid: m.rid, ok: true, result: await this.#handle(m.msg) });
      } catch (err) {
        this.#channel.postMessage({ kind: 'res', to: m.from, rid: m.rid, ok: false, error: toWire(err) });
      }
    } else if (m.kind === 'ack' && m.to === this.#id) {
      const p = this.#sent.get(m.rid);
      if (p) p.acked = true;
    } else if (m.kind === 'res' && m.to === this.#id) {
      const p = this.#sent.get(m.rid);
      this.#sent.delete(m.rid);
      if (p) m.ok ? p.resolve(m.result) : p.reject(new LoudouError(m.error));
    } else if (m.kind === 'event') {
      this.#onEvent(m.event);
    }
  }
}
