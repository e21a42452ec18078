import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  BearerToken,
  SegmentHttpError,
  SegmentValidationError,
  WriteKey,
} from "../../packages/runtime/src/index.js";

const secret = "wk_live_S3cr3tValue";
const encoded = Buffer.from(`${secret}:`).toString("base64");

/** Every way a value can end up in a log. */
const renderings = (value: unknown) => [
  String(value),
  `${value as string}`,
  JSON.stringify(value),
  JSON.stringify({ nested: { value } }),
  inspect(value, { depth: 10, showHidden: true }),
  inspect({ nested: { value } }, { depth: 10 }),
];

describe("credentials", () => {
  it("builds Basic auth as base64(writeKey + ':') (000)", () => {
    expect(new WriteKey(secret).authorization()).toBe(`Basic ${encoded}`);
  });

  it("builds Bearer auth for the Public API (004)", () => {
    expect(new BearerToken("tok_123").authorization()).toBe("Bearer tok_123");
  });

  it.each([
    ["WriteKey", new WriteKey(secret)],
    ["BearerToken", new BearerToken(secret)],
  ])("%s never shows its secret", (name, credentials) => {
    for (const text of renderings(credentials)) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(encoded);
    }
    expect(String(credentials)).toBe(`${name}([redacted])`);
    expect(JSON.stringify(credentials)).toBe('"[redacted]"');
  });

  it("refuses an empty key with a validation error", () => {
    expect(() => new WriteKey("  ")).toThrow(SegmentValidationError);
    expect(() => new WriteKey("")).toThrow(/write key of an HTTP API source/);
  });
});

describe("errors", () => {
  it("carry a stable code, status, server message, attempts and objects", () => {
    const error = new SegmentHttpError(400, "bad collection", {
      attempts: 1,
      gaveUp: "status 400 is not retried",
      objects: [{ id: "1" }],
      request: { method: "POST", url: "http://127.0.0.1:1/v1/set" },
    });
    expect(error).toMatchObject({
      code: "SEGKIT_HTTP_STATUS",
      name: "SegmentHttpError",
      status: 400,
      serverMessage: "bad collection",
      attempts: 1,
      objects: [{ id: "1" }],
    });
    expect(error.message).toBe(
      'Segment answered 400: "bad collection" (POST http://127.0.0.1:1/v1/set); gave up: status 400 is not retried. What to do: the payload is malformed; check it against the collection\'s schema.',
    );
  });
});
