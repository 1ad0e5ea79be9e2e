// The HTTP server's own limits, set deliberately (decision 028): the portal answers every request it
// reads, and never closes a connection that a client or a load balancer may be about to reuse.
import type { Server } from "node:http";

/**
 * keepAliveTimeout: an idle keep-alive connection stays open 65 s, longer than the load balancers in
 * front of the portal keep theirs (60 s is the common default), so the client end always closes
 * first. With Node's 5 s default the server closed connections that clients were just reusing, and a
 * POST sent on one (an upload, a bid submit) failed with ECONNRESET: no answer, and no client
 * repeats a POST by itself.
 * headersTimeout: a request's headers must arrive within 66 s (a slow-headers attack is cut off),
 * longer than the keep-alive timeout so that the two never race on a reused connection.
 * requestTimeout: the whole request, body included, within 10 minutes: a 20 MB upload over a
 * 0.5 Mbit/s line takes about 5½ minutes. Past it Node answers 408 rather than waiting for ever.
 */
export const SERVER_TIMEOUTS = { keepAliveTimeoutMs: 65_000, headersTimeoutMs: 66_000, requestTimeoutMs: 600_000 };

/**
 * Connections the kernel queues for the server before it accepts them (Linux caps it at
 * net.core.somaxconn, 4096 on current kernels). Node's default, 511, is below a deadline rush's
 * arrivals during a second of a busy event loop; a full queue drops new connections without answer.
 */
export const LISTEN_BACKLOG = 4096;

export function applyServerTimeouts(server: Server): Server {
  server.keepAliveTimeout = SERVER_TIMEOUTS.keepAliveTimeoutMs;
  server.headersTimeout = SERVER_TIMEOUTS.headersTimeoutMs;
  server.requestTimeout = SERVER_TIMEOUTS.requestTimeoutMs;
  return server;
}
