// What the screens remember while the app runs (filters survive opening an order and coming back).
import type { EventFilter, OrderFilter } from "./filters";

export const orderFilter = $state<OrderFilter>({ state: "", storefront: "", text: "" });
export const eventFilter = $state<EventFilter>({ text: "", level: "", order: "" });
export const seenStorefronts = $state<{ list: string[] }>({ list: [] });
/** The order last opened from the list: its row gets the focus back on return. */
export const lastOpened = $state<{ order: number | null }>({ order: null });
