// Several tabs, one writer. A Web Lock per database elects the leader: the one worker that holds
// the database and writes IndexedDB. Other tabs' workers are followers: they send every request to
// the leader over a BroadcastChannel and relay its events. When the leader's tab goes away its lock
// is released, the next follower in the lock queue becomes leader and reloads from IndexedDB.
//
// Chromium releases a closing tab's lock before its worker stops: for a while (260 ms measured,
// more under load) the old leader still runs, answers on the channel and serves requests from its
// stale copy. So the lock alone does not make a leader: each leader has an epoch (the txId with
// which it claimed the database in IndexedDB, see page_store.js; a later leader's is larger).
// Tabs follow the leader with the largest epoch they have heard of, ignore older ones, and a leader
// that hears of a newer epoch steps down at once (its IndexedDB writes are already fenced).
//
// channel messages: {kind: 'who'}                       a follower asks who leads
//                   {kind: 'hello', from, epoch}        a leader is ready (and says so to a 'who')
//                   {kind: 'req', from, to, rid, msg}   a follower's request
//                   {kind: 'ack', to, rid}              the leader got it (it runs it at once)
//                   {kind: 'res', to, rid, ok, reply|error}   (a write: once it is in IndexedDB)
//                   {kind: 'event', epoch, event}       status/change events for every tab
import { LoudouError, toWire } from './protocol.js';

const HANDOVER = 'the tab that was saving your data closed before answering; please try again';
// Requests that may safely run twice: re-sent to a new leader even if the old one had them.
const IDEMPOTENT = new Set(['durable', 'check', 'export', 'flush']);

export class Tabs {
  #name; #channel; #onLead; #onEvent; #handle; #onDemote;
  #id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  #leaderId = null;
  #leaderEpoch = 0;
  #leading = false;
  #electing = false;   // the lock is ours and the database is loading: requests wait for it
  #rid = 0;
  #sent = new Map();   // rid -> {msg, resolve, reject, acked}: requests the leader has not answered
  #queue = [];         // requests waiting for a leader to be known
  #release = null;
  #onKnown = null;
  #closed = false;

  /**
   * onLead(): loads the database and resolves to this leader's epoch (called when this worker
   * becomes leader); handle(msg, {remote}): runs a request locally (leader only) and resolves to
   * its reply {result, token?} — for another tab's write only once it is stored; onEvent(event): an event from the leader; onDemote(): a newer leader exists.
   */
  constructor(name, { onLead, handle, onEvent, onDemote }) {
    this.#name = name;
    this.#onLead = onLead;
    this.#handle = handle;
    this.#onEvent = onEvent;
    this.#onDemote = onDemote;
    this.#channel = new BroadcastChannel(`loudou:${name}`);
    this.#channel.onmessage = (e) => this.#receive(e.data);
  }

  get leading() { return this.#leading; }

  /** Resolves once this worker leads or knows the leader. */
  async start() {
    if (await this.#lock(true)) {
      try {
        return await this.#lead();
      } catch (err) {
        this.#failLead(err);
        throw err;
      }
    }
    const known = new Promise((resolve) => { this.#onKnown = resolve; });
    this.#channel.postMessage({ kind: 'who' });
    this.#queueForLock();
    await known;
  }

  // Waits in the lock queue to take over when the leader goes away.
  #queueForLock() {
    this.#lock(false).then((granted) => {
      if (granted && !this.#closed) this.#lead().then(() => this.#known(), (err) => this.#failLead(err));
    });
  }

  #known() {
    this.#onKnown?.();
    this.#onKnown = null;
  }

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
    this.#electing = true;
    try {
      const epoch = await this.#onLead();
      this.#leading = true;
      this.#leaderId = this.#id;
      this.#leaderEpoch = epoch;
    } finally {
      this.#electing = false;
    }
    this.#channel.postMessage({ kind: 'hello', from: this.#id, epoch: this.#leaderEpoch });
    this.#handOver();
    for (const q of this.#queue.splice(0)) this.#run(q);
  }

  // The database could not be loaded: whoever waits for a leader gets the error, and the lock
  // goes to the next tab in the queue.
  #failLead(err) {
    this.#release?.();
    this.#release = null;
    for (const q of this.#queue.splice(0)) q.reject(err);
    for (const p of this.#sent.values()) p.reject(err);
    this.#sent.clear();
    this.#known();
  }

  #run(q) {
    this.#handle(q.msg).then(q.resolve, q.reject);
  }

  /** Runs a request where the leader is: here, or over the channel. Resolves to its reply. */
  forward(msg) {
    return new Promise((resolve, reject) => {
      if (this.#leading) return this.#run({ msg, resolve, reject });
      if (!this.#leaderId || this.#electing) return this.#queue.push({ msg, resolve, reject });
      const rid = ++this.#rid;
      this.#sent.set(rid, { msg, resolve, reject, acked: false });
      this.#channel.postMessage({ kind: 'req', from: this.#id, to: this.#leaderId, rid, msg });
    });
  }

  /** The leader tells every tab (the other tabs' pages get it through their workers). */
  broadcast(event) {
    this.#channel.postMessage({ kind: 'event', epoch: this.#leaderEpoch, event });
  }

  close() {
    this.#closed = true;
    this.#leading = false;
    this.#channel.close();
    this.#release?.();
  }

  // A new leader: requests the old one never received are sent again, and so are those that may
  // safely run twice; a write it received may or may not have run (it went away before
  // answering), so it fails rather than risk running twice.
  #handOver() {
    const sent = [...this.#sent.values()];
    this.#sent.clear();
    for (const p of sent) {
      if (p.acked && !IDEMPOTENT.has(p.msg.type)) p.reject(new LoudouError({ code: 'storage', message: HANDOVER }));
      else this.forward(p.msg).then(p.resolve, p.reject);
    }
  }

  // A newer leader exists: this worker's copy is stale. It stops serving, follows the new leader
  // and queues for the lock again (in case this tab lives on and the new leader's tab closes).
  #demote() {
    this.#leading = false;
    this.#release?.();
    this.#release = null;
    this.#onDemote?.();
    if (!this.#closed) this.#queueForLock();
  }

  async #receive(m) {
    if (m.kind === 'who' && this.#leading) {
      this.#channel.postMessage({ kind: 'hello', from: this.#id, epoch: this.#leaderEpoch });
    } else if (m.kind === 'hello' && m.from !== this.#id) {
      if (m.epoch < this.#leaderEpoch) {
        // A stale leader (a closing tab's worker) announcing itself: tell it, and the tab that
        // asked, who leads now.
        if (this.#leading) this.#channel.postMessage({ kind: 'hello', from: this.#id, epoch: this.#leaderEpoch });
        return;
      }
      if (this.#leading) this.#demote();
      const changed = this.#leaderId && this.#leaderId !== m.from;
      this.#leaderId = m.from;
      this.#leaderEpoch = m.epoch;
      if (changed) this.#handOver();
      if (!this.#electing) for (const q of this.#queue.splice(0)) this.forward(q.msg).then(q.resolve, q.reject);
      this.#known();
    } else if (m.kind === 'req' && this.#leading && m.to === this.#id) {
      this.#channel.postMessage({ kind: 'ack', to: m.from, rid: m.rid });
      try {
        const reply = await this.#handle(m.msg, { remote: true });
        this.#channel.postMessage({ kind: 'res', to: m.from, rid: m.rid, ok: true, reply });
      } catch (err) {
        this.#channel.postMessage({ kind: 'res', to: m.from, rid: m.rid, ok: false, error: toWire(err) });
      }
    } else if (m.kind === 'ack' && m.to === this.#id) {
      const p = this.#sent.get(m.rid);
      if (p) p.acked = true;
    } else if (m.kind === 'res' && m.to === this.#id) {
      const p = this.#sent.get(m.rid);
      this.#sent.delete(m.rid);
      if (p) m.ok ? p.resolve(m.reply) : p.reject(new LoudouError(m.error));
    } else if (m.kind === 'event' && !this.#leading && m.epoch >= this.#leaderEpoch) {
      this.#onEvent(m.event);
    }
  }
}
