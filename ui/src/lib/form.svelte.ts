// The state of a settings form (the Settings screen and the first-run set-up share it): the
// values being edited, the problems the Rust side reported, and where each problem is shown.
import type { Problem } from "../bindings/Problem";
import { getAt, setAt } from "./paths";
import { placeProblems } from "./problems";
import { buildSections, fieldPaths, type Section } from "./schema";

export class SettingsForm {
  values = $state<Record<string, unknown>>({});
  problems = $state<Problem[]>([]);
  /** Whether `problems` came from saving (else: from validating while typing). */
  problemsFromSave = $state(false);
  dirty = $state(false);
  sections: Section[] = [];
  /** Called after every edit (the Settings screen validates, debounced). */
  onEdit: () => void;

  constructor(settings: unknown, schema: unknown, onEdit: () => void = () => {}) {
    this.values = structuredClone((settings ?? {}) as Record<string, unknown>);
    this.sections = buildSections(schema);
    this.onEdit = onEdit;
  }

  readonly paths = $derived(fieldPaths(this.sections, this.values));
  readonly placed = $derived(placeProblems(this.problems, this.paths));

  get(path: string): unknown {
    return getAt(this.values, path);
  }

  set(path: string, value: unknown): void {
    setAt(this.values, path, value);
    this.dirty = true;
    this.onEdit();
  }

  problemsAt(path: string): Problem[] {
    return this.placed.byField.get(path) ?? [];
  }

  /** A plain copy of the values, as sent to the commands. */
  snapshot(): unknown {
    return $state.snapshot(this.values);
  }

  /** Replaces the values (after a reload), keeping nothing of the edits. */
  reset(settings: unknown): void {
    this.values = structuredClone((settings ?? {}) as Record<string, unknown>);
    this.dirty = false;
  }
}

/** Moves the keyboard focus to a field's control (from the list of problems). */
export function focusField(path: string): void {
  const el = document.querySelector<HTMLElement>(`[data-path="${CSS.escape(path)}"]`);
  if (!el) return;
  el.scrollIntoView({ block: "center" });
  el.focus({ preventScroll: true });
}
