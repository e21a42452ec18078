// Issue 3, "Bulk API — as 001 says": start → 201 {"sync_id"}; upload gzip NDJSON → 201
// {"part_id"}, 400 naming the line for a bad line or a line over 400 KB; finish → 202 and the
// session's parts applied in order; keep-alive → 200; unknown or finished session → 400/404 with a
// message.
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../packages/emulator/src/index.js";
import {
  bulkPost,
  finish,
  gzipLines,
  keepAlive,
  line,
  startSession,
  upload,
  type BulkAnswer,
} from "./bulk-client.js";

let emulator: Emulator;
let url: string;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  url = emulator.url;
});
afterAll(async () => {
  await emulator.stop();
});

const beachRoom = {
  name: "Charming Beach Room Facing Ocean",
  location: "Lihue, HI",
  review_count: 47,
};

describe("a bulk session", () => {
  it("applies its parts in order once finished: 001's example leaves one row with 48", async () => {
    const id = await startSession(url);
    expect(id).toMatch(/^[\w-]+$/);

    const first = await upload(
      url,
      id,
      gzipLines([
        line("rooms", "2561341", beachRoom),
        line("rooms", "2561342", { name: "College town feel", location: "Austin, TX" }),
        line("products", "p1", { title: "Surfboard", price: 499.5 }),
      ]),
    );
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ part_id: expect.any(String) });

    // A partial object in the second part: merged into the first part's row.
    const second = await upload(
      url,
      id,
      gzipLines([line("rooms", "2561341", { review_count: 48 })]),
    );
    expect(second.status).toBe(201);
    expect(second.body.part_id).not.toBe(first.body.part_id);

    const finished = await finish(url, id);
    expect(finished).toMatchObject({ status: 202, body: {} });

    const rooms = await emulator.query(
      "select id, name, location, review_count from rooms order by id",
    );
    expect(rooms.rows).toEqual([
      ["2561341", "Charming Beach Room Facing Ocean", "Lihue, HI", 48],
      ["2561342", "College town feel", "Austin, TX", null],
    ]);
    const products = await emulator.query("select id, title, price from products");
    expect(products.rows).toEqual([["p1", "Surfboard", 499.5]]);
  });

  it("logs the number of objects of each part", async () => {
    const id = await startSession(url);
    await upload(
      url,
      id,
      gzipLines([line("logged", "1", { a: 1 }), line("logged", "2", { a: 2 })]),
    );
    const entry = emulator.requests().at(-1)!;
    expect(entry).toMatchObject({ method: "POST", path: `/v0/upload/${id}`, status: 201 });
    expect(entry.objects).toBe(2);
  });

  it("keeps line order across batches and collections: the last value of an id wins", async () => {
    const id = await startSession(url);
    // 2,500 updates of one counter (more than one batch), with other collections in between.
    const lines = Array.from({ length: 2500 }, (_, i) =>
      i % 700 === 699
        ? line("interruptions", `i${i}`, { step: i })
        : line("counters", "only", { value: i }),
    );
    expect((await upload(url, id, gzipLines(lines.slice(0, 1200)))).status).toBe(201);
    expect((await upload(url, id, gzipLines(lines.slice(1200)))).status).toBe(201);
    expect((await finish(url, id)).status).toBe(202);
    expect((await emulator.query("select value from counters")).rows).toEqual([[2499]]);
    const interruptions = await emulator.query("select id from interruptions order by step");
    expect(interruptions.rows).toEqual([["i699"], ["i1399"], ["i2099"]]);
  });

  it("skips blank lines and takes \\r\\n endings and a last line without a newline", async () => {
    const id = await startSession(url);
    const text = `\n${JSON.stringify(line("blanks", "1", { a: "x" }))}\r\n  \n\n${JSON.stringify(line("blanks", "2", { a: "y" }))}`;
    const answer = await upload(url, id, gzipSync(text));
    expect(answer.status).toBe(201);
    expect(emulator.requests().at(-1)!.objects).toBe(2);
    await finish(url, id);
    expect((await emulator.query("select id, a from blanks order by id")).rows).toEqual([
      ["1", "x"],
      ["2", "y"],
    ]);
  });

  it("keeps the session usable after a rejected part, and stores none of that part", async () => {
    const id = await startSession(url);
    const rejected = await upload(
      url,
      id,
      gzipLines([line("kept", "from-rejected", { a: 1 }), "{not json"]),
    );
    expect(rejected.status).toBe(400);
    expect((await upload(url, id, gzipLines([line("kept", "good", { a: 2 })]))).status).toBe(201);
    expect((await finish(url, id)).status).toBe(202);
    expect((await emulator.query("select id from kept")).rows).toEqual([["good"]]);
  });

  it("discards the parts when finish carries an error", async () => {
    const id = await startSession(url);
    await upload(url, id, gzipLines([line("discarded", "1", { a: 1 })]));
    expect(await finish(url, id, "the export job crashed")).toMatchObject({
      status: 202,
      body: {},
    });
    await emulator.drain();
    await expect(emulator.query("select * from discarded")).rejects.toThrow();
    const again = await keepAlive(url, id);
    expect(again.status).toBe(400);
    expect(again.body.message).toMatch(/finished with the error "the export job crashed"/);
  });

  it("takes a finish with an empty body as a successful one", async () => {
    const id = await startSession(url);
    await upload(url, id, gzipLines([line("empty_finish", "1", { a: 1 })]));
    expect((await bulkPost(url, `/v0/finish/${id}`)).status).toBe(202);
    expect((await emulator.query("select id from empty_finish")).rows).toEqual([["1"]]);
  });

  it("does not check Content-Type: 001 lists no 415 for upload", async () => {
    const id = await startSession(url);
    const answer = await upload(url, id, gzipLines([line("typed", "1", { a: 1 })]), {
      "content-type": "application/x-ndjson",
      "content-encoding": "gzip",
    });
    expect(answer.status).toBe(201);
  });

  it("keeps each session to its write key", async () => {
    const id = await startSession(url, "another-key");
    const answer = await upload(url, id, gzipLines([line("rooms", "x", {})]));
    expect(answer.status).toBe(404);
    expect(answer.body.message).toMatch(/^unknown session/);
  });
});

const ok = () => gzipLines([line("rooms", "1", { name: "a" })]);

/** An upload whose line `bad` replaces the second of three good lines. */
const withSecondLine = (bad: string) =>
  gzipLines([line("rooms", "1", { a: 1 }), bad, line("rooms", "3", { a: 3 })]);

const badUploads: [
  string,
  { body: Buffer; headers?: Record<string, string>; want: RegExp; line?: number },
][] = [
  [
    "a line that is not JSON",
    { body: withSecondLine('{"id": "2", '), want: /^line 2 is not valid JSON \(/, line: 2 },
  ],
  [
    "a line that is an array",
    {
      body: withSecondLine("[1, 2]"),
      want: /^line 2 is an array; each line is one JSON object/,
      line: 2,
    },
  ],
  [
    "a missing id",
    {
      body: withSecondLine(JSON.stringify({ collection: "rooms", properties: {} })),
      want: /^line 2: id is required/,
      line: 2,
    },
  ],
  [
    "an id of 101 characters",
    {
      body: withSecondLine(JSON.stringify(line("rooms", "x".repeat(101), {}))),
      want: /^line 2: id is 101 characters; ids are at most 100/,
      line: 2,
    },
  ],
  [
    "a collection with uppercase letters",
    {
      body: withSecondLine(JSON.stringify(line("Rooms", "2", {}))),
      want: /^line 2: collection "Rooms" has uppercase letters/,
      line: 2,
    },
  ],
  [
    "a collection that ends with an underscore",
    {
      body: withSecondLine(JSON.stringify(line("rooms_", "2", {}))),
      want: /^line 2: collection "rooms_" ends with an underscore/,
      line: 2,
    },
  ],
  [
    "missing properties, spelled with a capital",
    {
      body: withSecondLine(JSON.stringify({ id: "2", collection: "rooms", Properties: {} })),
      want: /^line 2: properties is required .*"properties", in lowercase/,
      line: 2,
    },
  ],
  [
    "a nested property",
    {
      body: withSecondLine(JSON.stringify(line("rooms", "2", { address: { city: "Lihue" } }))),
      want: /^line 2: properties\.address is an object; values cannot be lists or objects/,
      line: 2,
    },
  ],
  [
    "a list property",
    {
      body: withSecondLine(JSON.stringify(line("rooms", "2", { tags: ["a"] }))),
      want: /^line 2: properties\.tags is a list/,
      line: 2,
    },
  ],
  [
    "a 33 KB value",
    {
      body: withSecondLine(JSON.stringify(line("rooms", "2", { bio: "x".repeat(33 * 1024) }))),
      want: /^line 2: properties\.bio is 33792 bytes; each value must be less than 32 KB/,
      line: 2,
    },
  ],
  [
    "a line over 400 KB",
    {
      // Every value is under 32 KB; the line is not.
      body: withSecondLine(
        JSON.stringify(
          line(
            "rooms",
            "2",
            Object.fromEntries(Array.from({ length: 14 }, (_, i) => [`p${i}`, "x".repeat(30_000)])),
          ),
        ),
      ),
      want: /^line 2 is longer than 400 KB; 001 takes objects of at most 400 KB/,
      line: 2,
    },
  ],
  [
    "a body that is not gzip",
    {
      body: Buffer.from(JSON.stringify(line("rooms", "1", {}))),
      want: /^the body is not valid gzip data \(incorrect header check\)/,
    },
  ],
  [
    "truncated gzip",
    {
      body: gzipLines(
        Array.from({ length: 500 }, (_, i) => line("rooms", `r${i}`, { i })),
      ).subarray(0, -20),
      want: /^the gzip data ends early .*the upload is truncated/,
    },
  ],
  ["an empty body", { body: Buffer.alloc(0), want: /^the body is empty/ }],
  [
    "no Content-Encoding",
    {
      body: gzipLines([line("rooms", "1", {})]),
      headers: { "content-type": "binary/octet-stream" },
      want: /^Content-Encoding is missing; .*send Content-Encoding: gzip/,
    },
  ],
  [
    "Content-Encoding: br",
    {
      body: gzipLines([line("rooms", "1", {})]),
      headers: { "content-encoding": "br" },
      want: /^Content-Encoding is "br"/,
    },
  ],
];

describe("POST /v0/upload/<id> rejects", () => {
  it.each(badUploads)("%s with 400 and a message", async (_name, { body, headers, want, line }) => {
    const id = await startSession(url);
    const answer = await upload(url, id, body, headers);
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(want);
    if (line !== undefined) {
      expect(answer.body.line).toBe(line);
      expect(answer.body.message).toMatch(/The upload was not stored|the upload was not stored/);
    }
    // The session is still open.
    expect((await upload(url, id, ok())).status).toBe(201);
  });
});

describe("unknown and finished sessions", () => {
  const routes: [string, (id: string) => Promise<BulkAnswer>][] = [
    ["upload", (id) => upload(url, id, ok())],
    ["finish", (id) => finish(url, id)],
    ["keep-alive", (id) => keepAlive(url, id)],
  ];

  it.each(routes)("%s of an unknown session answers 404", async (_route, call) => {
    const answer = await call("no-such-session");
    expect(answer.status).toBe(404);
    expect(answer.body.message).toMatch(
      /^unknown session "no-such-session" for this write key; start one with POST \/v0\/start/,
    );
  });

  it.each(routes)("%s of a finished session answers 400", async (_route, call) => {
    const id = await startSession(url);
    await upload(url, id, ok());
    expect((await finish(url, id)).status).toBe(202);
    await emulator.drain();
    const answer = await call(id);
    expect(answer.status).toBe(400);
    expect(answer.body.message).toBe(
      `session "${id}" is finished: 1 of its 1 objects were applied; start a new session with POST /v0/start`,
    );
  });

  it("a second finish while the first is applied answers 400", async () => {
    const id = await startSession(url);
    const [first, second] = await Promise.all([finish(url, id), finish(url, id)]);
    expect([first.status, second.status].sort()).toEqual([202, 400]);
  });
});

describe("requests the Bulk API does not take", () => {
  it("answers 401 without the write key", async () => {
    const answer = await bulkPost(url, "/v0/start", undefined, { key: null });
    expect(answer.status).toBe(401);
    expect(answer.headers["content-type"]).toMatch(/^application\/json/);
    expect(answer.body.message).toMatch(/^missing Authorization header/);
    const id = await startSession(url);
    const unauthorized = await bulkPost(url, `/v0/upload/${id}`, ok(), {
      key: null,
      headers: { "content-encoding": "gzip" },
    });
    expect(unauthorized.status).toBe(401);
  });

  it("answers 404 to a route without its session id", async () => {
    const answer = await bulkPost(url, "/v0/upload");
    expect(answer.status).toBe(404);
    expect(answer.body.message).toMatch(/needs a session id/);
  });

  it('answers 400 to a finish body that is not {"error": string}', async () => {
    const id = await startSession(url);
    const notJson = await bulkPost(url, `/v0/finish/${id}`, "{error", {
      headers: { "content-type": "application/json" },
    });
    expect(notJson.status).toBe(400);
    expect(notJson.body.message).toMatch(/^the body is not valid JSON/);
    const notString = await bulkPost(url, `/v0/finish/${id}`, '{"error": 1}');
    expect(notString.status).toBe(400);
    expect(notString.body.message).toMatch(/^"error" must be a string/);
    // Neither finished the session.
    expect((await keepAlive(url, id)).status).toBe(200);
  });
});
