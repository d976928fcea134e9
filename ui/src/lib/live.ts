import { debounce } from "./debounce";

/** How long after the last `sync-event` the screens refresh (contract: ~250 ms). */
export const LIVE_REFRESH_MS = 250;

/**
 * Live refresh: `sync-event`s arrive in bursts (one per step of a sync); each screen that shows
 * data subscribes here and is refreshed once per burst, `delayMs` after its last event.
 */
export class LiveRefresh {
  private subscribers = new Set<() => void>();
  private readonly fire: ReturnType<typeof debounce<[]>>;

  constructor(delayMs: number = LIVE_REFRESH_MS) {
    this.fire = debounce(() => {
      for (const s of [...this.subscribers]) {
        try {
          s();
        } catch (e) {
          console.error("live refresh failed", e);
        }
      }
    }, delayMs);
  }

  /** Called for every `sync-event`. */
  notify(): void {
    this.fire();
  }

  /** Registers a refresh; returns the function that removes it. */
  subscribe(refresh: () => void): () => void {
    this.subscribers.add(refresh);
    return () => {
      this.subscribers.delete(refresh);
    };
  }

  /** Drops a pending refresh (when the app is torn down). */
  stop(): void {
    this.fire.cancel();
  }
}

/** The app's one instance. */
export const live = new LiveRefresh();
