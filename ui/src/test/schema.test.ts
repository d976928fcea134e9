import { describe, expect, it } from "vitest";
import realSchema from "../dev/settings-schema.json";
import realSettings from "../dev/settings.json";
import sampleSchema from "../dev/sample-schema.json";
import {
  buildField,
  buildSections,
  emptyValue,
  fieldPaths,
  findField,
  humanise,
  variantIndex,
  variantValue,
  type Field,
} from "../lib/schema";

function kinds(f: Field, out: Map<string, string> = new Map()): Map<string, string> {
  out.set(f.path, f.kind);
  if (f.kind === "object") for (const c of f.fields) kinds(c, out);
  if (f.kind === "table") for (const c of f.columns) out.set(`${f.path}[].${c.path}`, c.kind);
  return out;
}

describe("humanise", () => {
  it("turns snake_case keys into labels", () => {
    expect(humanise("create_customer")).toBe("Create customer");
    expect(humanise("default_mis_id")).toBe("Default MIS ID");
    expect(humanise("admin_url")).toBe("Admin URL");
    expect(humanise("csr")).toBe("CSR");
    expect(humanise("email_address_phone")).toBe("Email address phone");
    expect(humanise("attach_files_up_to_mb")).toBe("Attach files up to MB");
  });
});

describe("the form model of a hand-written schema", () => {
  const sections = buildSections(sampleSchema);

  it("keeps the top-level keys in schema order as sections", () => {
    expect(sections.map((s) => s.key)).toEqual([
      "shop", "alerts", "customers", "jobs", "holidays", "mapping", "sites", "pressero", "pace", "smtp", "polling",
    ]);
    expect(sections[0]!.title).toBe("Shop");
    expect(sections[0]!.help).toBe("The shop itself: its time zone.");
  });

  it("follows $ref and maps each type to a control", () => {
    const k = new Map<string, string>();
    for (const s of sections) kinds(s.field, k);
    expect(k.get("customers.create_customer")).toBe("boolean");
    expect(k.get("customers.csr")).toBe("number");
    expect(k.get("customers.when_contact_missing")).toBe("choice");
    expect(k.get("customers.contact_match")).toBe("choice");
    expect(k.get("jobs.po_fallback")).toBe("variant");
    expect(k.get("holidays.custom_dates")).toBe("list");
    expect(k.get("mapping.accounts")).toBe("rule");
    expect(k.get("mapping.site_mapping")).toBe("rule");
    expect(k.get("sites")).toBe("table");
    expect(k.get("sites[].site_name")).toBe("text");
    expect(k.get("sites[].promise_date_days")).toBe("number");
    expect(k.get("pace.company")).toBe("text");
  });

  it("reads nullability from type arrays, and the help from description", () => {
    const csr = findField(sections, "customers.csr")!;
    expect(csr.nullable).toBe(true);
    expect(csr.label).toBe("CSR");
    expect(csr.help).toContain("Customer Service Representative");
    const port = findField(sections, "smtp.port")!;
    expect(port.kind === "number" && port.integer && port.min === 0 && port.max === 65535).toBe(true);
    expect(port.nullable).toBe(false);
    expect(findField(sections, "pace.company")!.nullable).toBe(true);
  });

  it("uses title over the humanised key", () => {
    expect(findField(sections, "jobs.wait_for_approve")!.label).toBe("WaitForApprove");
  });

  it("makes choices of oneOf consts (with their descriptions) and of enum", () => {
    const f = findField(sections, "customers.when_contact_missing")!;
    if (f.kind !== "choice") throw new Error("not a choice");
    expect(f.choices.map((c) => c.value)).toEqual(["error", "create"]);
    expect(f.choices[0]!.label).toBe("Error");
    expect(f.choices[1]!.help).toContain("Create the contact anyway");
    const e = findField(sections, "customers.contact_match")!;
    if (e.kind !== "choice") throw new Error("not a choice");
    expect(e.choices.map((c) => c.label)).toEqual(["Email address phone", "Email"]);
  });

  it("lists of dates are lists with a date item", () => {
    const f = findField(sections, "holidays.custom_dates")!;
    if (f.kind !== "list") throw new Error("not a list");
    expect(f.item.kind === "text" && f.item.format).toBe("date");
    expect(emptyValue(f.item)).toBe("");
  });
});

describe("the real settings schema (schemars output)", () => {
  const sections = buildSections(realSchema);

  it("has a section per top-level key, in order, and no field falls back to raw JSON", () => {
    expect(sections.map((s) => s.key)).toEqual(Object.keys(realSettings));
    const k = new Map<string, string>();
    for (const s of sections) kinds(s.field, k);
    const raw = [...k.entries()].filter(([, kind]) => kind === "json");
    expect(raw).toEqual([]);
  });

  it("has a control for every value of the sample settings", () => {
    const paths = fieldPaths(sections, realSettings);
    const walk = (v: unknown, p: string) => {
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${p}[${i}]`));
      else if (typeof v === "object" && v !== null)
        for (const [key, x] of Object.entries(v)) walk(x, p === "" ? key : `${p}.${key}`);
      else expect(paths.has(p), p).toBe(true);
    };
    walk(realSettings, "");
  });

  it("renders the PO fallback as a choice between the order number and a fixed text", () => {
    const f = findField(sections, "jobs.po_fallback")!;
    if (f.kind !== "variant") throw new Error("not a variant");
    expect(f.variants.map((v) => v.label)).toEqual(["Order number", "Fixed"]);
    expect(variantIndex(f.variants, "order_number")).toBe(0);
    expect(variantIndex(f.variants, { fixed: "9999" })).toBe(1);
    expect(variantValue(f.variants[1]!)).toEqual({ fixed: "" });
    expect(f.variants[1]!.inner?.path).toBe("jobs.po_fallback.fixed");
  });

  it("the two rules get rule editors, the lists of objects become tables", () => {
    expect(findField(sections, "mapping.accounts")!.kind).toBe("rule");
    expect(findField(sections, "mapping.site_mapping")!.kind).toBe("rule");
    const sites = sections.find((s) => s.key === "sites")!.field;
    if (sites.kind !== "table") throw new Error("not a table");
    expect(sites.columns.map((c) => c.key)).toEqual(["site_name", "promise_date_days", "job_type", "job_description"]);
    expect(emptyValue(sites.row)).toEqual({ site_name: "", promise_date_days: null, job_type: null, job_description: "" });
    expect(sections.find((s) => s.key === "status_updates")!.field.kind).toBe("table");
  });

  it("keeps the help of the referring property over the definition's", () => {
    const f = findField(sections, "customers.when_contact_missing")!;
    expect(f.help).toBe("What to do when a ship-to contact is not in Pace and Create Customer is off.");
  });
});

describe("less common schema shapes", () => {
  const root = {
    $defs: {
      Mode: { type: "string", enum: ["a", "b"] },
    },
  };
  it("anyOf with null makes the referenced type optional", () => {
    const f = buildField("mode", "x.mode", { anyOf: [{ $ref: "#/$defs/Mode" }, { type: "null" }], description: "d" }, root);
    expect(f.kind).toBe("choice");
    expect(f.nullable).toBe(true);
    expect(f.help).toBe("d");
  });
  it("an enum with null is an optional choice", () => {
    const f = buildField("m", "m", { type: ["string", "null"], enum: ["x", null] }, {});
    expect(f.kind === "choice" && f.choices.length).toBe(1);
    expect(f.nullable).toBe(true);
  });
  it("an object without properties falls back to JSON", () => {
    expect(buildField("o", "o", { type: "object", additionalProperties: true }, {}).kind).toBe("json");
  });
  it("a number with exclusive bounds keeps them", () => {
    const f = buildField("n", "n", { type: "number", exclusiveMinimum: 0 }, {});
    expect(f.kind === "number" && !f.integer && f.min).toBe(0);
  });
});
