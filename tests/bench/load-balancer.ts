// The load balancer of the benches and the draining tests: round robin over the app servers whose
// /readyz answers 200 (checked every 150 ms), each bidder kept on the server it was given while that
// server is ready, and each request on a connection of its own, so that a draining server's
// closing connections cannot trip a request reusing one. A request whose connection is refused (a
// server past its grace period) goes to another ready server; so does one cut off after it was sent
// when the caller says it is safe to repeat (a submit with its idempotency key).
import http from "node:http";

export type Answer = {
  status: number;
  location: string | null;
  /** The Retry-After header of a 503 (overload): how long to wait before sending again. */
  retryAfter?: string | null;
  body: string;
  server: string;
};
export type SendInit = {
  method?: string;
  body?: FormData | URLSearchParams;
  headers?: Record<string, string>;
  /** Safe to send again after a connection cut off mid-request (e.g. it carries an idempotency key). */
  repeatable?: boolean;
};
/** One bidder's way to the portal: a path (and its method, body, headers) in, the answer out. */
export type Send = (path: string, init?: SendInit) => Promise<Answer>;

const REFUSED = new Set(["ECONNREFUSED"]);
const CUT_OFF = new Set(["ECONNRESET", "EPIPE"]);

async function encode(body: SendInit["body"]): Promise<{ bytes?: Buffer; type?: string }> {
  if (!body) return {};
  const request = new Request("http://encode.invalid/", { method: "POST", body });
  return { bytes: Buffer.from(await request.arrayBuffer()), type: request.headers.get("content-type") ?? undefined };
}

function once(server: string, path: string, method: string, headers: Record<string, string>, bytes?: Buffer) {
  return new Promise<Answer>((resolve, reject) => {
    const request = http.request(
      new URL(path, server),
      { method, agent: false, headers: bytes ? { ...headers, "content-length": String(bytes.length) } : headers },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", reject);
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            location: response.headers.location ?? null,
            retryAfter: (response.headers["retry-after"] as string | undefined) ?? null,
            body: Buffer.concat(chunks).toString("utf8"),
            server,
          }),
        );
      },
    );
    request.on("error", reject);
    request.end(bytes);
  });
}

async function readyStatus(server: string): Promise<number> {
  try {
    return (await once(server, "/readyz", "GET", {})).status;
  } catch {
    return 0;
  }
}

export type LoadBalancer = {
  /** A new bidder: given the next ready server in turn, moved to another when it stops being ready. */
  bidder: () => Send;
  /** Requests sent again to another server after a refused or cut-off connection. */
  retried: () => number;
  /** Answers (any HTTP status) each server gave. */
  answered: (server: string) => number;
  stop: () => void;
};

export function loadBalancer(servers: string[], checkEveryMs = 150): LoadBalancer {
  const ready = new Map(servers.map((server) => [server, true]));
  let turn = 0;
  let retried = 0;
  const answers = new Map<string, number>();
  let checking = false;
  const timer = setInterval(() => {
    if (checking) return;
    checking = true;
    void Promise.all(servers.map(async (s) => ready.set(s, (await readyStatus(s)) === 200))).finally(
      () => (checking = false),
    );
  }, checkEveryMs);
  const next = (avoid?: string): string | null => {
    const candidates = servers.filter((s) => ready.get(s) && s !== avoid);
    return candidates.length ? candidates[turn++ % candidates.length] : null;
  };

  const bidder = (): Send => {
    let current = next();
    return async (path, init = {}) => {
      const { bytes, type } = await encode(init.body);
      let avoid: string | undefined;
      for (let attempt = 0; ; attempt++) {
        if (!current || !ready.get(current) || current === avoid) current = next(avoid) ?? next();
        if (!current) {
          if (attempt > 200) throw new Error("no app server is ready");
          await new Promise((resolve) => setTimeout(resolve, checkEveryMs));
          continue;
        }
        const headers: Record<string, string> = { ...init.headers, ...(type ? { "content-type": type } : {}) };
        // Each server checks the origin against its own public URL; behind a real balancer they share one.
        if (headers.origin) headers.origin = new URL(current).origin;
        try {
          const answer = await once(current, path, init.method ?? "GET", headers, bytes);
          answers.set(current, (answers.get(current) ?? 0) + 1);
          return answer;
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code ?? "";
          const again = REFUSED.has(code) || (init.repeatable && CUT_OFF.has(code));
          if (!again || attempt >= servers.length * 3) {
            throw new Error(`${code || String(error)} from ${current} (ready: ${ready.get(current)})`, {
              cause: error,
            });
          }
          retried++;
          if (REFUSED.has(code)) ready.set(current, false);
          avoid = current;
        }
      }
    };
  };
  return {
    bidder,
    retried: () => retried,
    answered: (server) => answers.get(server) ?? 0,
    stop: () => clearInterval(timer),
  };
}

/**
 * One server and no balancer, through the global fetch (undici: keep-alive connections and its
 * connect and headers timeouts), as the single-server rush has always measured it.
 */
export function direct(server: string): Send {
  return async (path, init = {}) => {
    const headers = { ...init.headers, ...(init.headers?.origin ? { origin: new URL(server).origin } : {}) };
    const response = await fetch(new URL(path, server), {
      method: init.method ?? "GET",
      body: init.body,
      headers,
      redirect: "manual",
    });
    return {
      status: response.status,
      location: response.headers.get("location"),
      retryAfter: response.headers.get("retry-after"),
      body: await response.text(),
      server,
    };
  };
}
