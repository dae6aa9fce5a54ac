/**
 * What async calls share: whether a pool thread may read (or write) a
 * caller's bytes in place, and the rule that decides when a call is worth
 * the pool hop at all.
 *
 * An async call's kernel runs on a libuv pool thread while JS goes on. A
 * view handed to that thread must keep its memory until the job ends, and
 * two things can take it away: a transfer (postMessage, structuredClone
 * with a transfer list, ArrayBuffer.prototype.transfer) hands the backing
 * store to a new owner, which may free it at its next GC; and a resizable
 * ArrayBuffer can shrink. So a view is read in place only when neither can
 * happen:
 *  - SharedArrayBuffer memory is never detached, and a growable one only
 *    grows (its memory may still change under the job: the addon treats it
 *    as it does in sync calls);
 *  - a plain, fixed-length ArrayBuffer is marked untransferable
 *    (worker_threads.markAsUntransferable), for good: a later transfer of it
 *    copies (Node 20) or throws DataCloneError (Bun, Deno) instead of
 *    moving memory a pool thread may be using. This is used only where the
 *    runtime's mark also stops ArrayBuffer.prototype.transfer (probed once
 *    at load: Bun's transfer() ignores the mark).
 * Everything else (resizable buffers, a runtime whose mark cannot be
 * trusted) is copied first. Small inputs are always copied: below
 * IN_PLACE_MIN the copy costs less than nothing-to-remember, and the
 * caller's buffers stay unmarked.
 */
import * as workerThreads from 'node:worker_threads';

/** Inputs below this many bytes are copied, never marked (see above). */
export const IN_PLACE_MIN = 64 * 1024;

type Mark = (o: object) => void;
const mark: Mark | undefined = (workerThreads as { markAsUntransferable?: Mark }).markAsUntransferable;

/** Whether the runtime's untransferable mark also stops ArrayBuffer.prototype.transfer. */
function markHolds(): boolean {
  if (typeof mark !== 'function') return false;
  const probe = new ArrayBuffer(8);
  try {
    mark(probe);
  } catch {
    return false;
  }
  const transfer = (ArrayBuffer.prototype as { transfer?: (this: ArrayBuffer) => ArrayBuffer }).transfer;
  if (typeof transfer !== 'function') return true;
  try {
    transfer.call(probe);
  } catch {
    return probe.byteLength === 8;
  }
  return false;
}

const MARK_HOLDS = markHolds();
const isShared = (b: ArrayBufferLike): boolean =>
  typeof SharedArrayBuffer === 'function' && b instanceof SharedArrayBuffer;

/**
 * Whether a pool thread may use `view`'s memory in place until the job
 * ends; marks its ArrayBuffer untransferable when that is what makes it so.
 * False: the caller copies the bytes (inputs) or uses memory of its own
 * (outputs).
 */
export function pinForPool(view: Uint8Array): boolean {
  const buffer = view.buffer;
  if (isShared(buffer)) return true;
  if (!MARK_HOLDS || (buffer as ArrayBuffer & { resizable?: boolean }).resizable === true) return false;
  mark!(buffer);
  return true;
}
