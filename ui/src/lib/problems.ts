import type { Problem } from "../bindings/Problem";
import { ancestors } from "./paths";

/**
 * Where a problem is shown: on the field with its exact path, else on the nearest enclosing
 * field that is on screen ("mapping.accounts[2].priority" → the "mapping.accounts" editor;
 * "sites[5]" with no such row → "sites"). `null`: no field on screen; the problem is only in the
 * list at the top.
 */
export function problemTarget(path: string, fields: ReadonlySet<string>): string | null {
  for (const p of ancestors(path)) if (fields.has(p)) return p;
  return null;
}

/** The problems grouped by the field they are shown on; `unplaced` are those with no field. */
export function placeProblems(
  problems: readonly Problem[],
  fields: ReadonlySet<string>,
): { byField: Map<string, Problem[]>; unplaced: Problem[] } {
  const byField = new Map<string, Problem[]>();
  const unplaced: Problem[] = [];
  for (const p of problems) {
    const target = problemTarget(p.path, fields);
    if (target === null) {
      unplaced.push(p);
      continue;
    }
    const list = byField.get(target);
    if (list) list.push(p);
    else byField.set(target, [p]);
  }
  return { byField, unplaced };
}

/** The message shown next to a field: a problem about a part of it names that part. */
export function problemText(p: Problem, shownOn: string): string {
  if (p.path === shownOn || p.path === "") return p.message;
  return `${p.path.startsWith(shownOn) ? p.path.slice(shownOn.length).replace(/^\./, "") : p.path}: ${p.message}`;
}
