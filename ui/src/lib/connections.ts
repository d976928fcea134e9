import type { ConnectionName, PasswordAccount } from "../ipc";

/** The settings sections shown together under "Connections", with their password and test. */
export const CONNECTIONS: readonly { key: string; label: string; account: PasswordAccount; test: ConnectionName; passwordLabel: string }[] = [
  { key: "pressero", label: "Pressero", account: "pressero", test: "pressero", passwordLabel: "Pressero password" },
  { key: "pace", label: "Pace", account: "pace", test: "pace", passwordLabel: "Pace password" },
  { key: "smtp", label: "Mail", account: "smtp", test: "mail", passwordLabel: "Mail server password" },
];

export const CONNECTION_KEYS: ReadonlySet<string> = new Set(CONNECTIONS.map((c) => c.key));

/** The few parameters the first-run set-up asks for (step 2), by settings path. */
export const SETUP_FIELDS: readonly string[] = [
  "storefronts.sync",
  "customers.create_customer",
  "jobs.job_type",
  "alerts.emails",
  "polling.interval_seconds",
];
