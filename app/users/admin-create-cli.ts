// `npm run admin:create -- --email <address> --name <name>`: creates an admin in the configured
// database and prints the single-use link that sets the account up. Exits 0 with the link on
// stdout, 1 when refused (a bad address, someone else's), 2 when it cannot run.
import os from "node:os";
import { parseArgs } from "node:util";
import { useDatabase } from "../../db/client.server";
import { openDatabaseForCommand, runAsCommand } from "../command-line.server";
import { migrateForRuntime } from "../../db/roles.server";
import { InviteUserSchema } from "../auth/schema";
import { TOKEN_LIFETIME_MS } from "../auth/tokens.server";
import { parseConfig, setConfig } from "../config.server";
import { createAdminFromCommandLine } from "./admin-create.server";

const USAGE = 'Usage: npm run admin:create -- --email <address> --name "<full name>"';
const AdminSchema = InviteUserSchema.omit({ role: true });

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { email: { type: "string" }, name: { type: "string" } },
    strict: true,
  });
  const input = AdminSchema.safeParse(values);
  if (!input.success) {
    for (const issue of input.error.issues) console.error(`--${issue.path.join(".")}: ${issue.message}`);
    console.error(USAGE);
    return 1;
  }
  const config = parseConfig();
  setConfig(config);
  // On the embedded database the portal must be stopped first: PGlite has one process at a time.
  const handle = await openDatabaseForCommand(config, { mustExist: false });
  try {
    useDatabase(handle);
    await migrateForRuntime(handle, { databaseUrl: config.databaseUrl, ownerUrl: config.databaseOwnerUrl });
    const ranBy = `${os.userInfo().username}@${os.hostname()}`;
    const result = await createAdminFromCommandLine(input.data, ranBy);
    if (!result.ok) {
      console.error(result.error);
      return 1;
    }
    const days = TOKEN_LIFETIME_MS.invitation / 86_400_000;
    console.log(
      `${result.reissued ? "A new link for the admin" : "Admin created:"} ${input.data.email}. ` +
        `Give them this single-use link to set their password (it expires in ${days} days${result.reissued ? "; earlier links no longer work" : ""}):`,
    );
    console.log(result.link);
    console.log(
      `At their first sign-in they set up two-factor sign-in, with a code emailed to ${input.data.email}: mail must reach them.`,
    );
    return 0;
  } finally {
    await handle.close();
  }
}

runAsCommand(import.meta.url, () => main(process.argv.slice(2)), "Could not create the admin", USAGE);
