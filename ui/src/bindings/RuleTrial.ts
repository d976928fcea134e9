/**
 * "Try this rule on order N": what the rule gives for that order's shipments / storefront.
 */
export type RuleTrial = { ok: boolean, lines: Array<string>, };
