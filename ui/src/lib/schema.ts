// The settings form is built from the JSON Schema the Rust side sends (SettingsView.schema,
// schemars 2020-12 output). This module turns the schema into a form model; it knows the shapes
// of JSON Schema, never the meaning of a setting (that is the Rust side's, invariant 4), except
// which two text settings get the dedicated rule editors.

import type { RuleKind } from "../bindings/RuleKind";
import { childPath } from "./paths";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type SchemaNode = { [key: string]: unknown };

/** The settings edited with a rule editor instead of a text field. */
export const RULE_FIELDS: Readonly<Record<string, RuleKind>> = {
  "mapping.accounts": "accounts",
  "mapping.site_mapping": "site_mapping",
};

export interface Choice {
  value: Json;
  label: string;
  help: string;
}

/** One alternative of a `oneOf` mixing plain values and objects (e.g. "order_number" | {fixed: "9999"}). */
export interface Variant {
  label: string;
  help: string;
  /** For a plain-value alternative: the value. */
  constant?: Json;
  /** For an object alternative with one property: that property and its field. */
  objectKey?: string;
  inner?: Field;
  /** For any other object alternative: its fields. */
  fields?: Field[];
}

interface FieldBase {
  /** The property name ("" for a list item). */
  key: string;
  /** Dotted path from the settings root (relative to the row in a table's columns). */
  path: string;
  label: string;
  help: string;
  /** `null` is allowed (type ["integer", "null"], anyOf with null). */
  nullable: boolean;
  default: Json | undefined;
}

export type Field =
  | (FieldBase & { kind: "object"; fields: Field[] })
  | (FieldBase & { kind: "text"; format: string | null; multiline: boolean })
  | (FieldBase & { kind: "number"; integer: boolean; min: number | null; max: number | null })
  | (FieldBase & { kind: "boolean" })
  | (FieldBase & { kind: "choice"; choices: Choice[] })
  | (FieldBase & { kind: "variant"; variants: Variant[] })
  | (FieldBase & { kind: "list"; item: Field })
  | (FieldBase & { kind: "table"; columns: Field[]; row: Field })
  | (FieldBase & { kind: "rule"; rule: RuleKind })
  | (FieldBase & { kind: "json" });

export type FieldKind = Field["kind"];

const ACRONYMS: Readonly<Record<string, string>> = {
  id: "ID",
  ids: "IDs",
  url: "URL",
  csr: "CSR",
  po: "PO",
  mis: "MIS",
  smtp: "SMTP",
  mb: "MB",
  tls: "TLS",
  json: "JSON",
  api: "API",
  iana: "IANA",
};

/** "create_customer" → "Create customer"; "default_mis_id" → "Default MIS ID". */
export function humanise(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .split(/[_\s-]+/)
    .filter((w) => w !== "")
    .map((w) => w.toLowerCase());
  return words
    .map((w, i) => ACRONYMS[w] ?? (i === 0 ? w.charAt(0).toUpperCase() + w.slice(1) : w))
    .join(" ");
}

function isNode(v: unknown): v is SchemaNode {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

function num(v: unknown): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

function isNullSchema(n: unknown): boolean {
  if (!isNode(n)) return false;
  if (n.type === "null") return true;
  return "const" in n && n.const === null;
}

/**
 * Follows `$ref` ("#/$defs/X", also "#/definitions/X") and single-element `allOf`, merging the
 * referring node's own keywords (its description, title, default beat the target's).
 */
export function deref(node: unknown, root: SchemaNode, seen: Set<string> = new Set()): SchemaNode {
  if (!isNode(node)) return {};
  let n: SchemaNode = node;
  const ref = str(n.$ref);
  if (ref !== undefined) {
    const m = /^#\/(\$defs|definitions)\/(.+)$/.exec(ref);
    const defs = m ? root[m[1]!] : undefined;
    const name = m ? decodeURIComponent(m[2]!.replace(/~1/g, "/").replace(/~0/g, "~")) : "";
    const target = isNode(defs) ? defs[name] : undefined;
    if (target !== undefined && !seen.has(ref)) {
      seen.add(ref);
      const { $ref: _ignored, ...own } = n;
      n = { ...deref(target, root, seen), ...own };
    }
  }
  if (Array.isArray(n.allOf) && n.allOf.length === 1) {
    const { allOf, ...own } = n;
    n = { ...deref(allOf[0], root, seen), ...own };
  }
  return n;
}

/** A node's main type and whether null is allowed (type arrays, anyOf/oneOf with a null branch). */
function typeOf(n: SchemaNode, root: SchemaNode): { type: string | null; nullable: boolean; node: SchemaNode } {
  let node = n;
  let nullable = false;
  for (const key of ["anyOf", "oneOf"] as const) {
    const alts = node[key];
    if (Array.isArray(alts) && alts.some(isNullSchema)) {
      const rest = alts.filter((a) => !isNullSchema(a));
      nullable = true;
      const { [key]: _drop, ...own } = node;
      node = rest.length === 1 ? { ...deref(rest[0], root), ...own } : { ...own, [key]: rest };
    }
  }
  const t = node.type;
  let type: string | null = null;
  if (typeof t === "string") type = t;
  else if (Array.isArray(t)) {
    if (t.includes("null")) nullable = true;
    type = (t.find((x) => x !== "null") as string | undefined) ?? null;
  }
  if (Array.isArray(node.enum) && node.enum.includes(null)) nullable = true;
  if (type === "null") type = null;
  if (type === null && isNode(node.properties)) type = "object";
  return { type, nullable, node };
}

function constOf(n: SchemaNode): { ok: true; value: Json } | { ok: false } {
  if ("const" in n) return { ok: true, value: n.const as Json };
  if (Array.isArray(n.enum) && n.enum.length === 1) return { ok: true, value: n.enum[0] as Json };
  return { ok: false };
}

function choiceLabel(value: Json, n: SchemaNode): string {
  const t = str(n.title);
  if (t) return t;
  if (typeof value === "string") return humanise(value);
  return String(value);
}

/** Builds the form model of one schema node at `path`. */
export function buildField(key: string, path: string, raw: unknown, root: SchemaNode): Field {
  const n0 = deref(raw, root);
  const { type, nullable, node: n } = typeOf(n0, root);
  const base: FieldBase = {
    key,
    path,
    label: str(n.title) ?? (key === "" ? "" : humanise(key)),
    help: str(n.description) ?? "",
    nullable,
    default: n.default as Json | undefined,
  };

  const rule = RULE_FIELDS[path];
  if (rule !== undefined && (type === "string" || type === null)) return { ...base, kind: "rule", rule };

  if (Array.isArray(n.enum)) {
    const choices = n.enum.filter((v) => v !== null).map((v) => ({ value: v as Json, label: choiceLabel(v as Json, {}), help: "" }));
    return { ...base, kind: "choice", choices };
  }

  const alts = Array.isArray(n.oneOf) ? n.oneOf : Array.isArray(n.anyOf) ? n.anyOf : null;
  if (alts !== null && alts.length > 0) {
    const nodes = alts.map((a) => deref(a, root));
    if (nodes.every((a) => constOf(a).ok)) {
      const choices = nodes.map((a) => {
        const c = constOf(a) as { ok: true; value: Json };
        return { value: c.value, label: choiceLabel(c.value, a), help: str(a.description) ?? "" };
      });
      return { ...base, kind: "choice", choices };
    }
    const variants: Variant[] = nodes.map((a, i) => variantOf(a, `${path}`, root, i));
    return { ...base, kind: "variant", variants };
  }

  switch (type) {
    case "object": {
      const props = isNode(n.properties) ? n.properties : null;
      if (props === null) return { ...base, kind: "json" };
      const fields = Object.entries(props).map(([k, v]) => buildField(k, childPath(path, k), v, root));
      return { ...base, kind: "object", fields };
    }
    case "string":
      return { ...base, kind: "text", format: str(n.format) ?? null, multiline: false };
    case "integer":
    case "number":
      return {
        ...base,
        kind: "number",
        integer: type === "integer",
        min: num(n.minimum) ?? num(n.exclusiveMinimum),
        max: num(n.maximum) ?? num(n.exclusiveMaximum),
      };
    case "boolean":
      return { ...base, kind: "boolean" };
    case "array": {
      const item = buildField("", "", n.items ?? {}, root);
      if (item.kind === "object") return { ...base, kind: "table", columns: item.fields, row: item };
      if (item.kind === "text" || item.kind === "number" || item.kind === "choice")
        return { ...base, kind: "list", item };
      return { ...base, kind: "json" };
    }
    default:
      return { ...base, kind: "json" };
  }
}

function variantOf(a: SchemaNode, path: string, root: SchemaNode, i: number): Variant {
  const help = str(a.description) ?? "";
  const c = constOf(a);
  if (c.ok) return { label: choiceLabel(c.value, a), help, constant: c.value };
  const props = isNode(a.properties) ? a.properties : null;
  if (props !== null) {
    const keys = Object.keys(props);
    if (keys.length === 1) {
      const k = keys[0]!;
      const inner = buildField(k, childPath(path, k), props[k], root);
      return { label: str(a.title) ?? humanise(k), help, objectKey: k, inner };
    }
    return {
      label: str(a.title) ?? `Option ${i + 1}`,
      help,
      fields: keys.map((k) => buildField(k, childPath(path, k), props[k], root)),
    };
  }
  const f = buildField("", path, a, root);
  return { label: str(a.title) ?? humanise(f.kind), help, inner: f };
}

/** Which alternative `value` is (or -1). */
export function variantIndex(variants: readonly Variant[], value: unknown): number {
  for (let i = 0; i < variants.length; i++) {
    const v = variants[i]!;
    if (v.constant !== undefined && v.constant === value) return i;
    if (v.objectKey !== undefined && typeof value === "object" && value !== null && !Array.isArray(value)) {
      if (v.objectKey in value) return i;
    }
    if (v.fields !== undefined && typeof value === "object" && value !== null && !Array.isArray(value)) {
      const keys = Object.keys(value);
      if (keys.length > 0 && keys.every((k) => v.fields!.some((f) => f.key === k))) return i;
    }
  }
  // a plain-value alternative given as a typed scalar (inner field)
  for (let i = 0; i < variants.length; i++) {
    const v = variants[i]!;
    if (v.inner && v.objectKey === undefined && value !== null && typeof value !== "object") return i;
  }
  return -1;
}

/** The value a freshly chosen alternative starts with. */
export function variantValue(v: Variant): Json {
  if (v.constant !== undefined) return v.constant;
  if (v.objectKey !== undefined && v.inner) return { [v.objectKey]: emptyValue(v.inner) };
  if (v.fields) return Object.fromEntries(v.fields.map((f) => [f.key, emptyValue(f)]));
  if (v.inner) return emptyValue(v.inner);
  return null;
}

/** The value of a new row / new list item: its default, else empty of its type. */
export function emptyValue(f: Field): Json {
  if (f.default !== undefined) return structuredClone(f.default);
  if (f.nullable) return null;
  switch (f.kind) {
    case "object":
      return Object.fromEntries(f.fields.map((c) => [c.key, emptyValue(c)]));
    case "text":
    case "rule":
      return "";
    case "number":
      return f.min !== null && f.min > 0 ? f.min : 0;
    case "boolean":
      return false;
    case "choice":
      return f.choices[0]?.value ?? null;
    case "variant":
      return f.variants[0] ? variantValue(f.variants[0]) : null;
    case "list":
    case "table":
      return [];
    case "json":
      return null;
  }
}

/** A settings section: one top-level property of the schema, in schema order. */
export interface Section {
  key: string;
  title: string;
  help: string;
  field: Field;
}

/** The form model: the schema's top-level properties, in order. */
export function buildSections(schema: unknown): Section[] {
  if (!isNode(schema)) return [];
  const root = deref(schema, schema);
  const props = isNode(root.properties) ? root.properties : {};
  return Object.entries(props).map(([key, raw]) => {
    const field = buildField(key, key, raw, schema);
    return { key, title: field.label, help: field.help, field };
  });
}

/** Looks up the field of `path` ("customers.csr") in the sections (not inside tables). */
export function findField(sections: readonly Section[], path: string): Field | null {
  const walk = (f: Field): Field | null => {
    if (f.path === path) return f;
    if (f.kind === "object") {
      for (const c of f.fields) {
        const r = walk(c);
        if (r) return r;
      }
    }
    return null;
  };
  for (const s of sections) {
    const r = walk(s.field);
    if (r) return r;
  }
  return null;
}

/**
 * Every path that has a control on screen for these settings values: fields, each table row and
 * cell, each list item. Problems are placed on the nearest of these (problems.ts).
 */
export function fieldPaths(sections: readonly Section[], settings: unknown): Set<string> {
  const out = new Set<string>();
  const valueAt = (v: unknown, k: string): unknown =>
    typeof v === "object" && v !== null ? (v as Record<string, unknown>)[k] : undefined;
  const walk = (f: Field, path: string, value: unknown) => {
    out.add(path);
    if (f.kind === "object") for (const c of f.fields) walk(c, childPath(path, c.key), valueAt(value, c.key));
    if (f.kind === "table" && Array.isArray(value))
      value.forEach((row, i) => {
        const rp = childPath(path, i);
        out.add(rp);
        for (const c of f.columns) walk(c, childPath(rp, c.key), valueAt(row, c.key));
      });
    if (f.kind === "list" && Array.isArray(value)) value.forEach((_, i) => out.add(childPath(path, i)));
    if (f.kind === "variant") for (const v of f.variants) if (v.objectKey) out.add(childPath(path, v.objectKey));
  };
  const root = typeof settings === "object" && settings !== null ? (settings as Record<string, unknown>) : {};
  for (const s of sections) walk(s.field, s.key, root[s.key]);
  return out;
}
