#!/usr/bin/env node
import { main } from "../dist/cli/main.js";

// A reader that stops early (`segkit validate big.ndjson | head`) closes the pipe: what is left to
// print has nowhere to go, which is no failure of the command's. It runs to the end and exits with
// its own code, as if the rest had been read.
for (const stream of [process.stdout, process.stderr])
  stream.on("error", (error) => {
    if (error.code !== "EPIPE") throw error;
  });

process.exitCode = await main(process.argv.slice(2));
