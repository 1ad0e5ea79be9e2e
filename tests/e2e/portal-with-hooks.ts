// The browser tests' portal: server/index.ts as `npm start` runs it, plus test hooks that answer the
// test's requests over the IPC channel (startPortal in tests/e2e/browser.ts starts this file; a
// deployed portal never loads it). Each hook uses the portal's own modules, so it acts on the
// portal's database as the portal does.
import { createRequire } from "node:module";
import { eq } from "drizzle-orm";
import { lucia, startSession } from "../../app/auth/session.server";
import { db } from "../../db/client.server";
import { users } from "../../db/schema";

type HookRequest = { id: number; hook: string; args: unknown };

const HOOKS: Record<string, (args: never) => Promise<unknown>> = {
  /**
   * A new session for an account, exactly as a successful password sign-in starts one (second
   * factor not yet verified, which the demo instance lets demo accounts skip): for tests whose
   * subject is not the sign-in form, without its argon2 check.
   */
  async session({ email }: { email: string }) {
    const [user] = await db().select({ id: users.id }).from(users).where(eq(users.email, email));
    if (!user) throw new Error(`No account ${email} in the portal's database`);
    const setCookie = await startSession(user.id, false);
    const cookie = lucia().readSessionCookie(setCookie.split(";")[0]);
    if (!cookie) throw new Error(`The portal's session cookie could not be read: ${setCookie}`);
    return { name: lucia().sessionCookieName, value: cookie };
  },
};

process.on("message", (message: HookRequest) => {
  // The same channel carries the clock's messages (server/test-clock.ts): only a hook request is for this.
  if (typeof message !== "object" || message === null || typeof message.hook !== "string") return;
  const answer = (reply: object) => process.send?.({ id: message.id, ...reply });
  const hook = HOOKS[message.hook];
  if (!hook) return answer({ ok: false, error: `No test hook named ${message.hook}` });
  hook(message.args as never).then(
    (value) => answer({ ok: true, value }),
    (error: unknown) =>
      answer({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
// The test process is gone: so is the reason for this portal.
process.once("disconnect", () => process.kill(process.pid, "SIGTERM"));

// React's production builds, as `npm start` runs them: NODE_ENV is "test" here only so that the test
// may move the portal's clock, and React's development build would render every page several times
// slower. (The integration tests render every page with the development build, where a React warning
// fails the test.)
const require = createRequire(import.meta.url);
const nodeEnv = process.env.NODE_ENV;
process.env.NODE_ENV = "production";
for (const name of ["react", "react/jsx-runtime", "react-dom", "react-dom/server"]) require(name);
process.env.NODE_ENV = nodeEnv;

// A plain entry rather than `node --import`: worker threads (the PDF renderers) inherit --import.
await import("../../server/index");
