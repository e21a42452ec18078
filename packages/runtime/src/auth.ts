/**
 * 000: HTTP Basic auth with the write key as the user name and an empty password:
 * `Authorization: Basic base64(writeKey + ":")`. (001's `echo "abc123" | base64` example drops the
 * colon and adds a newline; segkit follows HTTP Basic auth, as ../shared/seeds/README.md decides.)
 */
export function basicAuthorization(writeKey: string): string {
  if (writeKey === "")
    throw new TypeError("the write key is empty; pass the write key of an HTTP API source");
  return `Basic ${Buffer.from(`${writeKey}:`, "utf8").toString("base64")}`;
}
