import type { ErrorView } from "./ErrorView";
import type { PlanStepView } from "./PlanStepView";

/**
 * What will be (or was) created in Pace. `skip` set when nothing would be sent; `error` when it cannot be planned.
 */
export type PlanView = { summary: Array<string>, steps: Array<PlanStepView>, alerts: Array<string>, skip: string | null, error: ErrorView | null, };
