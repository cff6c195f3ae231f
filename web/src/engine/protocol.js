// The worker protocol. Every message carries an id; every reply names it; every failure crosses
// as a plain, cloneable {code, message, field?, fields?} (never an Error object).
//
// page -> worker   {id, type: 'open', name, engineUrl}     -> {role, bytes, readMs?, wasmMs?, totalMs?}
//                  {id, type: 'call', op, args}           -> the op's result
//                  {id, type: 'durable'}                  -> null once all commits so far are stored
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
  constructor({ code = 'internal', message = 'unexpected failure', field, fields } = {}) {
    super(message);
    this.name = 'LoudouError';
    this.code = code;
    if (field !== undefined) this.field = field;
    if (fields !== undefined) this.fields = fields;
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
  if (err?.field !== undefined) out.field = err.field;
  if (err?.fields !== undefined) out.fields = err.fields;
  return out;
}
