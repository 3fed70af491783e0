import { decodeFrame, Decoded, MAX_DATA, MIN_FRAME } from './gb26875-frame';

/** Junk kept at most while looking for `@@` (a device that only sends noise does not grow the buffer). */
const MAX_BUFFER = MIN_FRAME + MAX_DATA + 64;

/**
 * Splits a TCP byte stream into frames: a frame split across reads waits for its rest, frames stuck
 * together (粘包) come out one by one, junk before `@@` is skipped, and a bad frame is reported and
 * stepped over (the stream resynchronises on the next `@@`) instead of throwing the buffer away.
 */
export class FrameSplitter {
  private buf = new Uint8Array(0);
  /** bytes skipped as junk so far */
  skipped = 0;

  push(chunk: Uint8Array): Array<Decoded & { raw: Uint8Array }> {
    const joined = new Uint8Array(this.buf.length + chunk.length);
    joined.set(this.buf);
    joined.set(chunk, this.buf.length);
    let b = joined;
    const out: Array<Decoded & { raw: Uint8Array }> = [];
    for (;;) {
      const start = findStart(b);
      if (start < 0) {
        // keep a trailing '@' (half a start marker); the rest is junk
        const keep = b.length && b[b.length - 1] === 0x40 ? 1 : 0;
        this.skipped += b.length - keep;
        b = b.slice(b.length - keep);
        break;
      }
      if (start > 0) {
        this.skipped += start;
        b = b.slice(start);
      }
      if (b.length < 26) break;
      const len = b[24] | (b[25] << 8);
      if (len > MAX_DATA) {
        out.push({ ...decodeFrame(b.slice(0, 26)), ok: false, error: 'too_long', raw: b.slice(0, 26) } as Decoded & { raw: Uint8Array });
        b = b.slice(2);
        continue;
      }
      const total = MIN_FRAME + len;
      if (b.length < total) break;
      const raw = b.slice(0, total);
      const d = decodeFrame(raw);
      out.push({ ...d, raw });
      // a good frame is consumed whole; a bad one only past its '@@', so a real frame inside it is found again
      b = b.slice(d.ok ? total : 2);
    }
    this.buf = b.length > MAX_BUFFER ? b.slice(b.length - MAX_BUFFER) : b;
    return out;
  }

  get buffered(): number {
    return this.buf.length;
  }
}

function findStart(b: Uint8Array): number {
  for (let i = 0; i + 1 < b.length; i++) if (b[i] === 0x40 && b[i + 1] === 0x40) return i;
  return -1;
}
