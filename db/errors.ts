// Recognises PostgreSQL errors the same way on both drivers (drizzle wraps them in `cause`).
export function pgErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === "object"; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A unique constraint refused the write: someone else (or a double submit) got there first. */
export function isUniqueViolation(error: unknown): boolean {
  return pgErrorCode(error) === "23505";
}

/** Runs a write; if a unique index refuses it, answers `onDuplicate()` instead of failing. */
export async function unlessDuplicate<T>(write: () => Promise<T>, onDuplicate: () => T | Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) return onDuplicate();
    throw error;
  }
}
