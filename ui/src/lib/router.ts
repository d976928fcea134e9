/** The screens, addressed by the URL hash: #orders, #orders/10001, #activity, #settings, #setup. */
export type Screen = "orders" | "activity" | "settings" | "setup";
export interface Route {
  screen: Screen;
  /** The open order (Orders screen's detail). */
  order: number | null;
}

const SCREENS: readonly Screen[] = ["orders", "activity", "settings", "setup"];

export function parseRoute(hash: string): Route {
  const h = hash.replace(/^#\/?/, "");
  const [first = "", second = ""] = h.split("/");
  const screen = (SCREENS as readonly string[]).includes(first) ? (first as Screen) : "orders";
  const order = screen === "orders" && /^\d+$/.test(second) ? Number(second) : null;
  return { screen, order };
}

export function routeHash(r: Route): string {
  return r.order !== null && r.screen === "orders" ? `#orders/${r.order}` : `#${r.screen}`;
}

/** A `navigate` event's payload ("orders", "settings", "order/10001"…) as a route; unknown → null. */
export function routeFromNavigate(payload: string): Route | null {
  const p = payload.trim().toLowerCase().replace(/^#\/?/, "");
  const m = /^orders?\/(\d+)$/.exec(p);
  if (m) return { screen: "orders", order: Number(m[1]) };
  if ((SCREENS as readonly string[]).includes(p)) return { screen: p as Screen, order: null };
  return null;
}
