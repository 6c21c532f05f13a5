import { mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { readTicketState, recordTicket } from './state-file.js';

it('records tickets by deployment key in an owner-only file, keeping the others', async () => {
  const file = join(await mkdtemp(join(tmpdir(), 'smokeguard-tickets-')), 'state', 'tickets.json');
  expect(await readTicketState(file)).toEqual({});
  await recordTicket(file, 'prod/django', { id: 'INC-1', url: 'https://tickets.example/INC-1' });
  await recordTicket(file, 'prod/orders', { id: 'INC-2' });
  expect(await readTicketState(file)).toEqual({ 'prod/django': { id: 'INC-1', url: 'https://tickets.example/INC-1' }, 'prod/orders': { id: 'INC-2' } });
  expect((await stat(file)).mode & 0o777).toBe(0o600);
});
