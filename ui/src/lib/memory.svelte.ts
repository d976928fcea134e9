// What the screens remember while the app runs (filters survive opening an order and coming back).
import type { EventFilter, OrderFilter } from "./filters";
import type { SettingsForm } from "./form.svelte";

export const orderFilter = $state<OrderFilter>({ state: "", storefront: "", text: "" });
export const eventFilter = $state<EventFilter>({ text: "", level: "", order: "" });
export const seenStorefronts = $state<{ list: string[] }>({ list: [] });
/** The order last opened from the list: its row gets the focus back on return. */
export const lastOpened = $state<{ order: number | null }>({ order: null });
/** Unsaved settings edits, kept when staff leave the Settings screen and come back. */
export const keptSettings: { form: SettingsForm | null } = { form: null };
