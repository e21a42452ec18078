import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { CollectionQueue } from "../../packages/runtime/src/objects-queue.js";

setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

type Room = { id: string; properties: { n: number } };

/** Queues `count` rooms; returns weak references to them, so that nothing here keeps them alive. */
function queueRooms(queue: CollectionQueue<Room["properties"]>, count: number): WeakRef<Room>[] {
  const refs: WeakRef<Room>[] = [];
  for (let n = 0; n < count; n++) {
    const room: Room = { id: `room-${n}`, properties: { n } };
    refs.push(new WeakRef(room));
    queue.push(room, JSON.stringify(room), n + 1);
  }
  return refs;
}

describe("CollectionQueue", () => {
  it("cuts batches in order, with their bodies and first seq", () => {
    const queue = new CollectionQueue<Room["properties"]>("rooms");
    queueRooms(queue, 12);
    const first = queue.take(10, 512 * 1024);
    expect(first.firstSeq).toBe(1);
    expect(first.objects.map((room) => room.id)).toEqual(
      Array.from({ length: 10 }, (_, n) => `room-${n}`),
    );
    expect(JSON.parse(first.body)).toEqual({ collection: "rooms", objects: first.objects });
    expect(queue.length).toBe(2);
    expect(queue.firstSeq()).toBe(11);
    expect(queue.take(10, 512 * 1024).objects.map((room) => room.id)).toEqual([
      "room-10",
      "room-11",
    ]);
    expect(queue.firstSeq()).toBeUndefined();
    expect(queue.bytes).toBe(0);
  });

  it("holds nothing of a batch once it is taken", async () => {
    const queue = new CollectionQueue<Room["properties"]>("rooms");
    const refs = queueRooms(queue, 30);
    expect(queue.take(10, 512 * 1024).objects).toHaveLength(10);
    // A weak reference keeps its target until the job that made it has ended.
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    expect(refs.map((ref) => ref.deref() !== undefined)).toEqual([
      ...Array<boolean>(10).fill(false),
      ...Array<boolean>(20).fill(true),
    ]);
    expect(queue.length).toBe(20);
  });
});
