export type EventQuery = { text: string | null, order: number | null, level: string | null, limit: number | null, };
