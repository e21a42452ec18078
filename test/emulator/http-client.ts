import { request } from "undici";

/** `Authorization: Basic base64(writeKey + ":")`, as 000 says. */
export const basic = (writeKey: string) =>
  `Basic ${Buffer.from(`${writeKey}:`).toString("base64")}`;

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
}

/** POSTs a body over a real socket and reads the JSON answer. */
export async function post(
  url: string,
  body: string | Buffer | Uint8Array,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await request(url, { method: "POST", headers, body });
  const text = await response.body.text();
  return {
    status: response.statusCode,
    headers: response.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

/** POSTs a /v1/set body as JSON with the write key. */
export function set(
  url: string,
  payload: unknown,
  extra: Record<string, string> = {},
): Promise<Answer> {
  return post(`${url}/v1/set`, JSON.stringify(payload), {
    authorization: basic("test-key"),
    "content-type": "application/json",
    ...extra,
  });
}

export const room = (id: string, properties: Record<string, unknown>) => ({ id, properties });
