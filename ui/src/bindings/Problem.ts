/**
 * `path` is the settings field, dotted: "customers.csr", "sites[2].job_type", "mapping.accounts".
 */
export type Problem = { path: string, message: string, };
