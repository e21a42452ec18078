import type { IncomingMessage } from "node:http";
import { HttpError } from "./http.js";

/**
 * The write key of a request: HTTP Basic auth with the key as the user name and an empty
 * password (000). 401 with a message when it is missing, malformed, or not accepted.
 * `accepted` undefined accepts any non-empty key.
 */
export function writeKeyOf(
  request: IncomingMessage,
  accepted: ReadonlySet<string> | undefined,
): string {
  const header = request.headers.authorization;
  if (!header) {
    throw new HttpError(
      401,
      'missing Authorization header; send HTTP Basic auth with the write key as the user name and an empty password (Authorization: Basic base64(writeKey + ":"))',
      { "www-authenticate": 'Basic realm="Segment"' },
    );
  }
  const match = /^Basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(header);
  if (!match) {
    throw new HttpError(
      401,
      "the Authorization header is not HTTP Basic auth with a base64 credential",
      {
        "www-authenticate": 'Basic realm="Segment"',
      },
    );
  }
  const credential = Buffer.from(match[1]!, "base64").toString("utf8");
  const colon = credential.indexOf(":");
  const writeKey = colon === -1 ? credential : credential.slice(0, colon);
  if (colon === -1 || writeKey === "") {
    throw new HttpError(
      401,
      colon === -1
        ? 'the Basic credential has no ":"; encode the write key followed by a colon, base64(writeKey + ":")'
        : "the write key is empty",
      { "www-authenticate": 'Basic realm="Segment"' },
    );
  }
  if (accepted && !accepted.has(writeKey)) {
    throw new HttpError(
      401,
      "this write key is not accepted by the emulator; use one given to segkit dev --write-key",
    );
  }
  return writeKey;
}
