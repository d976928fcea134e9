export type KeyringStatus = { state: "ok" | "locked" | "missing", message: string, fix: string, };
