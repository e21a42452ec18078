import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Where uploaded parts wait on disk until their session finishes: one folder per session inside
 * a fresh folder made on first use (under `parent`, or the system's temporary folder), so that
 * parts never sit in memory and nothing outside that fresh folder is ever removed.
 */
export class Spool {
  #root: Promise<string> | undefined;

  constructor(private readonly parent: string | undefined) {}

  /** The folder of a session's parts, created on first use. */
  async sessionFolder(sessionId: string): Promise<string> {
    const folder = join(await this.#rootFolder(), sessionId);
    await mkdir(folder, { recursive: true });
    return folder;
  }

  /** Removes a session's parts; nothing to do if it has none. */
  async removeSession(sessionId: string): Promise<void> {
    if (!this.#root) return;
    await rm(join(await this.#root, sessionId), { recursive: true, force: true });
  }

  /** Removes the spool folder and every part in it. */
  async remove(): Promise<void> {
    const root = this.#root;
    this.#root = undefined;
    if (root) await rm(await root, { recursive: true, force: true });
  }

  #rootFolder(): Promise<string> {
    this.#root ??= (async () => {
      const parent = this.parent ?? tmpdir();
      await mkdir(parent, { recursive: true });
      return mkdtemp(join(parent, "segkit-bulk-"));
    })().catch((error: Error) => {
      this.#root = undefined;
      throw error;
    });
    return this.#root;
  }
}
