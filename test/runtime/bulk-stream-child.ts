/**
 * Run by bulk-writer-memory.test.ts in a process of its own, so that its peak RSS is the Bulk
 * writer's and not the test runner's: streams `--bytes` of NDJSON through a BulkWriter to
 * `--endpoint`, then prints one JSON line `{summary, maxRssBytes}`.
 */
import { parseArgs } from "node:util";
import { BulkWriter } from "../../packages/runtime/src/index.js";

const { values } = parseArgs({
  options: {
    endpoint: { type: "string" },
    bytes: { type: "string" },
    spool: { type: "string" },
    level: { type: "string", default: "1" },
  },
});
const target = Number(values.bytes);

const writer = new BulkWriter({
  writeKey: "memory-test-key",
  endpoint: values.endpoint!,
  collection: "rooms",
  spoolDir: values.spool!,
  gzipLevel: Number(values.level),
});

// About 1 KB per object, with values that differ from line to line as real exports do.
const filler = "Ocean view, walking distance to the beach, quiet street. ".repeat(12);
let written = 0;
for (let n = 0; written < target; n++) {
  const object = {
    id: `room-${n}`,
    properties: {
      name: `Charming Beach Room ${n}`,
      location: `Lihue, HI ${n % 977}`,
      review_count: n % 1000,
      price: (n % 50_000) / 100,
      available: n % 3 === 0,
      listed_at: new Date(1_700_000_000_000 + n * 1000),
      description: `${n} ${filler}`,
    },
  };
  // Bytes as the writer counts them: the NDJSON line and its newline.
  written +=
    Buffer.byteLength(
      JSON.stringify({ id: object.id, collection: "rooms", properties: object.properties }),
    ) + 1;
  await writer.write(object);
}
const summary = await writer.close();
process.stdout.write(
  `${JSON.stringify({ summary, maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`,
);
