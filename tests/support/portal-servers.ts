// Real portal processes for the tests with several app servers: `server/index.ts` as a deployment
// runs it (draining on SIGTERM included), each with a free port and a DATA_DIR of its own.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { projectRoot } from "../../db/project-root.server";
import { freePort } from "./free-port";

export type Portal = {
  url: string;
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  dataDir: string;
};

/** `node --import tsx server/index.ts` as a deployment runs it, with a DATA_DIR of its own. */
export async function launch(
  database: { url: string; ownerUrl: string },
  env: Record<string, string>,
): Promise<Portal> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "portal-servers-"));
  const base: Record<string, string | undefined> = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => name !== "NODE_ENV" && !name.startsWith("VITEST")),
  );
  const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    cwd: projectRoot(),
    env: {
      ...base,
      PORT: String(port),
      PUBLIC_URL: url,
      DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      DATABASE_OWNER_URL: database.ownerUrl,
      DEMO: "true",
      LOG_LEVEL: "info",
      ...env,
    } as Record<string, string | undefined> as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { url, child, output: () => output, exited, dataDir };
}

/** A GET on a connection of its own (none kept alive), so a draining server's closes cannot trip it. */
export function get(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (response) => {
        let text = "";
        response.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as never }));
      })
      .on("error", reject);
  });
}

export async function readiness(portal: Portal): Promise<number | string> {
  if (portal.child.exitCode !== null)
    throw new Error(`The portal exited (${portal.child.exitCode}):\n${portal.output()}`);
  try {
    return (await get(`${portal.url}/readyz`)).status;
  } catch (error) {
    return String(error);
  }
}

/** Waits until /readyz answers 200; fails at once, with the portal's output, if it exits instead. */
export async function waitUntilReady(portal: Portal) {
  for (;;) {
    if (portal.child.exitCode !== null) {
      throw new Error(`The portal exited (${portal.child.exitCode}) before it was ready:\n${portal.output()}`);
    }
    if ((await readiness(portal).catch(() => 0)) === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export async function stop(portal: Portal) {
  if (portal.child.exitCode === null && portal.child.signalCode === null) {
    portal.child.kill("SIGTERM");
    await portal.exited;
  }
  await rm(portal.dataDir, { recursive: true, force: true });
}
