export type PlanStepView = { reference: string, 
/**
 * "Create" | "Update"
 */
action: string, 
/**
 * "Job", "Job Part", …
 */
object: string, 
/**
 * Pace field name, value.
 */
fields: Array<[string, string]>, done: boolean, };
