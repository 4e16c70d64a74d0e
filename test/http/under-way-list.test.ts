import { UnderWayList } from '../../src/http/under-way-list';

// src/http/under-way-list.ts: what the drain keeps its responses in flight in, instead of a Set.

describe('the under-way list', () => {
  it('holds what was added and not removed, oldest first, and counts it', () => {
    const list = new UnderWayList<string>();
    const removeA = list.add('a');
    list.add('b');
    const removeC = list.add('c');
    expect([...list]).toEqual(['a', 'b', 'c']);
    expect(list.size).toBe(3);
    removeA();
    expect([...list]).toEqual(['b', 'c']);
    removeC();
    expect([...list]).toEqual(['b']);
    expect(list.size).toBe(1);
    list.add('d');
    expect([...list]).toEqual(['b', 'd']);
  });

  it('removes an item once: a second call of its remove function changes nothing', () => {
    const list = new UnderWayList<number>();
    const removeOne = list.add(1);
    list.add(2);
    removeOne();
    removeOne();
    expect([...list]).toEqual([2]);
    expect(list.size).toBe(1);
  });

  it('keeps the same item added twice as two entries, each removed on its own', () => {
    const list = new UnderWayList<string>();
    const first = list.add('x');
    list.add('x');
    first();
    expect([...list]).toEqual(['x']);
  });

  it('lets items remove themselves and others while it is iterated', () => {
    const list = new UnderWayList<string>();
    const removers = new Map<string, () => void>();
    for (const item of ['a', 'b', 'c']) removers.set(item, list.add(item));
    const seen: string[] = [];
    for (const item of list) {
      seen.push(item);
      removers.get(item)!();
      if (item === 'a') removers.get('c')!();
    }
    expect(seen).toEqual(['a', 'b', 'c']);
    expect([...list]).toEqual([]);
    expect(list.size).toBe(0);
  });

  it('visits the items as they were when the iteration began: one added meanwhile waits for the next', () => {
    const list = new UnderWayList<string>();
    list.add('a');
    list.add('b');
    const seen: string[] = [];
    for (const item of list) {
      seen.push(item);
      if (item === 'a') list.add('late');
    }
    expect(seen).toEqual(['a', 'b']);
    expect([...list]).toEqual(['a', 'b', 'late']);
  });
});
