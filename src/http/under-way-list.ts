interface Link<T> {
  item: T | undefined;
  prev: Link<T>;
  next: Link<T>;
}

/**
 * The things under way right now (the drain's responses in flight): a
 * doubly linked list whose `add` returns the item's own remove function.
 *
 * Not a Set or a Map, for the garbage collector: a long-lived Set that short-lived objects pass
 * through (added, deleted a few milliseconds later) kept them, and everything they reach, alive
 * through V8's young-generation collections until they were promoted to the old generation. The
 * drain's Set of responses made every request of a GET under load survive into the old
 * generation (~4.7 KB per request; 32 connections: ~1.2 MB per scavenge); with this list,
 * ~0.2 KB per request, as the bare baseline (README, Performance). An unlinked entry references
 * nothing.
 */
export class UnderWayList<T> {
  private readonly head: Link<T>;
  private count = 0;

  constructor() {
    const head = { item: undefined } as Link<T>;
    head.prev = head;
    head.next = head;
    this.head = head;
  }

  get size(): number {
    return this.count;
  }

  /** Adds `item`; the function returned removes it (once; later calls do nothing). */
  add(item: T): () => void {
    const head = this.head;
    const link: Link<T> = { item, prev: head.prev, next: head };
    head.prev.next = link;
    head.prev = link;
    this.count += 1;
    let removed = false;
    return () => {
      if (removed) return;
      removed = true;
      link.prev.next = link.next;
      link.next.prev = link.prev;
      link.item = undefined;
      link.prev = link;
      link.next = link;
      this.count -= 1;
    };
  }

  /** The items, oldest first; an item may remove itself (or others) while this runs. */
  *[Symbol.iterator](): IterableIterator<T> {
    const items: T[] = [];
    for (let link = this.head.next; link !== this.head; link = link.next) items.push(link.item as T);
    yield* items;
  }
}
