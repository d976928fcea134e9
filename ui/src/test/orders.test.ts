import { afterEach, describe, expect, it, vi } from "vitest";
import { flushSync, mount, unmount } from "svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import type { OrderQuery } from "../bindings/OrderQuery";
import Orders from "../screens/Orders.svelte";
import { live } from "../lib/live";

const row = (n: number, state: string, storefront: string) => ({
  orderNumber: n, storefront, customer: "Acme Corp", email: "buyer@acme.example", items: 2, total: "10.00", state,
  stateLabel: state === "retrying" ? "Retrying" : "Ready", nextAttemptAt: state === "retrying" ? "2099-01-01T00:00:00Z" : null,
  paceJobs: [], orderDate: "2026-11-16T14:03:00Z", lastActivity: "2026-11-16T14:03:00Z", error: null, skipReason: null, changeAfterSync: null,
});

async function settle() {
  for (let i = 0; i < 5; i++) await Promise.resolve();
  flushSync();
}

describe("the Orders screen", () => {
  afterEach(() => {
    clearMocks();
    vi.useRealTimers();
    document.body.innerHTML = "";
  });

  it("lists orders, searches debounced, refreshes once per burst of sync events, opens a row with Enter", async () => {
    vi.useFakeTimers();
    const queries: OrderQuery[] = [];
    mockIPC((cmd, args) => {
      if (cmd !== "list_orders") throw `unexpected ${cmd}`;
      const q = (args as { query: OrderQuery }).query;
      queries.push(q);
      return [row(10002, "retrying", "Some Site"), row(10001, "ready", "Acme Store")];
    });
    const opened: number[] = [];
    const target = document.createElement("div");
    document.body.append(target);
    const app = mount(Orders, { target, props: { onopen: (n: number) => opened.push(n) } });
    await settle();
    expect(queries).toHaveLength(1);
    expect(queries[0]).toEqual({ states: [], storefront: null, text: null, limit: 500 });

    const r = target.querySelector<HTMLElement>('[data-testid="order-row-10002"]')!;
    expect(r.dataset.state).toBe("retrying");
    expect(r.textContent).toContain("next try");
    const options = [...target.querySelectorAll<HTMLOptionElement>('[data-testid="orders-storefront-filter"] option')].map((o) => o.value);
    expect(options).toEqual(["", "Acme Store", "Some Site"]);

    const search = target.querySelector<HTMLInputElement>('[data-testid="orders-search"]')!;
    for (const t of ["a", "ac", "acme"]) {
      search.value = t;
      search.dispatchEvent(new Event("input", { bubbles: true }));
      vi.advanceTimersByTime(100);
    }
    await settle();
    expect(queries).toHaveLength(1);
    vi.advanceTimersByTime(300);
    await settle();
    expect(queries).toHaveLength(2);
    expect(queries[1]!.text).toBe("acme");

    live.notify();
    live.notify();
    live.notify();
    vi.advanceTimersByTime(260);
    await settle();
    expect(queries).toHaveLength(3);
    expect(queries[2]!.text).toBe("acme");

    r.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
    expect(opened).toEqual([10002]);
    unmount(app);
  });
});
