import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../simulator/index.js';
import { ONEC_SETS, type WireRecord } from '../wire/index.js';
import { ODataClient } from './ODataClient.js';
import { monthWindows } from './dateWindows.js';
import { iterateShiftAware, type PagePosition, type ShiftEvent } from './shiftAwarePages.js';

const SET = ONEC_SETS.incomingPayments;
const WINDOWS = monthWindows('2025-01-01', '2025-02-28');

describe('shift-aware paging', () => {
  let sim: RunningSimulator;
  let client: ODataClient;

  /** Live documents of the windows in read order. */
  const expected = () =>
    WINDOWS.flatMap((w) =>
      (sim.data.list(SET) as WireRecord[])
        .filter((r) => !r.DeletionMark && String(r.Date).slice(0, 10) >= w.from && String(r.Date).slice(0, 10) <= w.to)
        .map((r) => String(r.Ref_Key))
        .sort(),
    );

  const read = async (options: { maxRereads?: number; start?: PagePosition; change?: (skip: number) => void } = {}) => {
    const shifts: ShiftEvent[] = [];
    const refs: string[] = [];
    let fired = false;
    sim.setRequestHook((request) => {
      const skip = Number(request.params.get('$skip') ?? -1);
      if (!fired && options.change && skip > 0) {
        fired = true;
        options.change(skip);
      }
    });
    const pages = iterateShiftAware(client, SET, {
      windows: WINDOWS,
      filter: 'DeletionMark eq false',
      select: ['Ref_Key'],
      pageSize: 20,
      maxRereads: options.maxRereads ?? 3,
      onShift: (e) => shifts.push(e),
      ...(options.start ? { start: options.start } : {}),
    });
    for await (const page of pages) for (const { record } of page.records) refs.push(String(record.Ref_Key));
    sim.setRequestHook(null);
    return { refs, shifts };
  };

  beforeAll(async () => {
    sim = await startSimulator({ seed: 5, contractors: 20, documents: 240, from: '2025-01-01', to: '2025-02-28' });
    client = new ODataClient({ url: sim.url, user: '', password: '' });
  });
  afterAll(() => sim.close());

  it('reads every record once, each page one record early to check the boundary', async () => {
    const before = sim.stats().recentRequests.at(-1)?.number ?? 0;
    const { refs, shifts } = await read();
    expect(refs).toEqual(expected());
    expect(shifts).toEqual([]);
    const tops = sim
      .stats()
      .recentRequests.filter((r) => r.number > before)
      .map((r) => /\$top=(\d+)&\$skip=(\d+)/.exec(r.url)!.slice(1).join('/'));
    expect(tops.slice(0, 3)).toEqual(['20/0', '21/19', '21/39']);
  });

  it('a record deleted before the offset: the window is read again, nothing skipped, nothing returned twice', async () => {
    let removed = '';
    const { refs, shifts } = await read({
      change: () => {
        removed = expected()[2]!;
        sim.data.remove(SET, removed);
      },
    });
    expect(shifts).toEqual([{ set: SET, windowIndex: 0, skip: 20, reread: true }]);
    expect(new Set(refs).size).toBe(refs.length);
    expect(refs.filter((r) => r !== removed).sort()).toEqual(expected().sort());
  });

  it('re-reads used up: reading goes on past the moved boundary, the record that slid back is not lost', async () => {
    let marked = '';
    const { refs, shifts } = await read({
      maxRereads: 0,
      change: () => {
        marked = expected()[3]!;
        sim.data.setDeletionMark(SET, marked);
      },
    });
    expect(shifts).toEqual([{ set: SET, windowIndex: 0, skip: 20, reread: false }]);
    expect(refs.filter((r) => r !== marked).sort()).toEqual(expected().sort());
  });

  it('a record inserted before the offset is caught by the re-read', async () => {
    let inserted = '';
    const { refs, shifts } = await read({
      change: () => {
        const { Ref_Key: _r, DataVersion: _v, ...fields } = sim.data.get(SET, expected()[1]!)!;
        inserted = String(sim.data.insert(SET, { ...fields, Ref_Key: '00000000-0000-4000-8000-000000000001' }).Ref_Key);
      },
    });
    expect(shifts.map((s) => s.reread)).toEqual([true]);
    expect(refs).toContain(inserted);
    expect([...refs].sort()).toEqual([...expected()].sort());
  });

  it('resumes at a cursor; when the record before it is no longer there, re-reads its window', async () => {
    const order = expected();
    const { refs } = await read({ start: { windowIndex: 0, skip: 10, lastRef: order[9]! } });
    expect(refs).toEqual(order.slice(10));
    const moved = await read({ start: { windowIndex: 0, skip: 10, lastRef: order[8]! } });
    expect(moved.shifts).toEqual([{ set: SET, windowIndex: 0, skip: 10, reread: true }]);
    expect(moved.refs).toEqual(order);
  });
});
