import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";
import { debounce } from "../lib/debounce";
import { LiveRefresh } from "../lib/live";
import { ipc, onNavigate, onSyncEvent } from "../ipc";

describe("debounce", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("calls once after the last call, with its arguments", () => {
    const f = vi.fn();
    const d = debounce(f, 300);
    d("a");
    vi.advanceTimersByTime(200);
    d("ab");
    vi.advanceTimersByTime(299);
    expect(f).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(f).toHaveBeenCalledExactlyOnceWith("ab");
  });
  it("cancel drops, flush runs now", () => {
    const f = vi.fn();
    const d = debounce(f, 300);
    d(1);
    d.cancel();
    vi.advanceTimersByTime(1000);
    expect(f).not.toHaveBeenCalled();
    d(2);
    expect(d.pending()).toBe(true);
    d.flush();
    expect(f).toHaveBeenCalledExactlyOnceWith(2);
    expect(d.pending()).toBe(false);
  });
});

describe("live refresh", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("a burst of sync events refreshes each screen once, 250 ms after the last", () => {
    const live = new LiveRefresh();
    const orders = vi.fn();
    const header = vi.fn();
    live.subscribe(orders);
    const off = live.subscribe(header);
    for (let i = 0; i < 10; i++) {
      live.notify();
      vi.advanceTimersByTime(100);
    }
    expect(orders).not.toHaveBeenCalled();
    vi.advanceTimersByTime(150);
    expect(orders).toHaveBeenCalledTimes(1);
    expect(header).toHaveBeenCalledTimes(1);
    off();
    live.notify();
    vi.advanceTimersByTime(250);
    expect(orders).toHaveBeenCalledTimes(2);
    expect(header).toHaveBeenCalledTimes(1);
  });
  it("one failing refresh does not stop the others", () => {
    const live = new LiveRefresh(10);
    const ok = vi.fn();
    const err = vi.spyOn(console, "error").mockImplementation(() => {});
    live.subscribe(() => {
      throw new Error("boom");
    });
    live.subscribe(ok);
    live.notify();
    vi.advanceTimersByTime(10);
    expect(ok).toHaveBeenCalledOnce();
    err.mockRestore();
  });
});

describe("the IPC module", () => {
  afterEach(() => clearMocks());

  it("sends the contract's command names and argument names", async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      if (cmd === "retry_attention") return 3;
      return null;
    });
    await ipc.listOrders({ states: ["ready"], storefront: null, text: "acme", limit: 10 });
    await ipc.orderView(10001);
    await ipc.skipOrder(10002, "cancelled");
    await ipc.acknowledgeChange(10017);
    await ipc.setPassword("smtp", "pw");
    await ipc.testConnection("mail");
    await ipc.tryRule("accounts", "[]", 10003);
    await ipc.dailyCounts(14);
    expect(await ipc.retryAttention()).toBe(3);
    expect(calls).toEqual([
      ["list_orders", { query: { states: ["ready"], storefront: null, text: "acme", limit: 10 } }],
      ["order_view", { orderNumber: 10001 }],
      ["skip_order", { orderNumber: 10002, reason: "cancelled" }],
      ["acknowledge_change", { orderNumber: 10017 }],
      ["set_password", { account: "smtp", password: "pw" }],
      ["test_connection", { which: "mail" }],
      ["try_rule", { kind: "accounts", text: "[]", orderNumber: 10003 }],
      ["daily_counts", { days: 14 }],
      ["retry_attention", {}],
    ]);
  });

  it("a failing command rejects with its words", async () => {
    mockIPC(() => {
      throw "Order 1 is not known.";
    });
    await expect(ipc.pushOrder(1)).rejects.toBe("Order 1 is not known.");
  });

  it("delivers sync-event and navigate payloads", async () => {
    mockIPC(() => null, { shouldMockEvents: true });
    const events: unknown[] = [];
    const screens: string[] = [];
    await onSyncEvent((e) => events.push(e));
    await onNavigate((s) => screens.push(s));
    const ev = { id: 1, at: "2026-11-16T14:03:00Z", order: 10001, kind: "synced", message: "m", level: "info" };
    await emit("sync-event", ev);
    await emit("navigate", "settings");
    expect(events).toEqual([ev]);
    expect(screens).toEqual(["settings"]);
  });
});
