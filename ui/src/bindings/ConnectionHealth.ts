export type ConnectionHealth = { 
/**
 * "Pressero" | "Pace" | "Mail"
 */
name: string, state: "ok" | "failing" | "unknown", message: string, checkedAt: string | null, };
