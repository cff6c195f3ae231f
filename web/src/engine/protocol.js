// The worker protocol. Every message carries an id; every reply names it; every failure crosses
// as a plain, cloneable {code, message, field?, fields?} (never an Error object).
//
// page -> worker   {id, type: 'open', name, engineUrl, firstUrl?}     -> {role, bytes, readMs?, wasmMs?, totalMs?}
//                  {id, type: 'call', op, args}           -> the op's result
//                  {id, type: 'durable'}                  -> null once all commits so far are stored
//                                                            (the worker adds `unconfirmed`, its page's
//                                                            writes by epoch, when it asks the leader)
//                  {id, type: 'export'}                   -> Uint8Array (the raw SQLite file)
//                  {id, type: 'import', bytes}            -> meta.info of the imported database
//                  {id, type: 'check'}                    -> {integrity, schema_version}
//                  {id, type: 'flush'}                    -> null (retries a failed save now)
//                  {id, type: 'test', failWrites}         -> null (test hook: simulate a failing IndexedDB)
//                  {id, type: 'close'}                    -> null
// worker -> page   {id, ok: true, result} | {id, ok: false, error}
//                  {event: 'status', state: 'saved'|'saving'|'error', error?}
//                  {event: 'change', ops: [op names]}
export const MESSAGE_TYPES = ['open', 'call', 'durable', 'export', 'import', 'check', 'flush', 'test', 'close'];

/** An Error carrying a command-API error code. */
export class LoudouError extends Error {
  constructor({ code = 'internal', message = 'unexpected failure', ...extra } = {}) {
    super(message);
    this.name = 'LoudouError';
    this.code = code;
    // Everything else the error object carries comes along: field, fields (stage_requirements),
    // errors and error_count (data.import), ...
    for (const [k, v] of Object.entries(extra)) if (v !== undefined && k !== 'name' && k !== 'stack') this[k] = v;
  }
}

export function storageError(message, cause) {
  const err = new LoudouError({ code: 'storage', message });
  if (cause) err.cause = cause;
  return err;
}

/** Any thrown value as the plain error object the protocol carries. */
export function toWire(err) {
  const out = {
    code: typeof err?.code === 'string' ? err.code : 'internal',
    message: String(err?.message || err || 'unexpected failure'),
  };
  if (err instanceof LoudouError) {
    // A command-API error: keep every key it carries (field, fields, errors, error_count, ...).
    for (const [k, v] of Object.entries(err)) if (!(k in out) && k !== 'cause' && k !== 'name') out[k] = v;
  } else {
    if (err?.field !== undefined) out.field = err.field;
    if (err?.fields !== undefined) out.fields = err.fields;
  }
  return out;
}
