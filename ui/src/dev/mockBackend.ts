// DEV AID ONLY: an in-memory stand-in for the Rust commands, so the UI can be looked at in a
// plain browser (VITE_MOCK_IPC=1). It is never part of the production bundle (see ipc.ts).
// It fakes results; it is not the product's logic and nothing here is a rule of the sync.
import { mockIPC } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";

import type { AppInfo } from "../bindings/AppInfo";
import type { DayCount } from "../bindings/DayCount";
import type { EventQuery } from "../bindings/EventQuery";
import type { EventView } from "../bindings/EventView";
import type { Health } from "../bindings/Health";
import type { OrderListItem } from "../bindings/OrderListItem";
import type { OrderQuery } from "../bindings/OrderQuery";
import type { OrderState } from "../bindings/OrderState";
import type { OrderView } from "../bindings/OrderView";
import type { PlanView } from "../bindings/PlanView";
import type { Problem } from "../bindings/Problem";
import type { SettingsView } from "../bindings/SettingsView";
import schema from "./settings-schema.json";
import sampleSettings from "./settings.json";

const LABELS: Record<OrderState, string> = {
  waiting_for_approval: "Waiting for approval",
  ready: "Ready",
  syncing: "Syncing",
  synced: "Synced",
  retrying: "Retrying",
  needs_attention: "Needs attention",
  skipped: "Skipped",
  changed_after_sync: "Changed after sync",
};

const now = () => new Date();
const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");
const minutesAgo = (m: number) => iso(new Date(Date.now() - m * 60_000));

const params = new URLSearchParams(location.search);
let firstRun = params.get("firstRun") === "1";
let demo = params.get("demo") !== "0" && !firstRun;
const keyringState = (params.get("keyring") ?? "ok") as AppInfo["keyring"]["state"];

const storefronts = ["Acme Store", "Some Site", "Bad ID Store", "Northwind Portal"];
const customers = [
  ["Acme Corp", "buyer@acme.example"],
  ["Globex", "orders@globex.example"],
  ["Initech", "peter@initech.example"],
  ["Umbrella Health", "print@umbrella.example"],
];
let autostart = false;
const states: OrderState[] = [
  "synced", "synced", "needs_attention", "retrying", "waiting_for_approval", "synced", "ready", "skipped",
  "synced", "needs_attention", "synced", "syncing", "synced", "synced", "ready", "synced",
  "changed_after_sync",
];

const orders: OrderListItem[] = states.map((state, i) => {
  const n = 10001 + i;
  const [customer, email] = customers[i % customers.length]!;
  return {
    orderNumber: n,
    storefront: storefronts[i % storefronts.length]!,
    customer: customer!,
    email: email!,
    items: 1 + (i % 3),
    total: (48.5 + i * 17.35).toFixed(2),
    state,
    stateLabel: LABELS[state],
    nextAttemptAt: state === "retrying" ? iso(new Date(Date.now() + 4 * 60_000)) : null,
    paceJobs: state === "synced" || state === "changed_after_sync" ? [String(20001 + i)] : [],
    orderDate: minutesAgo(60 * 30 - i * 90),
    lastActivity: minutesAgo(16 * 7 - i * 7),
    error:
      state === "needs_attention"
        ? i === 2
          ? { kind: "permanent", message: "The storefront \"Bad ID Store\" has Integration ID \"ZZZ\", which is not a Pace customer.", hint: "Set the storefront's Integration ID in Pressero to an existing Pace customer id, or turn on Create customer in Settings, then push the order." }
          : { kind: "permanent", message: "Pace refused the job: job type 42 does not exist.", hint: "Choose an existing job type in Settings → Jobs (or the site's override), then push the order." }
        : state === "retrying"
          ? { kind: "transient", message: "Pace did not answer within 60 seconds.", hint: "Nothing to do: it is tried again automatically." }
          : null,
    skipReason: state === "skipped" ? "Every item was denied in Pressero." : null,
    changeAfterSync: state === "changed_after_sync" ? "item 1 quantity 500 → 1000; item 2 denied" : null,
  };
});
orders.reverse();

const events: EventView[] = [];
let eventId = 0;
function addEvent(order: number | null, kind: string, message: string, level: EventView["level"] = "info", at = iso(now())): EventView {
  const e: EventView = { id: ++eventId, at, order, kind, message, level };
  events.unshift(e);
  return e;
}
for (const o of [...orders].reverse()) {
  if (o.state === "synced") addEvent(o.orderNumber, "synced", `Order ${o.orderNumber} synced to Pace: job ${o.paceJobs[0]}`, "info", o.lastActivity);
  else if (o.state === "needs_attention") addEvent(o.orderNumber, "needs_attention", `Order ${o.orderNumber} needs attention: ${o.error?.message}`, "error", o.lastActivity);
  else if (o.state === "retrying") addEvent(o.orderNumber, "retrying", `Order ${o.orderNumber} will be retried: ${o.error?.message}`, "warning", o.lastActivity);
  else addEvent(o.orderNumber, "polled", `Order ${o.orderNumber} found in Pressero (${o.stateLabel})`, "info", o.lastActivity);
}

let paused = false;
let settings: unknown = structuredClone(sampleSettings);
const passwords = { pace: true, pressero: true, smtp: false };
let lastPoll = minutesAgo(0.5);
let backlog: Health["backlog"] = params.get("backlog") === "1" ? { done: 3, total: 12 } : null;

function health(): Health {
  const counts = (Object.keys(LABELS) as OrderState[]).map((s) => ({ state: s, label: LABELS[s], count: orders.filter((o) => o.state === s).length }));
  return {
    connections: [
      { name: "Pressero", state: "ok", message: "Signed in as sync@printshop.example", checkedAt: lastPoll },
      { name: "Pace", state: params.get("paceDown") === "1" ? "failing" : "ok", message: params.get("paceDown") === "1" ? "Pace did not answer within 60 seconds" : "Pace 31.02, reads and writes work", checkedAt: lastPoll },
      { name: "Mail", state: "unknown", message: "No alert e-mail sent yet", checkedAt: null },
    ],
    lastPollAt: lastPoll,
    nextPollAt: paused ? null : iso(new Date(new Date(lastPoll).getTime() + 60_000)),
    running: !paused,
    paused,
    backlog,
    counts,
    attention: orders.filter((o) => o.state === "needs_attention").length,
    demo,
  };
}

function view(n: number): OrderView {
  const o = orders.find((x) => x.orderNumber === n);
  if (!o) throw `Order ${n} is not known. Sync now fetches new orders from Pressero.`;
  return {
    summary: o,
    items: Array.from({ length: o.items }, (_, i) => ({
      number: i + 1,
      product: ["Business cards", "Tri-fold brochure", "Roll-up banner"][i % 3]!,
      quantity: [500, 250, 1][i % 3]!,
      price: ["48.50", "112.00", "89.90"][i % 3]!,
      approval: o.state === "waiting_for_approval" && i === 0 ? "Pending approval" : o.state === "skipped" ? "Denied" : "Approved",
      shipTo: "Acme Corp, 1500 W Fulton St, Dock 3, Chicago IL 60607",
    })),
    trace: events
      .filter((e) => e.order === n)
      .map((e) => ({ at: e.at, kind: e.kind, message: e.message, paceKey: e.kind === "synced" ? o.paceJobs[0] ?? null : null })),
    jobs: o.paceJobs.map((j, i) => ({ job: j, url: i % 2 === 0 ? `http://127.0.0.1:8082/epace/job/${j}` : null })),
  };
}

function plan(n: number): PlanView {
  const o = orders.find((x) => x.orderNumber === n);
  if (!o) throw `Order ${n} is not known.`;
  if (o.state === "skipped") return { summary: [], steps: [], alerts: [], skip: "Every item was denied: nothing is sent to Pace.", error: null };
  if (o.error && o.error.kind === "permanent") return { summary: [], steps: [], alerts: [], skip: null, error: o.error };
  const done = o.state === "synced";
  return {
    summary: [`Customer ACME (found by the storefront's Integration ID)`, `1 job with ${o.items} part(s), 1 shipment`, `Promise date ${o.orderDate.slice(0, 10)} + 3 working days`],
    steps: [
      { reference: "job", action: "Create", object: "Job", done, fields: [["customer", "ACME"], ["description", `${n}-${o.storefront}`], ["jobType", "1"], ["reference", `Pressero order ${n}`], ["poNum", String(n)]] },
      { reference: "part-1", action: "Update", object: "Job Part", done, fields: [["jobPart", "01"], ["description", "Business cards"], ["qtyOrdered", "500"]] },
      { reference: "shipment-1", action: "Create", object: "Job Shipment", done, fields: [["shipVia", "2"], ["address1", "1500 W Fulton St"], ["city", "Chicago"], ["zip", "60607"]] },
    ],
    alerts: o.storefront === "Some Site" ? ["The ship-to contact is new: it is created in Pace."] : [],
    skip: null,
    error: null,
  };
}

function setState(o: OrderListItem, state: OrderState) {
  o.state = state;
  o.stateLabel = LABELS[state];
  o.lastActivity = iso(now());
  if (state !== "needs_attention" && state !== "retrying") o.error = null;
  if (state !== "retrying") o.nextAttemptAt = null;
  if (state !== "changed_after_sync") o.changeAfterSync = null;
}

function fire(e: EventView) {
  void emit("sync-event", e);
}

function validate(s: unknown): Problem[] {
  const problems: Problem[] = [];
  const v = s as { alerts?: { emails?: string }; polling?: { interval_seconds?: number }; sites?: { site_name?: string }[]; mapping?: { accounts?: string } };
  const emails = v.alerts?.emails ?? "";
  for (const e of emails.split(";").map((x) => x.trim()).filter(Boolean))
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(e)) problems.push({ path: "alerts.emails", message: `"${e}" is not an e-mail address.` });
  if ((v.polling?.interval_seconds ?? 60) < 10) problems.push({ path: "polling.interval_seconds", message: "Poll at most every 10 seconds (Pressero limits the rate)." });
  (v.sites ?? []).forEach((site, i) => {
    if (!site.site_name?.trim()) problems.push({ path: `sites[${i}].site_name`, message: "Give the site's name as Pressero spells it." });
  });
  problems.push(...ruleProblems(v.mapping?.accounts ?? "").map((p) => ({ ...p, path: "mapping.accounts" })));
  return problems;
}

function ruleProblems(text: string): Problem[] {
  if (text.trim() === "") return [];
  try {
    const v = JSON.parse(text);
    if (!Array.isArray(v)) return [{ path: "", message: "The rule must be a JSON array ([ … ])." }];
    return [];
  } catch (e) {
    return [{ path: "", message: `Not valid JSON: ${(e as Error).message}` }];
  }
}

function dailyCounts(days: number): DayCount[] {
  const out: DayCount[] = [];
  for (let i = days - 1; i >= 0; i--) {
    const d = new Date(Date.now() - i * 86_400_000);
    const day = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
    const dow = d.getDay();
    const synced = dow === 0 || dow === 6 ? (i * 3) % 4 : 6 + ((i * 7) % 9);
    out.push({ day, synced, failed: (i * 5) % 7 === 0 ? 2 : i % 4 === 1 ? 1 : 0 });
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function handle(cmd: string, a: Record<string, unknown>): Promise<unknown> {
  await sleep(60);
  switch (cmd) {
    case "app_info":
      return {
        version: "0.1.0-dev",
        demo,
        firstRun,
        keyring:
          keyringState === "ok"
            ? { state: "ok", message: "Passwords are kept in the OS keyring.", fix: "" }
            : { state: keyringState, message: keyringState === "locked" ? "The OS keyring is locked, so passwords cannot be read or saved." : "No OS keyring (Secret Service) is running on this computer.", fix: keyringState === "locked" ? "Unlock the keyring (log out and in, or open Passwords and Keys and unlock \"Login\"), then restart the app." : "Install and start gnome-keyring (or another Secret Service), then restart the app." },
        settingsPath: "/home/staff/.config/pressero-pace-sync/settings.toml",
        dataDir: "/home/staff/.local/share/pressero-pace-sync",
      } satisfies AppInfo;
    case "list_orders": {
      const q = a.query as OrderQuery;
      const t = q.text?.toLowerCase() ?? null;
      const rows = orders.filter(
        (o) =>
          (q.states.length === 0 || q.states.includes(o.state)) &&
          (q.storefront === null || o.storefront === q.storefront) &&
          (t === null || String(o.orderNumber).includes(t) || o.customer.toLowerCase().includes(t) || o.email.toLowerCase().includes(t)),
      );
      return q.limit === null ? rows : rows.slice(0, q.limit);
    }
    case "order_view":
      return view(a.orderNumber as number);
    case "preview_plan":
      await sleep(300);
      return plan(a.orderNumber as number);
    case "push_order": {
      const n = a.orderNumber as number;
      const o = orders.find((x) => x.orderNumber === n);
      if (!o) throw `Order ${n} is not known.`;
      if (o.state === "synced") return `Order ${n} is already in Pace (job ${o.paceJobs.join(", ")}); nothing was changed.`;
      setState(o, "syncing");
      fire(addEvent(n, "syncing", `Order ${n} is being synced`));
      await sleep(700);
      if (o.error && o.error.kind === "permanent" && o.storefront === "Bad ID Store") {
        setState(o, "needs_attention");
        o.error = { kind: "permanent", message: "The storefront \"Bad ID Store\" has Integration ID \"ZZZ\", which is not a Pace customer.", hint: "Set the Integration ID in Pressero, or turn on Create customer, then push again." };
        fire(addEvent(n, "needs_attention", `Order ${n} needs attention: ${o.error.message}`, "error"));
        return `Order ${n} still needs attention: ${o.error.message}`;
      }
      o.paceJobs = [String(30000 + n - 10000)];
      setState(o, "synced");
      fire(addEvent(n, "synced", `Order ${n} synced to Pace: job ${o.paceJobs[0]}`));
      return `Order ${n} synced to Pace: job ${o.paceJobs[0]}.`;
    }
    case "skip_order": {
      const n = a.orderNumber as number;
      const o = orders.find((x) => x.orderNumber === n);
      if (!o) throw `Order ${n} is not known.`;
      setState(o, "skipped");
      o.skipReason = a.reason as string;
      fire(addEvent(n, "skipped", `Order ${n} skipped by staff: ${o.skipReason}`, "warning"));
      return null;
    }
    case "acknowledge_change": {
      const n = a.orderNumber as number;
      const o = orders.find((x) => x.orderNumber === n);
      if (!o) throw `Order ${n} is not known.`;
      if (o.state !== "changed_after_sync") throw `order ${n} has no change after sync to acknowledge: it is ${o.stateLabel}`;
      setState(o, "synced");
      fire(addEvent(n, "synced", `Order ${n}: the change after sync was acknowledged`));
      return null;
    }
    case "sync_now":
      setTimeout(() => {
        lastPoll = iso(now());
        fire(addEvent(null, "poll", "Polled Pressero: no new orders"));
      }, 600);
      return null;
    case "retry_attention": {
      const list = orders.filter((o) => o.state === "needs_attention");
      for (const o of list) setState(o, "ready");
      if (list.length) fire(addEvent(null, "retry", `${list.length} order(s) put back to Ready`));
      return list.length;
    }
    case "health":
      return health();
    case "set_paused":
      paused = a.paused as boolean;
      fire(addEvent(null, paused ? "paused" : "resumed", paused ? "Syncing paused by staff" : "Syncing resumed", "warning"));
      return null;
    case "get_settings":
      return { settings: structuredClone(settings), schema, passwords: { ...passwords }, settingsPath: "/home/staff/.config/pressero-pace-sync/settings.toml" } satisfies SettingsView;
    case "validate_settings":
      return validate(a.settings);
    case "save_settings": {
      const p = validate(a.settings);
      if (p.length === 0) {
        settings = structuredClone(a.settings);
        firstRun = false;
      }
      return p;
    }
    case "set_password": {
      if (keyringState !== "ok") throw "The password was not saved: the OS keyring is locked. Unlock it and try again.";
      if ((a.password as string) === "") throw "The password is empty.";
      passwords[a.account as keyof typeof passwords] = true;
      return null;
    }
    case "test_connection": {
      await sleep(500);
      const which = a.which as string;
      if (which === "mail")
        return [
          { name: "Settings", ok: true, message: "Mail server 127.0.0.1:2525, no encryption", fix: "" },
          { name: "Connect", ok: false, message: "Connection refused by 127.0.0.1:2525", fix: "Check the mail server host and port; is the server running?" },
        ];
      return [
        { name: "Settings", ok: true, message: "The address and user are filled in.", fix: "" },
        { name: "Sign in", ok: true, message: which === "pace" ? "Signed in as apiuser" : "Signed in as sync@printshop.example", fix: "" },
        { name: which === "pace" ? "Read a job" : "Search orders", ok: true, message: which === "pace" ? "Pace 31.02: read job 20001" : "Found 16 orders in the last 24 h", fix: "" },
      ];
    }
    case "validate_rule":
      return ruleProblems(a.text as string).map((p) => ({ ...p, path: `mapping.${a.kind as string}` }));
    case "try_rule": {
      const p = ruleProblems(a.text as string);
      if (p.length) return { ok: false, lines: p.map((x) => x.message) };
      const n = a.orderNumber as number;
      if (!orders.some((o) => o.orderNumber === n)) return { ok: false, lines: [`Order ${n} is not known.`] };
      return a.kind === "accounts"
        ? { ok: true, lines: [`Shipment 1 (Customer Pickup): rule 2 (ShipmentMethodMapping, priority 10) → ship via 1, no account`] }
        : { ok: true, lines: [`Storefront of order ${n}: rule "DefaultSiteConfiguration" → admin status O, tax and shipping included`] };
    }
    case "send_test_email":
      await sleep(400);
      return "A test e-mail was sent to csr@printworks.example and it@printworks.example.";
    case "list_events": {
      const q = a.query as EventQuery;
      const t = q.text?.toLowerCase() ?? null;
      const rows = events.filter((e) => (t === null || e.message.toLowerCase().includes(t) || e.kind.includes(t)) && (q.level === null || e.level === q.level) && (q.order === null || e.order === q.order));
      return q.limit === null ? rows : rows.slice(0, q.limit);
    }
    case "daily_counts":
      return dailyCounts(a.days as number);
    case "export_diagnostics":
      await sleep(300);
      return "/home/staff/Desktop/pressero-pace-sync-diagnostics-2026-11-16.zip";
    case "storefronts":
      return [
        { siteName: "Acme Store", integrationId: "ACME", orders: 4, synced: true },
        { siteName: "Public Shop", integrationId: "", orders: 9, synced: true },
      ];
    case "get_autostart":
      return autostart;
    case "set_autostart":
      autostart = Boolean(a.enabled);
      return null;
    case "start_demo":
      await sleep(300);
      demo = true;
      firstRun = false;
      return null;
    case "plugin:opener|open_url":
      window.open(String(a.url), "_blank", "noopener");
      return null;
    default:
      throw `The mock backend does not know the command ${cmd}.`;
  }
}

export function installMockBackend(): void {
  mockIPC((cmd, payload) => handle(cmd, (payload ?? {}) as Record<string, unknown>), { shouldMockEvents: true });
  // Something happens now and then, as in a running service.
  setInterval(() => {
    if (paused) return;
    lastPoll = iso(now());
    const ready = orders.find((o) => o.state === "ready");
    if (ready) {
      ready.paceJobs = [String(40000 + ready.orderNumber - 10000)];
      setState(ready, "synced");
      fire(addEvent(ready.orderNumber, "synced", `Order ${ready.orderNumber} synced to Pace: job ${ready.paceJobs[0]}`));
    } else {
      fire(addEvent(null, "poll", "Polled Pressero: no new orders"));
    }
    if (backlog && backlog.done < backlog.total) backlog = { ...backlog, done: backlog.done + 1 };
  }, 20_000);
  runScript();
}

/**
 * Screenshot aid: `?do=click:SEL|type:SEL~~TEXT|wait:MS|scroll:SEL|key:KEY` runs these steps after
 * the page loaded, so headless screenshots can show states reached by clicking.
 */
export function runScript(): void {
  const script = params.get("do");
  if (!script) return;
  const steps = script.split("|");
  let t = 1200;
  for (const step of steps) {
    const [verb, ...rest] = step.split(":");
    const arg = rest.join(":");
    if (verb === "wait") {
      t += Number(arg);
      continue;
    }
    setTimeout(() => {
      if (verb === "click") document.querySelector<HTMLElement>(arg)?.click();
      if (verb === "scroll") document.querySelector<HTMLElement>(arg)?.scrollIntoView({ block: "start" });
      if (verb === "key") (document.activeElement ?? document.body).dispatchEvent(new KeyboardEvent("keydown", { key: arg, bubbles: true }));
      if (verb === "focus") document.querySelector<HTMLElement>(arg)?.focus();
      if (verb === "type") {
        const [sel, ...text] = arg.split("~~");
        const el = document.querySelector<HTMLInputElement | HTMLTextAreaElement>(sel!);
        if (el) {
          el.value = text.join("~~");
          el.dispatchEvent(new Event("input", { bubbles: true }));
        }
      }
    }, t);
    t += 400;
  }
}
