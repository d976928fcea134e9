export type TraceLine = { at: string, kind: string, message: string, paceKey: string | null, };
