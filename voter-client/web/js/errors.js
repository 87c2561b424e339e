// Errors with stable reasons (the same strings as the C++ code and specs/): every refusal of
// this library is an UrneError whose `reason` a caller or a test can match exactly, e.g.
// `element.out_of_range`, `proof.range.invalid`, `credential.bad_check`.

export class UrneError extends Error {
  // reason: the stable reason string of specs/; message: what was wrong, for people.
  constructor(reason, message) {
    super(message ? `${reason}: ${message}` : reason);
    this.name = 'UrneError';
    this.reason = reason;
  }
}

// Throws UrneError(reason, message) unless `condition`.
export function check(condition, reason, message) {
  if (!condition) throw new UrneError(reason, message);
}

// Prefixes the message of an UrneError (e.g. "question 2, option 1: "), keeping its reason.
export function withContext(prefix, fn) {
  try {
    return fn();
  } catch (e) {
    if (e instanceof UrneError) {
      const inner = e.message.startsWith(e.reason) ? e.message.slice(e.reason.length + 2) : e.message;
      throw new UrneError(e.reason, prefix + (inner || e.reason));
    }
    throw e;
  }
}
