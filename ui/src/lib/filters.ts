import type { EventQuery } from "../bindings/EventQuery";
import type { OrderListItem } from "../bindings/OrderListItem";
import type { OrderQuery } from "../bindings/OrderQuery";
import type { OrderState } from "../bindings/OrderState";

/** The most rows one list asks for. */
export const LIST_LIMIT = 500;

/** Every order state, in the order of the sync ("" in the filter = every state). */
export const ORDER_STATES: readonly { state: OrderState; label: string }[] = [
  { state: "waiting_for_approval", label: "Waiting for approval" },
  { state: "ready", label: "Ready" },
  { state: "syncing", label: "Syncing" },
  { state: "synced", label: "Synced" },
  { state: "retrying", label: "Retrying" },
  { state: "needs_attention", label: "Needs attention" },
  { state: "skipped", label: "Skipped" },
  { state: "changed_after_sync", label: "Changed after sync" },
];

export interface OrderFilter {
  /** "" = every state. */
  state: OrderState | "";
  /** "" = every storefront. */
  storefront: string;
  /** Order number, customer or e-mail; matched by the command. */
  text: string;
}

export function orderQuery(f: OrderFilter, limit: number | null = LIST_LIMIT): OrderQuery {
  const text = f.text.trim();
  return {
    states: f.state === "" ? [] : [f.state],
    storefront: f.storefront === "" ? null : f.storefront,
    text: text === "" ? null : text,
    limit,
  };
}

/**
 * The storefront filter's options: every storefront seen in the orders loaded so far (a filtered
 * list must not make the other storefronts disappear from the menu), plus the one selected.
 */
export function storefrontOptions(
  known: readonly string[],
  orders: readonly OrderListItem[],
  selected: string,
): string[] {
  const set = new Set(known);
  for (const o of orders) if (o.storefront !== "") set.add(o.storefront);
  if (selected !== "") set.add(selected);
  return [...set].sort((a, b) => a.localeCompare(b));
}

export interface EventFilter {
  text: string;
  /** "" = every level. */
  level: "" | "info" | "warning" | "error";
  /** The order number as typed; "" = every order. */
  order: string;
}

export function eventQuery(f: EventFilter, limit: number | null = LIST_LIMIT): EventQuery {
  const text = f.text.trim();
  const order = f.order.trim();
  const n = /^\d+$/.test(order) ? Number(order) : null;
  return { text: text === "" ? null : text, order: n, level: f.level === "" ? null : f.level, limit };
}
