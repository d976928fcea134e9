import type { KeyringStatus } from "./KeyringStatus";

export type AppInfo = { version: string, demo: boolean, firstRun: boolean, keyring: KeyringStatus, settingsPath: string, dataDir: string, };
