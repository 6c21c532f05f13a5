import { describe, expect, it } from 'vitest';
import { latestOnly } from './latest-only.js';

/** A send whose every call waits until the test lets it end. */
function gatedSend() {
  const sent: number[] = [];
  const gates: Array<() => void> = [];
  let open = 0;
  let maxOpen = 0;
  const send = (value: number) => {
    sent.push(value);
    open++;
    maxOpen = Math.max(maxOpen, open);
    return new Promise<void>((resolve) => gates.push(() => { open--; resolve(); }));
  };
  const release = async () => {
    gates.shift()?.();
    // Let the sender's loop take its next value.
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { send, sent, release, maxOpen: () => maxOpen, open: () => open };
}

describe('latestOnly', () => {
  it('keeps one send in flight; what came meanwhile is replaced by the newest, sent when it ends', async () => {
    const g = gatedSend();
    const sender = latestOnly(g.send);
    sender.push(1);
    sender.push(2);
    sender.push(3);
    sender.push(4);
    expect(g.sent).toEqual([1]);
    await g.release();
    expect(g.sent).toEqual([1, 4]);
    await g.release();
    expect(g.open()).toBe(0);
    sender.push(5);
    expect(g.sent).toEqual([1, 4, 5]);
    await g.release();
    expect(g.maxOpen()).toBe(1);
  });

  it('close drops what waits, waits for the send in flight, and takes nothing after', async () => {
    const g = gatedSend();
    const sender = latestOnly(g.send);
    sender.push(1);
    sender.push(2);
    let closed = false;
    const closing = sender.close().then(() => (closed = true));
    await Promise.resolve();
    expect(closed).toBe(false);
    await g.release();
    await closing;
    sender.push(3);
    expect(g.sent).toEqual([1]);
  });

  it('a send that rejects does not stop the next one', async () => {
    const g = gatedSend();
    const sender = latestOnly(async (v: number) => {
      await g.send(v);
      throw new Error('dashboard down');
    });
    sender.push(1);
    sender.push(2);
    await g.release();
    expect(g.sent).toEqual([1, 2]);
    await g.release();
    await sender.close();
  });
});
