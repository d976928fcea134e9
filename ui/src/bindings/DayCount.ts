export type DayCount = { 
/**
 * YYYY-MM-DD
 */
day: string, synced: number, failed: number, };
