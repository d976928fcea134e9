export type RuleKind = "accounts" | "site_mapping";
