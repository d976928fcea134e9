import type { ItemView } from "./ItemView";
import type { JobLink } from "./JobLink";
import type { OrderListItem } from "./OrderListItem";
import type { TraceLine } from "./TraceLine";

/**
 * The Order detail screen.
 */
export type OrderView = { summary: OrderListItem, items: Array<ItemView>, trace: Array<TraceLine>, jobs: Array<JobLink>, };
