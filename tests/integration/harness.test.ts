// The test harness itself: each file gets a fresh migrated database, and console.error fails a
// test unless the test says it expects one.
import { describe, expect, it } from "vitest";
import { config } from "../../app/config.server";
import { migrationStatus } from "../../db/client.server";
import { createUser } from "../factories";
import { expectConsoleError } from "../setup/console";
import { writeLogPosition, tablesWrittenSince } from "../support/write-log";
import { useTestDatabase } from "../setup/database";
import { CookieJar } from "../setup/portal";

const testDb = await useTestDatabase({ env: { DEMO: "true" } });

describe("useTestDatabase", () => {
  it("starts the file from a migrated database with nobody in it", async () => {
    expect(await migrationStatus(testDb.handle)).toMatchObject({ current: true });
    const [{ users, audit }] = await testDb.query<{ users: number; audit: number }>(
      "select (select count(*)::int from users) as users, (select count(*)::int from audit_events) as audit",
    );
    expect({ users, audit }).toEqual({ users: 0, audit: 0 });
    await createUser();
  });

  it("uses the driver the run asked for, a private DATA_DIR and the file's own settings", () => {
    expect(testDb.driver).toBe(process.env.DATABASE_URL ? "postgres" : "pglite");
    expect(config().databaseDriver).toBe(testDb.driver);
    expect(config().dataDir).toBe(testDb.dataDir);
    expect(config().logLevel).toBe("silent");
    expect(config().demoInstance).toBe(true);
  });
});

describe("the write log the matrices read", () => {
  it("names every table a request inserted into, changed or deleted from, and no other", async () => {
    const user = await createUser();
    const before = await writeLogPosition(testDb);
    expect(await tablesWrittenSince(testDb, before)).toEqual([]);
    await testDb.query("update users set name = 'Renamed' where id = $1", [user.id]);
    await testDb.query("delete from account_tokens where user_id = $1", [user.id]);
    expect(await tablesWrittenSince(testDb, before)).toEqual(["users"]);
  });

  it("does not count an update that leaves the row as it was", async () => {
    const user = await createUser();
    const before = await writeLogPosition(testDb);
    await testDb.query("update users set name = name where id = $1", [user.id]);
    expect(await tablesWrittenSince(testDb, before)).toEqual([]);
    await testDb.query("update users set name = name || '!' where id = $1", [user.id]);
    expect(await tablesWrittenSince(testDb, before)).toEqual(["users"]);
  });
});

describe("console.error", () => {
  it.fails("fails a test that calls it unexpectedly", () => {
    console.error("an unexpected error");
  });

  it("is allowed in a test that expects it", () => {
    const calls = expectConsoleError();
    console.error("an expected error");
    expect(calls).toEqual([["an expected error"]]);
  });
});

describe("CookieJar", () => {
  it("keeps cookies a response sets and forgets the ones it clears", () => {
    const jar = new CookieJar();
    const headers = new Headers();
    headers.append("set-cookie", "portal_session=abc; Path=/; HttpOnly; SameSite=Lax");
    headers.append("set-cookie", "portal_notice=hello; Path=/");
    jar.store(new Response(null, { headers }));
    expect(jar.header()).toBe("portal_session=abc; portal_notice=hello");
    jar.store(new Response(null, { headers: { "set-cookie": "portal_session=; Max-Age=0; Path=/" } }));
    expect(jar.get("portal_session")).toBeUndefined();
    expect(jar.header()).toBe("portal_notice=hello");
  });
});
