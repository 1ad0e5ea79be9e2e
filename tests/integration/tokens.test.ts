// Single-use, expiring tokens behind email verification, password reset, invitations and emailed sign-in links.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isSignInLinkValid, signInWithEmailedLink } from "../../app/auth/sign-in.server";
import { consumeToken, issueToken, peekToken, TOKEN_LIFETIME_MS, type TokenPurpose } from "../../app/auth/tokens.server";
import { acceptInvitation, resetPassword, verifyEmail } from "../../app/users/users.server";
import { db } from "../../db/client.server";
import { createUser, reloadUser } from "../factories";
import { useTestDatabase } from "../setup/database";

const testDb = await useTestDatabase();
const PURPOSES: TokenPurpose[] = ["verify_email", "reset_password", "invitation", "sign_in_confirmation"];
const NEW_PASSWORD = "lantern orbit gravel meadow";

async function expire(token: string) {
  const digest = createHash("sha256").update(token).digest("hex");
  await testDb.query("update account_tokens set expires_at = now() - interval '1 second' where token_hash = $1", [digest]);
}

describe.each(PURPOSES)("a %s token", (purpose) => {
  it("works once", async () => {
    const user = await createUser();
    const token = await issueToken(db(), user.id, purpose);
    expect(await peekToken(db(), token, purpose)).toBe(user.id);
    expect(await consumeToken(db(), token, purpose)).toBe(user.id);
    expect(await consumeToken(db(), token, purpose)).toBeNull();
    expect(await peekToken(db(), token, purpose)).toBeNull();
  });

  it("stops working when it expires", async () => {
    const user = await createUser();
    const token = await issueToken(db(), user.id, purpose);
    await expire(token);
    expect(await peekToken(db(), token, purpose)).toBeNull();
    expect(await consumeToken(db(), token, purpose)).toBeNull();
  });

  it("expires after its lifetime and is stored only as a digest", async () => {
    const user = await createUser();
    const before = Date.now();
    const token = await issueToken(db(), user.id, purpose);
    const rows = await testDb.query<{ token_hash: string; expires_at: string | Date }>(
      "select token_hash, expires_at from account_tokens where user_id = $1 and purpose = $2",
      [user.id, purpose],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].token_hash).not.toContain(token);
    const expiresAt = new Date(rows[0].expires_at).getTime();
    expect(expiresAt).toBeGreaterThanOrEqual(before + TOKEN_LIFETIME_MS[purpose] - 1000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + TOKEN_LIFETIME_MS[purpose] + 1000);
  });

  it("is replaced by a newer token of the same purpose", async () => {
    const user = await createUser();
    const older = await issueToken(db(), user.id, purpose);
    const newer = await issueToken(db(), user.id, purpose);
    expect(await consumeToken(db(), older, purpose)).toBeNull();
    expect(await consumeToken(db(), newer, purpose)).toBe(user.id);
  });

  it("does nothing for another purpose", async () => {
    const user = await createUser();
    const token = await issueToken(db(), user.id, purpose);
    for (const other of PURPOSES.filter((p) => p !== purpose)) {
      expect(await consumeToken(db(), token, other)).toBeNull();
    }
    expect(await consumeToken(db(), token, purpose)).toBe(user.id);
  });
});

describe("lifetimes", () => {
  it("gives a day to verify an email, an hour to reset a password, a week to accept an invitation, 15 minutes to finish signing in and half an hour to enter an emailed code", () => {
    expect(TOKEN_LIFETIME_MS).toEqual({
      verify_email: 24 * 3_600_000,
      reset_password: 3_600_000,
      invitation: 7 * 24 * 3_600_000,
      sign_in_confirmation: 15 * 60_000,
      mailbox_proof: 30 * 60_000,
    });
  });
});

describe("following the links", () => {
  it("verifies an email address once", async () => {
    const user = await createUser({ emailVerified: false });
    const token = await issueToken(db(), user.id, "verify_email");
    expect(await verifyEmail(token, "192.0.2.50")).toBe(true);
    expect((await reloadUser(user.id))?.emailVerifiedAt).not.toBeNull();
    expect(await verifyEmail(token, "192.0.2.50")).toBe(false);
  });

  it("refuses an expired email verification link", async () => {
    const user = await createUser({ emailVerified: false });
    const token = await issueToken(db(), user.id, "verify_email");
    await expire(token);
    expect(await verifyEmail(token, "192.0.2.50")).toBe(false);
    expect((await reloadUser(user.id))?.emailVerifiedAt).toBeNull();
  });

  it("resets a password once", async () => {
    const user = await createUser();
    const token = await issueToken(db(), user.id, "reset_password");
    expect(await resetPassword(token, NEW_PASSWORD, "192.0.2.51")).toEqual({ ok: true, userId: user.id });
    const again = await resetPassword(token, "another passphrase entirely", "192.0.2.51");
    expect(again).toMatchObject({ ok: false, fieldErrors: { password: expect.stringMatching(/expired or has already been used/) } });
  });

  it("refuses an expired password reset link and keeps the old password", async () => {
    const user = await createUser();
    const before = (await reloadUser(user.id))?.passwordHash;
    const token = await issueToken(db(), user.id, "reset_password");
    await expire(token);
    expect(await resetPassword(token, NEW_PASSWORD, "192.0.2.51")).toMatchObject({ ok: false });
    expect((await reloadUser(user.id))?.passwordHash).toBe(before);
  });

  it("accepts an invitation once", async () => {
    const invited = await createUser({ role: "staff", password: null, emailVerified: false });
    const token = await issueToken(db(), invited.id, "invitation");
    const input = { token, name: "Ina Vited", password: NEW_PASSWORD };
    expect(await acceptInvitation(input, "192.0.2.52")).toEqual({ ok: true, userId: invited.id });
    const after = await reloadUser(invited.id);
    expect(after?.name).toBe("Ina Vited");
    expect(after?.emailVerifiedAt).not.toBeNull();
    expect(await acceptInvitation({ ...input, password: "another passphrase entirely" }, "192.0.2.52")).toMatchObject({ ok: false });
    expect((await reloadUser(invited.id))?.passwordHash).toBe(after?.passwordHash);
  });

  it("refuses an expired invitation", async () => {
    const invited = await createUser({ role: "staff", password: null, emailVerified: false });
    const token = await issueToken(db(), invited.id, "invitation");
    await expire(token);
    expect(await acceptInvitation({ token, name: "Late Comer", password: NEW_PASSWORD }, "192.0.2.52")).toMatchObject({ ok: false });
    expect((await reloadUser(invited.id))?.passwordHash).toBeNull();
  });
  it("signs in once with an emailed sign-in link, never with an expired one or for a deactivated account", async () => {
    const user = await createUser();
    const token = await issueToken(db(), user.id, "sign_in_confirmation");
    expect(await isSignInLinkValid(token)).toBe(true);
    expect(await signInWithEmailedLink(token, "192.0.2.55")).toMatchObject({ ok: true, needsSecondFactor: false });
    expect(await signInWithEmailedLink(token, "192.0.2.55")).toEqual({ ok: false });

    const expired = await issueToken(db(), user.id, "sign_in_confirmation");
    await expire(expired);
    expect(await isSignInLinkValid(expired)).toBe(false);
    expect(await signInWithEmailedLink(expired, "192.0.2.55")).toEqual({ ok: false });

    const deactivated = await createUser({ deactivated: true });
    const theirs = await issueToken(db(), deactivated.id, "sign_in_confirmation");
    expect(await signInWithEmailedLink(theirs, "192.0.2.55")).toEqual({ ok: false });
  });
});
