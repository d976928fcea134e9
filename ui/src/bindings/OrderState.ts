export type OrderState = "waiting_for_approval" | "ready" | "syncing" | "synced" | "retrying" | "needs_attention" | "skipped";
