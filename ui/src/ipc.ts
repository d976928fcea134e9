// Every call to the Rust side goes through this module: one typed function per command of the
// IPC contract (/work/handoff/ipc-contract.md), and the two events. No logic lives here beyond
// passing arguments through; the commands decide everything.
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import { openUrl as openerOpenUrl } from "@tauri-apps/plugin-opener";

import type { StorefrontView } from "./bindings/StorefrontView";
import type { AppInfo } from "./bindings/AppInfo";
import type { CheckView } from "./bindings/CheckView";
import type { DayCount } from "./bindings/DayCount";
import type { EventQuery } from "./bindings/EventQuery";
import type { EventView } from "./bindings/EventView";
import type { Health } from "./bindings/Health";
import type { OrderListItem } from "./bindings/OrderListItem";
import type { OrderQuery } from "./bindings/OrderQuery";
import type { OrderView } from "./bindings/OrderView";
import type { PasswordsSet } from "./bindings/PasswordsSet";
import type { PlanView } from "./bindings/PlanView";
import type { Problem } from "./bindings/Problem";
import type { RuleKind } from "./bindings/RuleKind";
import type { RuleTrial } from "./bindings/RuleTrial";
import type { SettingsView } from "./bindings/SettingsView";

/** The accounts `set_password` takes: the same three names as in `PasswordsSet`. */
export type PasswordAccount = keyof PasswordsSet;
/** The connections `test_connection` checks. */
export type ConnectionName = "pressero" | "pace" | "mail";

/**
 * In a plain browser (no Tauri), and only when built or served with VITE_MOCK_IPC=1, an
 * in-memory demo backend from src/dev/ answers the commands. The condition is a build-time
 * constant, so the production bundle contains neither the branch nor the dev module.
 */
export async function initIpc(): Promise<void> {
  if (import.meta.env.VITE_MOCK_IPC === "1") {
    if (!("__TAURI_INTERNALS__" in window)) {
      const dev = await import("./dev/mockBackend");
      dev.installMockBackend();
    }
  }
}

/** A failing command rejects with a plain-words string; anything else is turned into one. */
export function errorText(e: unknown): string {
  if (typeof e === "string") return e;
  if (e instanceof Error) return e.message;
  try {
    return JSON.stringify(e);
  } catch {
    return String(e);
  }
}

export const ipc = {
  appInfo: () => invoke<AppInfo>("app_info"),
  listOrders: (query: OrderQuery) => invoke<OrderListItem[]>("list_orders", { query }),
  orderView: (orderNumber: number) => invoke<OrderView>("order_view", { orderNumber }),
  previewPlan: (orderNumber: number) => invoke<PlanView>("preview_plan", { orderNumber }),
  pushOrder: (orderNumber: number) => invoke<string>("push_order", { orderNumber }),
  skipOrder: (orderNumber: number, reason: string) => invoke<null>("skip_order", { orderNumber, reason }),
  acknowledgeChange: (orderNumber: number) => invoke<null>("acknowledge_change", { orderNumber }),
  syncNow: () => invoke<null>("sync_now"),
  retryAttention: () => invoke<number>("retry_attention"),
  health: () => invoke<Health>("health"),
  setPaused: (paused: boolean) => invoke<null>("set_paused", { paused }),
  getSettings: () => invoke<SettingsView>("get_settings"),
  storefronts: () => invoke<StorefrontView[]>("storefronts"),
  validateSettings: (settings: unknown) => invoke<Problem[]>("validate_settings", { settings }),
  saveSettings: (settings: unknown) => invoke<Problem[]>("save_settings", { settings }),
  setPassword: (account: PasswordAccount, password: string) =>
    invoke<null>("set_password", { account, password }),
  testConnection: (which: ConnectionName) => invoke<CheckView[]>("test_connection", { which }),
  validateRule: (kind: RuleKind, text: string) => invoke<Problem[]>("validate_rule", { kind, text }),
  tryRule: (kind: RuleKind, text: string, orderNumber: number) =>
    invoke<RuleTrial>("try_rule", { kind, text, orderNumber }),
  sendTestEmail: () => invoke<string>("send_test_email"),
  listEvents: (query: EventQuery) => invoke<EventView[]>("list_events", { query }),
  dailyCounts: (days: number) => invoke<DayCount[]>("daily_counts", { days }),
  exportDiagnostics: () => invoke<string>("export_diagnostics"),
  startDemo: () => invoke<null>("start_demo"),
  getAutostart: () => invoke<boolean>("get_autostart"),
  setAutostart: (enabled: boolean) => invoke<null>("set_autostart", { enabled }),
};

/** `sync-event`: every stored event as it happens. */
export function onSyncEvent(handler: (event: EventView) => void): Promise<UnlistenFn> {
  return listen<EventView>("sync-event", (e) => handler(e.payload));
}

/** `navigate`: the tray asks to show a screen ("orders", "settings", …). */
export function onNavigate(handler: (screen: string) => void): Promise<UnlistenFn> {
  return listen<string>("navigate", (e) => handler(e.payload));
}

/** Opens a Pace job link in the default browser (opener plugin). */
export function openUrl(url: string): Promise<void> {
  return openerOpenUrl(url);
}
