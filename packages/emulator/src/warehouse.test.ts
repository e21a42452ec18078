import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import {
  openWarehouse,
  WarehouseError,
  type PropertyValue,
  type Warehouse,
  type WarehouseOptions,
} from "./warehouse.js";
import { classify } from "./warehouse-values.js";

const receivedAt = new Date("2024-05-01T12:00:00.000Z");
const folder = mkdtempSync(path.join(tmpdir(), "segkit-warehouse-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

let opened: Warehouse[] = [];
afterEach(async () => {
  await Promise.all(opened.map((warehouse) => warehouse.close().catch(() => undefined)));
  opened = [];
});

async function open(file = ":memory:", options?: WarehouseOptions): Promise<Warehouse> {
  const warehouse = await openWarehouse(file, options);
  opened.push(warehouse);
  return warehouse;
}

async function rows(warehouse: Warehouse, sql: string): Promise<unknown[][]> {
  return (await warehouse.query(sql)).rows;
}

/** Column name → DuckDB type of a table, in column order. */
async function columns(warehouse: Warehouse, table: string): Promise<[string, string][]> {
  const result = await warehouse.query(`select * from ${table} limit 0`);
  return result.columns.map(({ name, type }) => [name, type]);
}

function set(id: string, properties: Record<string, PropertyValue>) {
  return { id, properties };
}

const room = {
  name: "Charming Beach Room Facing Ocean",
  location: "Lihue, HI",
};

describe("000 De-dupe and merge", () => {
  it("the seeds' example: review_count 47 then 48 leaves one row with 48", async () => {
    const warehouse = await open();
    await warehouse.apply("rooms", [set("2561341", { ...room, review_count: 47 })], receivedAt);
    await warehouse.apply("rooms", [set("2561341", { ...room, review_count: 48 })], receivedAt);
    expect(await rows(warehouse, "select id, name, location, review_count from rooms")).toEqual([
      ["2561341", "Charming Beach Room Facing Ocean", "Lihue, HI", 48],
    ]);
  });

  it("a later set updates the properties it carries and keeps the rest (objects-go example)", async () => {
    const warehouse = await open();
    await warehouse.apply("rooms", [set("room1000", { ...room, review_count: 47 })], receivedAt);
    await warehouse.apply(
      "rooms",
      [set("room1000", { owner: "Calvin", public_listing: true })],
      receivedAt,
    );
    expect(
      await rows(
        warehouse,
        "select id, name, location, review_count, owner, public_listing from rooms",
      ),
    ).toEqual([["room1000", room.name, room.location, 47, "Calvin", true]]);
  });

  it("new properties become new columns; rows without them read NULL", async () => {
    const warehouse = await open();
    await warehouse.apply("rooms", [set("a", { name: "A" })], receivedAt);
    await warehouse.apply("rooms", [set("b", { name: "B", beds: 2 })], receivedAt);
    expect(await columns(warehouse, "rooms")).toEqual([
      ["id", "VARCHAR"],
      ["received_at", "TIMESTAMP WITH TIME ZONE"],
      ["updated_at", "TIMESTAMP WITH TIME ZONE"],
      ["name", "VARCHAR"],
      ["beds", "BIGINT"],
    ]);
    expect(await rows(warehouse, "select id, name, beds from rooms order by id")).toEqual([
      ["a", "A", null],
      ["b", "B", 2],
    ]);
  });

  it("objects of one id in one call apply in order, the last value of each property winning", async () => {
    const warehouse = await open();
    await warehouse.apply(
      "rooms",
      [
        set("1", { a: 1, b: "first", c: true }),
        set("2", { a: 20 }),
        set("1", { a: 2, c: null }),
        set("1", { d: "2024-01-02" }),
      ],
      receivedAt,
    );
    expect(await rows(warehouse, "select id, a, b, c, d from rooms order by id")).toEqual([
      ["1", 2, "first", null, "2024-01-02"],
      ["2", 20, null, null, null],
    ]);
  });

  it("received_at is the latest call's receivedAt, updated_at when the warehouse wrote it", async () => {
    let clock = new Date("2024-06-01T00:00:00.000Z");
    const warehouse = await open(":memory:", { now: () => clock });
    await warehouse.apply("rooms", [set("1", { a: 1 })], new Date("2024-05-01T00:00:00.000Z"));
    clock = new Date("2024-06-02T00:00:00.123Z");
    await warehouse.apply("rooms", [set("1", { b: 2 })], new Date("2024-05-02T00:00:00.000Z"));
    expect(await rows(warehouse, "select received_at, updated_at from rooms")).toEqual([
      ["2024-05-02T00:00:00.000Z", "2024-06-02T00:00:00.123Z"],
    ]);
  });
});

describe("column types from the first value", () => {
  const cases: [string, { value: PropertyValue; type: string; stored: unknown }][] = [
    ["a plain string is VARCHAR", { value: "Lihue, HI", type: "VARCHAR", stored: "Lihue, HI" }],
    ["an integer is BIGINT", { value: 47, type: "BIGINT", stored: 47 }],
    [
      "an integer past 2^53 is BIGINT, read back as a string",
      { value: 2 ** 60, type: "BIGINT", stored: "1152921504606846976" },
    ],
    ["a fraction is DOUBLE", { value: 4.5, type: "DOUBLE", stored: 4.5 }],
    ["an integer past BIGINT is DOUBLE", { value: 1e20, type: "DOUBLE", stored: 1e20 }],
    ["a boolean is BOOLEAN", { value: false, type: "BOOLEAN", stored: false }],
    ["an ISO date is DATE", { value: "2024-02-29", type: "DATE", stored: "2024-02-29" }],
    [
      "an ISO date-time is TIMESTAMPTZ",
      {
        value: "2024-01-02T03:04:05.123Z",
        type: "TIMESTAMP WITH TIME ZONE",
        stored: "2024-01-02T03:04:05.123Z",
      },
    ],
    [
      "a date-time with an offset keeps its instant",
      {
        value: "2024-01-02T03:04:05+02:00",
        type: "TIMESTAMP WITH TIME ZONE",
        stored: "2024-01-02T01:04:05.000Z",
      },
    ],
    [
      "microseconds are kept",
      {
        value: "2024-01-02T03:04:05.123456Z",
        type: "TIMESTAMP WITH TIME ZONE",
        stored: "2024-01-02T03:04:05.123456Z",
      },
    ],
    [
      "a day that does not exist is VARCHAR",
      { value: "2023-02-29", type: "VARCHAR", stored: "2023-02-29" },
    ],
    [
      "nanoseconds stay VARCHAR rather than being truncated",
      {
        value: "2024-01-02T03:04:05.123456789Z",
        type: "VARCHAR",
        stored: "2024-01-02T03:04:05.123456789Z",
      },
    ],
  ];
  it.each(cases)("%s", async (_name, { value, type, stored }) => {
    const warehouse = await open();
    await warehouse.apply("things", [set("1", { value })], receivedAt);
    expect((await columns(warehouse, "things")).at(-1)).toEqual(["value", type]);
    expect(await rows(warehouse, "select value from things")).toEqual([[stored]]);
  });

  const dateTimes: [string, string | undefined][] = [
    ["2024-01-02T03:04Z", "TIMESTAMPTZ"],
    ["2024-01-02t03:04:05z", "TIMESTAMPTZ"],
    ["2024-01-02 03:04:05", "TIMESTAMPTZ"],
    ["2024-01-02T03:04:05,5+0530", "TIMESTAMPTZ"],
    ["2024-01-02T03:04:05-07", "TIMESTAMPTZ"],
    ["0000-01-01T00:00:00Z", "TIMESTAMPTZ"],
    ["2024-01-02T24:00:00Z", "VARCHAR"],
    ["2024-01-02T23:59:60Z", "VARCHAR"],
    ["2024-13-01", "VARCHAR"],
    ["2024-1-02", "VARCHAR"],
    ["20240102", "VARCHAR"],
    ["2024-01-02T03", "VARCHAR"],
    [" 2024-01-02", "VARCHAR"],
  ];
  it.each(dateTimes)("%s is %s", (value, type) => {
    expect(classify(value).type).toBe(type);
  });

  it("without an offset a date-time is read as UTC", () => {
    expect(classify("1970-01-02T00:00:00.5")).toMatchObject({ micros: 86_400_500_000n });
    expect(classify("1969-12-31T23:00:00-01:00")).toMatchObject({ micros: 0n });
  });
});

describe("widening a column when a later value does not fit", () => {
  const cases: [
    string,
    { first: PropertyValue; later: PropertyValue; type: string; both: unknown[] },
  ][] = [
    [
      "BIGINT + string → VARCHAR",
      { first: 47, later: "many", type: "VARCHAR", both: ["47", "many"] },
    ],
    ["BIGINT + fraction → DOUBLE", { first: 47, later: 4.5, type: "DOUBLE", both: [47, 4.5] }],
    ["DOUBLE + integer stays DOUBLE", { first: 4.5, later: 2, type: "DOUBLE", both: [4.5, 2] }],
    [
      "DOUBLE + string → VARCHAR, integers without a fraction",
      { first: 100.5, later: "x", type: "VARCHAR", both: ["100.5", "x"] },
    ],
    ["BOOLEAN + number → VARCHAR", { first: true, later: 1, type: "VARCHAR", both: ["true", "1"] }],
    [
      "DATE + date-time → TIMESTAMPTZ, the date at midnight UTC",
      {
        first: "2024-01-02",
        later: "2024-01-03T04:05:06Z",
        type: "TIMESTAMP WITH TIME ZONE",
        both: ["2024-01-02T00:00:00.000Z", "2024-01-03T04:05:06.000Z"],
      },
    ],
    [
      "TIMESTAMPTZ + date stays TIMESTAMPTZ",
      {
        first: "2024-01-03T04:05:06Z",
        later: "2024-01-02",
        type: "TIMESTAMP WITH TIME ZONE",
        both: ["2024-01-03T04:05:06.000Z", "2024-01-02T00:00:00.000Z"],
      },
    ],
    [
      "TIMESTAMPTZ + text → VARCHAR, the instant in ISO form",
      {
        first: "2024-01-02T03:04:05.5+01:00",
        later: "soon",
        type: "VARCHAR",
        both: ["2024-01-02T02:04:05.500Z", "soon"],
      },
    ],
    [
      "DATE + number → VARCHAR",
      { first: "2024-01-02", later: 7, type: "VARCHAR", both: ["2024-01-02", "7"] },
    ],
    [
      "VARCHAR + anything stays VARCHAR, as JSON writes it",
      { first: "text", later: 2.5, type: "VARCHAR", both: ["text", "2.5"] },
    ],
    [
      "VARCHAR keeps a later date-time as sent",
      {
        first: "text",
        later: "2024-01-02T03:04:05+02:00",
        type: "VARCHAR",
        both: ["text", "2024-01-02T03:04:05+02:00"],
      },
    ],
  ];

  it.each(cases)("%s", async (_name, { first, later, type, both }) => {
    const warehouse = await open();
    await warehouse.apply("things", [set("1", { value: first })], receivedAt);
    await warehouse.apply("things", [set("2", { value: later })], receivedAt);
    expect((await columns(warehouse, "things")).at(-1)).toEqual(["value", type]);
    expect(await rows(warehouse, "select value from things order by id")).toEqual(
      both.map((value) => [value]),
    );
  });

  it("widens within one call too, to what holds every value", async () => {
    const warehouse = await open();
    await warehouse.apply(
      "things",
      [set("1", { value: 1 }), set("2", { value: 2.5 }), set("1", { other: "2024-01-02" })],
      receivedAt,
    );
    expect((await columns(warehouse, "things")).slice(3)).toEqual([
      ["value", "DOUBLE"],
      ["other", "DATE"],
    ]);
    expect(await rows(warehouse, "select id, value, other from things order by id")).toEqual([
      ["1", 1, "2024-01-02"],
      ["2", 2.5, null],
    ]);
  });
});

describe("null", () => {
  it("a property only ever sent as null has no column until a value arrives", async () => {
    const warehouse = await open();
    await warehouse.apply("rooms", [set("1", { name: "A", note: null })], receivedAt);
    expect((await columns(warehouse, "rooms")).map(([name]) => name)).not.toContain("note");
    await warehouse.apply("rooms", [set("2", { note: 3 })], receivedAt);
    expect(await rows(warehouse, "select id, name, note from rooms order by id")).toEqual([
      ["1", "A", null],
      ["2", null, 3],
    ]);
  });

  it("null sets NULL and keeps the other properties", async () => {
    const warehouse = await open();
    await warehouse.apply("rooms", [set("1", { name: "A", beds: 2 })], receivedAt);
    await warehouse.apply("rooms", [set("1", { beds: null })], receivedAt);
    expect(await rows(warehouse, "select name, beds from rooms")).toEqual([["A", null]]);
  });

  it("an object without properties is a row of its own", async () => {
    const warehouse = await open();
    await warehouse.apply("rooms", [set("1", {})], receivedAt);
    expect(await rows(warehouse, "select id from rooms")).toEqual([["1"]]);
  });
});

describe("property names", () => {
  it("names DuckDB cannot tell apart get columns of their own, suffixed", async () => {
    const warehouse = await open();
    await warehouse.apply("rooms", [set("1", { name: "lower", Name: "title" })], receivedAt);
    await warehouse.apply("rooms", [set("2", { NAME: "upper", name: "second" })], receivedAt);
    expect((await columns(warehouse, "rooms")).slice(3)).toEqual([
      ["name", "VARCHAR"],
      ["Name_2", "VARCHAR"],
      ["NAME_3", "VARCHAR"],
    ]);
    expect(
      await rows(warehouse, `select id, name, "Name_2", "NAME_3" from rooms order by id`),
    ).toEqual([
      ["1", "lower", "title", null],
      ["2", "second", null, "upper"],
    ]);
  });

  it("a suffixed column keeps its property through widening and a reread of the catalog", async () => {
    const warehouse = await open();
    await warehouse.apply("rooms", [set("1", { beds: 1, Beds: 2 })], receivedAt);
    await warehouse.apply("rooms", [set("2", { Beds: "two" })], receivedAt);
    await warehouse.query("checkpoint"); // not a read: the warehouse rereads its schemas after it
    await warehouse.apply("rooms", [set("3", { Beds: 3, beds: 3 })], receivedAt);
    expect((await columns(warehouse, "rooms")).slice(3)).toEqual([
      ["beds", "BIGINT"],
      ["Beds_2", "VARCHAR"],
    ]);
    expect(await rows(warehouse, `select id, beds, "Beds_2" from rooms order by id`)).toEqual([
      ["1", 1, "2"],
      ["2", null, "two"],
      ["3", 3, "3"],
    ]);
  });

  it("properties named like the loader's columns do not overwrite them", async () => {
    const warehouse = await open();
    await warehouse.apply(
      "rooms",
      [set("1", { id: "mine", received_at: "yesterday", UPDATED_AT: 5 })],
      receivedAt,
    );
    expect(
      await rows(
        warehouse,
        `select id, received_at, id_2, received_at_2, "UPDATED_AT_2" from rooms`,
      ),
    ).toEqual([["1", "2024-05-01T12:00:00.000Z", "mine", "yesterday", 5]]);
  });

  it("hostile names are quoted, never interpreted", async () => {
    const warehouse = await open();
    const properties: Record<string, PropertyValue> = {
      'say "hi"': 1,
      "with space": 2,
      "it's": 3,
      select: 4,
      "ünïcødé 🙂": 5,
      "'); DROP TABLE rooms; --": 6,
      "": 7,
      "nul\0byte": 8,
      "lone \ud800": 9,
      "a.b": 10,
    };
    await warehouse.apply("rooms", [set("1", properties)], receivedAt);
    await warehouse.apply("rooms", [set("1", { select: 40 })], receivedAt);
    const result = await warehouse.query("select * from rooms");
    const stored = Object.fromEntries(
      result.columns.slice(3).map(({ name }, index) => [name, result.rows[0]![index + 3]]),
    );
    expect(stored).toEqual({
      'say "hi"': 1,
      "with space": 2,
      "it's": 3,
      select: 40,
      "ünïcødé 🙂": 5,
      "'); DROP TABLE rooms; --": 6,
      _: 7,
      nul_byte: 8,
      "lone \ufffd": 9,
      "a.b": 10,
    });
  });

  it("hostile values are bound, never interpreted", async () => {
    const warehouse = await open();
    const values: [sent: string, stored: string][] = [
      ["'; DROP TABLE rooms; --", "'; DROP TABLE rooms; --"],
      ['a"b', 'a"b'],
      ["nul\0byte", "nul\0byte"],
      ["\\ud800 as text", "\\ud800 as text"],
      ["lone \ud800", "lone \ufffd"],
      ["line\nbreak", "line\nbreak"],
      ["🙂", "🙂"],
    ];
    await warehouse.apply(
      "rooms",
      values.map(([value], index) => set(`'${index}"`, { value })),
      receivedAt,
    );
    expect(await rows(warehouse, "select id, value from rooms order by id")).toEqual(
      values.map(([, value], index) => [`'${index}"`, value]),
    );
  });
});

describe("concurrency", () => {
  it("many concurrent calls all land, each id with the value of the last call", async () => {
    // Small transactions, so that calls land in many of them.
    const warehouse = await open(":memory:", { maxObjectsPerTransaction: 30 });
    const calls = Array.from({ length: 300 }, (_, call) =>
      warehouse.apply(
        ["rooms", "reviews", "hosts"][call % 3]!,
        Array.from({ length: 10 }, (_, index) =>
          set(String((call * 10 + index) % 500), { call, [`p${call % 7}`]: index }),
        ),
        receivedAt,
      ),
    );
    // Reads run beside the writes.
    const reads = Array.from({ length: 10 }, () =>
      warehouse.query("select count(*) from rooms").catch(() => undefined),
    );
    await Promise.all([...calls, ...reads]);
    for (const [offset, table] of ["rooms", "reviews", "hosts"].entries()) {
      const want = new Map<string, number>();
      for (let call = offset; call < 300; call += 3) {
        for (let index = 0; index < 10; index++) want.set(String((call * 10 + index) % 500), call);
      }
      const got = await rows(warehouse, `select id, call from ${table}`);
      expect(new Map(got as [string, number][])).toEqual(want);
    }
  });

  it("one failing call does not fail the calls that shared its transaction", async () => {
    const warehouse = await open();
    await warehouse.query("create table broken (x integer)"); // no id: every merge fails
    const good = warehouse.apply("rooms", [set("1", { a: 1 })], receivedAt);
    const bad = warehouse.apply("broken", [set("1", { a: 1 })], receivedAt);
    const alsoGood = warehouse.apply("rooms", [set("2", { a: 2 })], receivedAt);
    await expect(bad).rejects.toMatchObject({ code: "SEGKIT_WAREHOUSE_APPLY" });
    await Promise.all([good, alsoGood]);
    expect(await rows(warehouse, "select id, a from rooms order by id")).toEqual([
      ["1", 1],
      ["2", 2],
    ]);
  });
});

describe("durability", () => {
  it("everything, types and column names included, survives close and reopen", async () => {
    const file = path.join(folder, "reopen.duckdb");
    const first = await open(file);
    await first.apply("rooms", [set("1", { name: "a", Name: "b", beds: 1 })], receivedAt);
    await first.apply("rooms", [set("2", { beds: "two" })], receivedAt);
    const pending = first.apply("rooms", [set("3", { name: "c" })], receivedAt);
    await first.close();
    await pending;
    await expect(first.apply("rooms", [set("4", {})], receivedAt)).rejects.toMatchObject({
      code: "SEGKIT_WAREHOUSE_CLOSED",
    });

    const second = await open(file);
    await second.apply("rooms", [set("1", { Name: "B", beds: 3 })], receivedAt);
    expect((await columns(second, "rooms")).slice(3)).toEqual([
      ["name", "VARCHAR"],
      ["Name_2", "VARCHAR"],
      ["beds", "VARCHAR"],
    ]);
    expect(await rows(second, `select id, name, "Name_2", beds from rooms order by id`)).toEqual([
      ["1", "a", "B", "3"],
      ["2", null, null, "two"],
      ["3", "c", null, null],
    ]);
  });

  it("an acknowledged apply survives the process being killed", async () => {
    const file = path.join(folder, "killed.duckdb");
    const warehouseModule = fileURLToPath(new URL("./warehouse.ts", import.meta.url));
    const root = fileURLToPath(new URL("../../..", import.meta.url));
    const script = `
      const { openWarehouse } = await import(${JSON.stringify(warehouseModule)});
      const warehouse = await openWarehouse(${JSON.stringify(file)});
      await warehouse.apply("rooms", [{ id: "1", properties: { beds: 2 } }], new Date());
      process.kill(process.pid, "SIGKILL");`;
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", script],
      {
        cwd: root,
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const signal = await new Promise((resolve) =>
      child.once("exit", (_code, signal) => resolve(signal)),
    );
    expect(signal, stderr).toBe("SIGKILL");

    const reopened = await open(file);
    expect(await rows(reopened, "select id, beds from rooms")).toEqual([["1", 2]]);
  });
});

describe("query", () => {
  it("rejects DuckDB's errors with DuckDB's message", async () => {
    const warehouse = await open();
    await expect(warehouse.query("selec 1")).rejects.toThrow(
      /^Parser Error: syntax error at or near "selec"/,
    );
    await expect(warehouse.query("select * from nowhere")).rejects.toThrow(
      /^Catalog Error: Table with name nowhere does not exist!/,
    );
    await expect(warehouse.query("select 1; select 2")).rejects.toThrow(
      "Cannot prepare multiple statements at once",
    );
    await expect(warehouse.query("selec 1")).rejects.toBeInstanceOf(WarehouseError);
  });

  it("returns JSON-friendly values with DuckDB's type names", async () => {
    const warehouse = await open();
    const result = await warehouse.query(`select
      42::BIGINT as safe, 9007199254740993::BIGINT as unsafe, 2.5::DOUBLE as double,
      'NaN'::DOUBLE as nan, true as yes, null as nothing, 'x' as text,
      TIMESTAMPTZ '2024-01-02 03:04:05.123456+00' as tstz, TIMESTAMP '2024-01-02 03:04:05' as ts,
      DATE '2024-01-02' as day, 1.25::DECIMAL(10, 2) as decimal, sum(x) as huge,
      [1, 2] as list, {'a': 1} as struct
      from (values (1::BIGINT), (2::BIGINT)) t(x)`);
    expect(result.columns).toEqual([
      { name: "safe", type: "BIGINT" },
      { name: "unsafe", type: "BIGINT" },
      { name: "double", type: "DOUBLE" },
      { name: "nan", type: "DOUBLE" },
      { name: "yes", type: "BOOLEAN" },
      { name: "nothing", type: "INTEGER" },
      { name: "text", type: "VARCHAR" },
      { name: "tstz", type: "TIMESTAMP WITH TIME ZONE" },
      { name: "ts", type: "TIMESTAMP" },
      { name: "day", type: "DATE" },
      { name: "decimal", type: "DECIMAL(10,2)" },
      { name: "huge", type: "HUGEINT" },
      { name: "list", type: "INTEGER[]" },
      { name: "struct", type: 'STRUCT("a" INTEGER)' },
    ]);
    expect(result.rows).toEqual([
      [
        42,
        "9007199254740993",
        2.5,
        "NaN",
        true,
        null,
        "x",
        "2024-01-02T03:04:05.123456Z",
        "2024-01-02T03:04:05.000",
        "2024-01-02",
        1.25,
        3,
        [1, 2],
        { a: 1 },
      ],
    ]);
  });

  it("runs in UTC, whatever the machine's zone", async () => {
    const warehouse = await open();
    expect(await rows(warehouse, "select current_setting('TimeZone')")).toEqual([["UTC"]]);
  });

  it("statements that change tables run between applies, and the warehouse follows them", async () => {
    const warehouse = await open();
    await warehouse.apply("rooms", [set("1", { a: 1 })], receivedAt);
    await warehouse.query("alter table rooms add column b integer");
    await warehouse.apply("rooms", [set("1", { b: 2 }), set("2", { b: "x" })], receivedAt);
    expect(await rows(warehouse, "select id, a, b from rooms order by id")).toEqual([
      ["1", 1, "2"],
      ["2", null, "x"],
    ]);
    await warehouse.query("drop table rooms");
    await warehouse.apply("rooms", [set("3", { a: 3 })], receivedAt);
    expect(await rows(warehouse, "select id, a from rooms")).toEqual([["3", 3]]);
  });
});
