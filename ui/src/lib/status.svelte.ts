// The status line: what the last action did ("Order 10001 synced to Pace: job 10002"), or what
// went wrong, in words. Shown in a polite live region (errors assertive) at the bottom right.
export interface StatusMessage {
  id: number;
  text: string;
  kind: "info" | "error";
}

let next = 0;
export const status = $state<{ messages: StatusMessage[] }>({ messages: [] });

export function say(text: string, kind: "info" | "error" = "info", ms = kind === "error" ? 12_000 : 6_000): void {
  const m = { id: ++next, text, kind };
  status.messages = [...status.messages.slice(-3), m];
  setTimeout(() => dismiss(m.id), ms);
}

export function dismiss(id: number): void {
  status.messages = status.messages.filter((m) => m.id !== id);
}
