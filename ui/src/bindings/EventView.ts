export type EventView = { id: number, at: string, order: number | null, kind: string, message: string, level: "info" | "warning" | "error", };
