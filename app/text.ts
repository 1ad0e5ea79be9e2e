// Rules for free text that every schema shares, in the browser and on the server.

/** PostgreSQL cannot store a NUL character in text: refuse it as a field error, not a failed write. */
export const noNul = (v: string | undefined) => !v || !v.includes("\u0000");
export const NUL_MESSAGE = "Remove the character that cannot be stored (a NUL byte) from the text";
