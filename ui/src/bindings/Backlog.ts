export type Backlog = { done: number, total: number, };
