import { describe, expect, it } from "vitest";
import type { OrderListItem } from "../bindings/OrderListItem";
import { ORDER_STATES, eventQuery, orderQuery, storefrontOptions } from "../lib/filters";
import { routeFromNavigate, parseRoute, routeHash } from "../lib/router";
import { chartBars } from "../lib/chart";
import { helpParts, relative } from "../lib/format";

const order = (n: number, storefront: string): OrderListItem => ({
  orderNumber: n, storefront, customer: "C", email: "c@x", items: 1, total: "1.00", state: "ready", stateLabel: "Ready",
  nextAttemptAt: null, paceJobs: [], orderDate: "2026-11-16T14:03:00Z", lastActivity: "2026-11-16T14:03:00Z", error: null, skipReason: null, changeAfterSync: null,
});

describe("the orders filter", () => {
  it("no filter: every state, every storefront, no text", () => {
    expect(orderQuery({ state: "", storefront: "", text: "  " })).toEqual({ states: [], storefront: null, text: null, limit: 500 });
  });
  it("passes state, storefront and the trimmed search text", () => {
    expect(orderQuery({ state: "needs_attention", storefront: "Acme Store", text: " acme@x " }, null)).toEqual({
      states: ["needs_attention"], storefront: "Acme Store", text: "acme@x", limit: null,
    });
  });
  it("storefront options come from every list loaded, sorted, and keep the selected one", () => {
    const a = storefrontOptions([], [order(1, "Some Site"), order(2, "Acme Store"), order(3, "Some Site")], "");
    expect(a).toEqual(["Acme Store", "Some Site"]);
    // a filtered list (only Acme) does not make Some Site disappear
    expect(storefrontOptions(a, [order(2, "Acme Store")], "Acme Store")).toEqual(["Acme Store", "Some Site"]);
    expect(storefrontOptions([], [], "Gone Store")).toEqual(["Gone Store"]);
  });
});

describe("the event log filter", () => {
  it("an order number only when it is one", () => {
    expect(eventQuery({ text: "", level: "", order: "" })).toEqual({ text: null, order: null, level: null, limit: 500 });
    expect(eventQuery({ text: " pace ", level: "error", order: "10001" })).toEqual({ text: "pace", order: 10001, level: "error", limit: 500 });
    expect(eventQuery({ text: "", level: "", order: "10x" }).order).toBeNull();
  });
});

describe("routes", () => {
  it("parses and writes hashes", () => {
    expect(parseRoute("#orders/10001")).toEqual({ screen: "orders", order: 10001 });
    expect(parseRoute("#settings")).toEqual({ screen: "settings", order: null });
    expect(parseRoute("")).toEqual({ screen: "orders", order: null });
    expect(parseRoute("#bogus")).toEqual({ screen: "orders", order: null });
    expect(routeHash({ screen: "orders", order: 7 })).toBe("#orders/7");
  });
  it("understands the tray's navigate payloads", () => {
    expect(routeFromNavigate("settings")).toEqual({ screen: "settings", order: null });
    expect(routeFromNavigate("Activity")).toEqual({ screen: "activity", order: null });
    expect(routeFromNavigate("order/10005")).toEqual({ screen: "orders", order: 10005 });
    expect(routeFromNavigate("nowhere")).toBeNull();
  });
});

describe("small helpers", () => {
  it("chart bars scale to the busiest day and stack failed on synced", () => {
    const { bars, max } = chartBars([{ day: "2026-11-15", synced: 3, failed: 1 }, { day: "2026-11-16", synced: 0, failed: 0 }], 200, 100, 0);
    expect(max).toBe(4);
    expect(bars[0]).toEqual({ day: "2026-11-15", x: 0, width: 100, synced: { y: 25, height: 75 }, failed: { y: 0, height: 25 } });
    expect(bars[1]!.synced.height).toBe(0);
    expect(chartBars([], 100, 100).max).toBe(1);
  });
  it("relative times", () => {
    const now = new Date("2026-11-16T14:00:00Z");
    expect(relative("2026-11-16T14:03:00Z", now)).toBe("in 3 min");
    expect(relative("2026-11-16T12:00:00Z", now)).toBe("2 h ago");
    expect(relative("2026-11-16T14:00:10Z", now)).toBe("in a few seconds");
    expect(relative(null, now)).toBe("—");
  });
  it("help text: backticks as code, source line breaks as spaces", () => {
    expect(helpParts("e.g. `9999`\n(second)")).toEqual([
      { code: false, text: "e.g. " }, { code: true, text: "9999" }, { code: false, text: " (second)" },
    ]);
  });
});

describe("the state filter", () => {
  it("offers Changed after sync, each state once", () => {
    const states = ORDER_STATES.map((s) => s.state);
    expect(new Set(states).size).toBe(states.length);
    expect(ORDER_STATES).toContainEqual({ state: "changed_after_sync", label: "Changed after sync" });
    expect(orderQuery({ state: "changed_after_sync", storefront: "", text: "" }).states).toEqual(["changed_after_sync"]);
  });
});
