import type { OrderState } from "./OrderState";

/**
 * The Orders screen's filter. Empty `states` = every state.
 */
export type OrderQuery = { states: Array<OrderState>, storefront: string | null, text: string | null, limit: number | null, };
