export type ErrorView = { kind: "transient" | "permanent", message: string, hint: string, };
