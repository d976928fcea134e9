export type CheckView = { name: string, ok: boolean, message: string, fix: string, };
