// Rules for free text that every schema shares, in the browser and on the server.

/** PostgreSQL cannot store a NUL character in text: refuse it as a field error, not a failed write. */
export const noNul = (v: string | undefined) => !v || !v.includes("\u0000");
export const NUL_MESSAGE = "Remove the character that cannot be stored (a NUL byte) from the text";

// A name is written into email headers, calendar lines and CSV cells, where a line break or another
// control character would start a new line or field: such a name is refused at the form.
const CONTROL_CHARACTERS = /[\u0000-\u001F\u007F]/;
export const isOneLine = (v: string | undefined) => !v || !CONTROL_CHARACTERS.test(v);
