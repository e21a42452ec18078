import { connect } from "node:net";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../packages/emulator/src/index.js";
import { basic, post, room, set } from "./http-client.js";

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, asyncMaxDelayMs: 20 });
});
afterAll(async () => {
  await emulator.stop();
});

describe("POST /v1/set", () => {
  it("holds the seeds' example: 47 then 48 leaves one row with 48", async () => {
    const first = {
      name: "Charming Beach Room Facing Ocean",
      location: "Lihue, HI",
      review_count: 47,
    };
    for (const count of [47, 48]) {
      const answer = await set(
        emulator.url,
        { collection: "rooms", objects: [room("2561341", { ...first, review_count: count })] },
        { synchronous: "true" },
      );
      expect(answer.status).toBe(200);
    }
    const result = await emulator.query("select id, name, location, review_count from rooms");
    expect(result.rows).toEqual([["2561341", "Charming Beach Room Facing Ocean", "Lihue, HI", 48]]);
  });

  it("merges a partial object into what is there", async () => {
    await set(
      emulator.url,
      { collection: "listings", objects: [room("1", { name: "A", owner: "Calvin" })] },
      { synchronous: "true" },
    );
    await set(
      emulator.url,
      { collection: "listings", objects: [room("1", { public_listing: true })] },
      { synchronous: "true" },
    );
    const result = await emulator.query(
      "select name, owner, public_listing from listings where id = '1'",
    );
    expect(result.rows).toEqual([["A", "Calvin", true]]);
  });

  it("applies objects sent without Synchronous later, from its queue", async () => {
    const objects = Array.from({ length: 10 }, (_, i) => room(`q${i}`, { n: i }));
    const answer = await set(emulator.url, { collection: "queued", objects });
    expect(answer.status).toBe(200);
    const result = await emulator.query("select count(*) from queued");
    expect(result.rows[0]![0]).toBe(10);
  });
});

describe("POST /v1/set refuses what 000 does not allow", () => {
  const ok = { collection: "rooms", objects: [room("1", { name: "x" })] };
  const json = { authorization: basic("k"), "content-type": "application/json" };
  const cases: [
    string,
    { body: string | Buffer; headers?: Record<string, string>; status: number; message: RegExp },
  ][] = [
    [
      "no Authorization",
      {
        body: JSON.stringify(ok),
        headers: { "content-type": "application/json" },
        status: 401,
        message: /missing Authorization header/,
      },
    ],
    [
      "Bearer instead of Basic",
      {
        body: JSON.stringify(ok),
        headers: { authorization: "Bearer k", "content-type": "application/json" },
        status: 401,
        message: /not HTTP Basic/,
      },
    ],
    [
      "a credential without a colon",
      {
        body: JSON.stringify(ok),
        headers: {
          authorization: `Basic ${Buffer.from("k").toString("base64")}`,
          "content-type": "application/json",
        },
        status: 401,
        message: /no ":"/,
      },
    ],
    [
      "no Content-Type",
      {
        body: JSON.stringify(ok),
        headers: { authorization: basic("k") },
        status: 415,
        message: /Content-Type is missing/,
      },
    ],
    [
      "text/plain",
      {
        body: JSON.stringify(ok),
        headers: { authorization: basic("k"), "content-type": "text/plain" },
        status: 415,
        message: /application\/json/,
      },
    ],
    [
      "malformed JSON",
      { body: '{"collection": "rooms", "objects": [', status: 400, message: /not valid JSON/ },
    ],
    ["an empty body", { body: "", status: 400, message: /empty/ }],
    ["an array body", { body: "[]", status: 400, message: /must be an object/ }],
    [
      "11 objects",
      {
        body: JSON.stringify({
          collection: "rooms",
          objects: Array.from({ length: 11 }, (_, i) => room(String(i), {})),
        }),
        status: 400,
        message: /11 items; send 1 to 10/,
      },
    ],
    [
      "no objects",
      {
        body: JSON.stringify({ collection: "rooms", objects: [] }),
        status: 400,
        message: /0 items/,
      },
    ],
    [
      "a nested property",
      {
        body: JSON.stringify({
          collection: "rooms",
          objects: [room("1", {}), room("2", { address: { city: "Lihue" } })],
        }),
        status: 400,
        message: /objects\[1\]\.properties\.address is an object/,
      },
    ],
    [
      "a list property",
      {
        body: JSON.stringify({ collection: "rooms", objects: [room("1", { tags: ["a"] })] }),
        status: 400,
        message: /objects\[0\]\.properties\.tags is a list/,
      },
    ],
    [
      "a 33 KB value",
      {
        body: JSON.stringify({
          collection: "rooms",
          objects: [room("1", { bio: "x".repeat(33 * 1024) })],
        }),
        status: 400,
        message: /objects\[0\]\.properties\.bio is \d+ bytes; each value must be less than 32 KB/,
      },
    ],
    [
      "an id of 101 characters",
      {
        body: JSON.stringify({ collection: "rooms", objects: [room("x".repeat(101), {})] }),
        status: 400,
        message: /objects\[0\]\.id is 101 characters/,
      },
    ],
    [
      "a numeric id",
      {
        body: JSON.stringify({ collection: "rooms", objects: [{ id: 5, properties: {} }] }),
        status: 400,
        message: /objects\[0\]\.id must be a string/,
      },
    ],
    [
      "an uppercase collection",
      {
        body: JSON.stringify({ collection: "Rooms", objects: [room("1", {})] }),
        status: 400,
        message: /collection "Rooms" has uppercase letters/,
      },
    ],
    [
      "missing properties",
      {
        body: JSON.stringify({ collection: "rooms", objects: [{ id: "1" }] }),
        status: 400,
        message: /objects\[0\]\.properties is required/,
      },
    ],
  ];
  it.each(cases)("%s", async (_name, { body, headers, status, message }) => {
    const answer = await post(`${emulator.url}/v1/set`, body, headers ?? json);
    expect(answer.status).toBe(status);
    expect(answer.body.message).toMatch(message);
  });

  it("lists every problem of a payload in errors", async () => {
    const answer = await post(
      `${emulator.url}/v1/set`,
      JSON.stringify({
        collection: "rooms",
        objects: [room("1", { a: [1] }), room("2", { b: {} })],
      }),
      json,
    );
    expect(answer.body.errors).toEqual([
      { pointer: "/objects/0/properties/a", message: expect.stringMatching(/is a list/) },
      { pointer: "/objects/1/properties/b", message: expect.stringMatching(/is an object/) },
    ]);
  });

  it("answers a 100 MB body with 413 and keeps serving", async () => {
    const answer = await post(
      `${emulator.url}/v1/set`,
      Buffer.alloc(100 * 1024 * 1024, 0x20),
      json,
    );
    expect(answer.status).toBe(413);
    expect(answer.body.message).toMatch(/larger than 8 MB/);
    expect((await set(emulator.url, ok)).status).toBe(200);
  });

  it("answers an unknown route with 404 and a wrong method with 405", async () => {
    expect((await post(`${emulator.url}/v1/identify`, "{}", json)).status).toBe(404);
    const badId = await post(`${emulator.url}/v0/keep-alive/%E0%A4%A`, "", json);
    expect(badId.status).toBe(404);
    expect(badId.body.message).toMatch(/not valid percent-encoding/);
    const get = await request(`${emulator.url}/v1/set`);
    expect(get.statusCode).toBe(405);
    expect(await get.body.json()).toEqual({ message: "use POST here" });
  });
});

describe("requests that are not valid HTTP", () => {
  /** Writes `raw` on a fresh connection and reads everything until the emulator closes it. */
  async function rawExchange(raw: string): Promise<string> {
    const socket = connect(emulator.port, "127.0.0.1");
    socket.end(raw);
    let text = "";
    for await (const chunk of socket) text += (chunk as Buffer).toString("latin1");
    return text;
  }

  const answerOf = (text: string) => {
    const [head = "", body = ""] = text.split("\r\n\r\n");
    return { statusLine: head.split("\r\n")[0], head, body };
  };

  it("answers a malformed request line with 400 and a JSON message", async () => {
    const answer = answerOf(await rawExchange("NOT HTTP AT ALL\r\n\r\n"));
    expect(answer.statusLine).toBe("HTTP/1.1 400 Bad Request");
    expect(answer.head).toMatch(/\r\ncontent-type: application\/json/i);
    expect(JSON.parse(answer.body)).toEqual({ message: expect.stringMatching(/not valid HTTP/) });
  });

  it("answers headers over Node's 16 KB limit with 431 and a JSON message", async () => {
    const big = `POST /v1/set HTTP/1.1\r\nhost: x\r\nx-big: ${"a".repeat(20 * 1024)}\r\n\r\n`;
    const answer = answerOf(await rawExchange(big));
    expect(answer.statusLine).toBe("HTTP/1.1 431 Request Header Fields Too Large");
    expect(JSON.parse(answer.body)).toEqual({ message: expect.stringMatching(/headers/) });
  });
});

describe("accepted write keys", () => {
  it("refuses a key the emulator was not given", async () => {
    const strict = await startEmulator({ port: 0, writeKeys: ["good"] });
    try {
      const body = JSON.stringify({ collection: "rooms", objects: [room("1", {})] });
      const bad = await post(`${strict.url}/v1/set`, body, {
        authorization: basic("bad"),
        "content-type": "application/json",
      });
      expect(bad.status).toBe(401);
      expect(bad.body.message).toMatch(/not accepted/);
      const good = await post(`${strict.url}/v1/set`, body, {
        authorization: basic("good"),
        "content-type": "application/json",
      });
      expect(good.status).toBe(200);
    } finally {
      await strict.stop();
    }
  });
});

describe("GET /_emulator/requests", () => {
  it("lists recent requests with status and object count", async () => {
    const { body } = await request(`${emulator.url}/_emulator/requests`);
    const { requests } = (await body.json()) as {
      requests: { method: string; path: string; status: number; objects?: number }[];
    };
    expect(requests.some((r) => r.path === "/v1/set" && r.status === 200 && r.objects === 10)).toBe(
      true,
    );
    expect(requests.some((r) => r.path === "/v1/set" && r.status === 413)).toBe(true);
  });
});
