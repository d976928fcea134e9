import type { OrderState } from "./OrderState";

export type StateCount = { state: OrderState, label: string, count: number, };
