// The emulator part of README command 1: start a local Segment, send the seeds' example through
// the Objects API and a Bulk API session, and print the merged warehouse rows.
import { gzipSync } from "node:zlib";
import { request } from "undici";
import { startEmulator } from "../packages/emulator/dist/index.js";
import { formatTable } from "../generator/dist/cli/table.js";

const writeKey = "demo";
const headers = {
  authorization: `Basic ${Buffer.from(`${writeKey}:`).toString("base64")}`,
  "content-type": "application/json",
};

async function post(url, body, extra = {}) {
  const response = await request(url, { method: "POST", headers: { ...headers, ...extra }, body });
  const answer = await response.body.json();
  if (response.statusCode >= 300)
    throw new Error(`${url}: ${response.statusCode} ${answer.message}`);
  return answer;
}

const emulator = await startEmulator({
  port: 0,
  log: (line) => console.log(`  emulator: ${line}`),
});
console.log(`Segment emulator on ${emulator.url}\n`);

console.log(
  "Objects API: room 2561341 with review_count 47, then 48 (000's de-dupe and merge example)",
);
for (const review_count of [47, 48]) {
  const room = { name: "Charming Beach Room Facing Ocean", location: "Lihue, HI", review_count };
  await post(
    `${emulator.url}/v1/set`,
    JSON.stringify({ collection: "rooms", objects: [{ id: "2561341", properties: room }] }),
    {
      synchronous: "true",
    },
  );
}
await post(
  `${emulator.url}/v1/set`,
  JSON.stringify({
    collection: "rooms",
    objects: [
      {
        id: "2561342",
        properties: {
          name: "College town feel — plenty of bars nearby",
          location: "Austin, TX",
          review_count: 32,
        },
      },
    ],
  }),
);

console.log("\nBulk API: one session, one gzip'd NDJSON part of products and reviews");
const lines = [
  {
    id: "sku_4f2a9c",
    collection: "products",
    properties: { name: "Trail Runner", price: 89.99, in_stock: true, released_on: "2026-03-01" },
  },
  {
    id: "sku_77b0e1",
    collection: "products",
    properties: { name: "Rain Shell", price: 129, in_stock: false, released_on: "2025-10-15" },
  },
  {
    id: "3f6c1a52-2b1e-4c9a-9d7e-0c1f2a3b4c5d",
    collection: "reviews",
    properties: { room_id: "2561341", rating: 5, created_at: "2026-11-02T09:30:00Z" },
  },
  { id: "sku_4f2a9c", collection: "products", properties: { price: 79.99 } },
];
const { sync_id } = await post(`${emulator.url}/v0/start`, "");
await post(
  `${emulator.url}/v0/upload/${sync_id}`,
  gzipSync(lines.map((line) => JSON.stringify(line)).join("\n")),
  {
    "content-type": "binary/octet-stream",
    "content-encoding": "gzip",
  },
);
await post(`${emulator.url}/v0/finish/${sync_id}`, JSON.stringify({ error: "" }));

for (const sql of [
  "select id, name, location, review_count from rooms order by id",
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
