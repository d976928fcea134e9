import type { Backlog } from "./Backlog";
import type { ConnectionHealth } from "./ConnectionHealth";
import type { StateCount } from "./StateCount";

/**
 * The header of every screen; also what the tray shows.
 */
export type Health = { connections: Array<ConnectionHealth>, lastPollAt: string | null, nextPollAt: string | null, running: boolean, paused: boolean, backlog: Backlog | null, counts: Array<StateCount>, attention: number, demo: boolean, };
