export type JobLink = { job: string, 
/**
 * Pace web UI, where the Pace URL allows a link.
 */
url: string | null, };
