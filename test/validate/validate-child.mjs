/**
 * Runs `segkit validate` (the built CLI) in a process of its own and prints one JSON line
 * `{code, maxRssBytes, stdout}` on standard error, so that a test can see the command's peak RSS,
 * worker threads included, and not the test runner's. Arguments are segkit's.
 */
import { main } from "../../generator/dist/cli/main.js";

let stdout = "";
const code = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: { write: (text) => (stdout += text) },
  stderr: process.stderr,
  env: process.env,
});
// resourceUsage().maxRSS is in kilobytes.
process.stderr.write(
  `\n${JSON.stringify({ code, maxRssBytes: process.resourceUsage().maxRSS * 1024, stdout })}\n`,
);
