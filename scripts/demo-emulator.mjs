// The emulator part of README command 1: start a local Segment, send the example rooms, products
// and reviews through the generated typed clients (the Objects API for rooms, Bulk API sessions for
// products and reviews), show a payload the generated validator refuses, and print the merged
// warehouse rows.
import { startEmulator } from "../packages/emulator/dist/index.js";
import { formatTable } from "../generator/dist/cli/table.js";
import { createRoomsClient } from "../packages/clients/rooms/dist/index.js";
import { createProductsBulkWriter } from "../packages/clients/products/dist/index.js";
import { createReviewsBulkWriter } from "../packages/clients/reviews/dist/index.js";

const writeKey = "demo";
const emulator = await startEmulator({
  port: 0,
  log: (line) => console.log(`  emulator: ${line}`),
});
console.log(`Segment emulator on ${emulator.url}\n`);

console.log(
  "Objects API (createRoomsClient): room 2561341 with review_count 47, then 48 (000's de-dupe and merge example)",
);
const rooms = createRoomsClient({ writeKey, endpoint: emulator.url, synchronous: true });
for (const review_count of [47, 48]) {
  await rooms.set({
    id: "2561341",
    properties: { name: "Charming Beach Room Facing Ocean", location: "Lihue, HI", review_count },
  });
  await rooms.flush();
}
await rooms.set({
  id: "2561342",
  properties: {
    name: "College town feel — plenty of bars nearby",
    location: "Austin, TX",
    review_count: 32,
    listed_at: new Date("2026-11-01T10:00:00Z"),
  },
});
try {
  await rooms.set({ id: "2561343", properties: { name: "", location: "Lihue, HI" } });
} catch (error) {
  console.log(`  refused before sending: ${error.message}`);
}
const roomSummary = await rooms.close();
console.log(`  ${roomSummary.sent} objects sent, ${roomSummary.failed} failed`);

console.log("\nBulk API (createProductsBulkWriter, createReviewsBulkWriter): one session each");
const products = createProductsBulkWriter({ writeKey, endpoint: emulator.url });
await products.write([
  {
    id: "sku_4f2a9c",
    properties: { name: "Trail Runner", price: 89.99, in_stock: true, released_on: "2026-03-01" },
  },
  {
    id: "sku_77b0e1",
    properties: { name: "Rain Shell", price: 129, in_stock: false, released_on: "2025-10-15" },
  },
  { id: "sku_4f2a9c", properties: { name: "Trail Runner", price: 79.99, in_stock: true } },
]);
const reviews = createReviewsBulkWriter({ writeKey, endpoint: emulator.url });
await reviews.write({
  id: "3f6c1a52-2b1e-4c9a-9d7e-0c1f2a3b4c5d",
  properties: { room_id: "2561341", rating: 5, created_at: new Date("2026-11-02T09:30:00Z") },
});
for (const [name, writer] of [
  ["products", products],
  ["reviews", reviews],
]) {
  const summary = await writer.close();
  console.log(
    `  ${name}: ${summary.objects} object${summary.objects === 1 ? "" : "s"} in ${summary.parts} part (${summary.rawBytes} bytes, ${summary.gzipBytes} gzip'd), ${summary.failed} failed`,
  );
}

for (const sql of [
  "select id, name, location, review_count, listed_at from rooms order by id",
  "select id, name, price, in_stock, released_on from products order by id",
  "select id, room_id, rating, created_at from reviews",
]) {
  const { columns, rows } = await emulator.query(sql);
  console.log(`\n$ segkit query "${sql}"`);
  process.stdout.write(
    formatTable(
      columns.map((c) => c.name),
      rows,
    ),
  );
}
await emulator.stop();
