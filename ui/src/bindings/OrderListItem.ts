import type { ErrorView } from "./ErrorView";
import type { OrderState } from "./OrderState";

/**
 * One row of the Orders screen.
 */
export type OrderListItem = { orderNumber: number, storefront: string, customer: string, email: string, items: number, total: string, state: OrderState, 
/**
 * "Needs attention", "Retrying", …
 */
stateLabel: string, 
/**
 * For Retrying: when it is tried again.
 */
nextAttemptAt: string | null, 
/**
 * Pace job numbers.
 */
paceJobs: Array<string>, orderDate: string, lastActivity: string, error: ErrorView | null, skipReason: string | null, };
