// Password rules as the NCSC advises (length, a deny-list, no composition rules) and argon2id
// hashes at OWASP's baseline cost.
import { describe, expect, it } from "vitest";
import { commonPasswordProblem, hashPassword, verifyPassword } from "../../app/auth/passwords.server";
import { NewPasswordSchema, RegisterSupplierSchema } from "../../app/auth/schema";
import { issueToken } from "../../app/auth/tokens.server";
import { registerSupplier } from "../../app/organisations/organisations.server";
import { changePassword, resetPassword } from "../../app/users/users.server";
import { db } from "../../db/client.server";
import { asSignedIn, createUser, DEFAULT_PASSWORD, uniqueEmail } from "../factories";
import { useTestDatabase } from "../setup/database";

const testDb = await useTestDatabase();

describe("password rules", () => {
  it.each(["passwordpassword", "qwertyuiopasdf", "PasswordPassword"])("refuses the common password %s", (password) => {
    expect(commonPasswordProblem(password)).toMatch(/too common/);
  });

  it("refuses a long password made of very few characters", () => {
    expect(commonPasswordProblem("zqxzqxzqxzqxzqx")).toMatch(/too easy to guess/);
  });

  it("refuses a password containing the person's name or email address", () => {
    expect(commonPasswordProblem("priyashah-loves-ai-2025", ["Priya Shah", "priyashah"])).toMatch(/name or email/);
  });

  it("accepts a passphrase of unrelated words with no composition rules", () => {
    expect(commonPasswordProblem("correct horse battery staple 42")).toBeNull();
    expect(commonPasswordProblem("lantern orbit gravel meadow")).toBeNull();
  });

  it("asks for at least 12 characters and allows at least 128", () => {
    expect(NewPasswordSchema.safeParse("eleven char").success).toBe(false);
    expect(NewPasswordSchema.safeParse("twelve chars").success).toBe(true);
    expect(NewPasswordSchema.safeParse("x".repeat(128)).success).toBe(true);
  });
});

describe("password hashes", () => {
  it("hashes with argon2id, 19 MiB of memory and two passes", async () => {
    const hash = await hashPassword(DEFAULT_PASSWORD);
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(hash).not.toContain(DEFAULT_PASSWORD);
    expect(await verifyPassword(hash, DEFAULT_PASSWORD)).toBe(true);
    expect(await verifyPassword(hash, `${DEFAULT_PASSWORD}!`)).toBe(false);
  });

  it("salts every hash", async () => {
    expect(await hashPassword(DEFAULT_PASSWORD)).not.toBe(await hashPassword(DEFAULT_PASSWORD));
  });

  it("answers false, not an error, for an account with no password or a malformed hash", async () => {
    expect(await verifyPassword(null, DEFAULT_PASSWORD)).toBe(false);
    expect(await verifyPassword("not-a-hash", DEFAULT_PASSWORD)).toBe(false);
  });

  it("stores only the argon2id hash of a registrant's password", async () => {
    const email = uniqueEmail("registrant");
    const input = RegisterSupplierSchema.parse({
      legalName: "Hash Check Imaging Ltd",
      companiesHouseNumber: "09876543",
      addressLine1: "1 Test Street",
      town: "Leeds",
      postcode: "LS1 4AP",
      name: "Hana Check",
      email,
      password: "lantern orbit gravel meadow",
      confirmPassword: "lantern orbit gravel meadow",
    });
    const result = await registerSupplier(input, "192.0.2.30");
    expect(result.ok).toBe(true);
    const [row] = await testDb.query<{ password_hash: string }>("select password_hash from users where email = $1", [email]);
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(JSON.stringify(await testDb.query("select * from audit_events"))).not.toContain("lantern orbit");
  });
});

describe("choosing a password in the account flows", () => {
  it("refuses a common password at registration, changing and resetting", async () => {
    const registration = await registerSupplier(
      RegisterSupplierSchema.parse({
        legalName: "Common Password Imaging Ltd",
        companiesHouseNumber: "SC123987",
        addressLine1: "1 Test Street",
        town: "Leeds",
        postcode: "LS1 4AP",
        name: "Casey Common",
        email: uniqueEmail("common"),
        password: "passwordpassword",
        confirmPassword: "passwordpassword",
      }),
      "192.0.2.31",
    );
    expect(registration).toMatchObject({ ok: false, fieldErrors: { password: expect.stringMatching(/too common/) } });
    const [{ n }] = await testDb.query<{ n: number }>("select count(*)::int as n from organisations where companies_house_number = 'SC123987'");
    expect(n).toBe(0);

    const user = await createUser();
    const change = await changePassword(asSignedIn(user), { currentPassword: DEFAULT_PASSWORD, password: "qwertyuiopasdf" });
    expect(change).toMatchObject({ ok: false, fieldErrors: { password: expect.stringMatching(/too common/) } });

    const token = await issueToken(db(), user.id, "reset_password");
    const reset = await resetPassword(token, "passwordpassword", "192.0.2.31");
    expect(reset).toMatchObject({ ok: false, fieldErrors: { password: expect.stringMatching(/too common/) } });
    // A refused password does not use up the link.
    expect(await resetPassword(token, "lantern orbit gravel meadow", "192.0.2.31")).toEqual({ ok: true, userId: user.id });
  });
});
