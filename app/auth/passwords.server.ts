// Password hashing (argon2id) and the NCSC-style password rules that need the server's deny-list.
import { readFileSync } from "node:fs";
import path from "node:path";
import { hash, verify } from "@node-rs/argon2";
import { projectRoot } from "../../db/project-root.server";

// OWASP's argon2id baseline: 19 MiB, two passes, one lane.
const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash) {
    // Spend the same time as a real check so that timing does not reveal which accounts exist.
    await hash(password, ARGON2_OPTIONS);
    return false;
  }
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let denyList: Set<string> | undefined;

function commonPasswords(): Set<string> {
  denyList ??= new Set(
    readFileSync(path.join(projectRoot(), "app/auth/common-passwords.txt"), "utf8")
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean),
  );
  return denyList;
}

/** The reason a password is refused by the deny-list, or null when it may be used. */
export function commonPasswordProblem(password: string, context: string[] = []): string | null {
  const lower = password.toLowerCase();
  if (commonPasswords().has(lower)) {
    return "This password is too common. Choose a password that other people are unlikely to use";
  }
  const uniqueCharacters = new Set(lower).size;
  if (uniqueCharacters <= 3) {
    return "This password is too easy to guess. Use a few unrelated words";
  }
  for (const word of context) {
    const w = word.toLowerCase().trim();
    if (w.length >= 4 && lower.includes(w)) {
      return "Your password must not contain your name or email address";
    }
  }
  return null;
}
