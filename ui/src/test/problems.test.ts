import { describe, expect, it } from "vitest";
import realSchema from "../dev/settings-schema.json";
import realSettings from "../dev/settings.json";
import { ancestors, getAt, parsePath, setAt } from "../lib/paths";
import { placeProblems, problemTarget, problemText } from "../lib/problems";
import { buildSections, fieldPaths } from "../lib/schema";

describe("settings paths", () => {
  it("parses dotted paths with indexes", () => {
    expect(parsePath("sites[2].job_type")).toEqual(["sites", 2, "job_type"]);
    expect(parsePath("mapping.accounts[0].priority")).toEqual(["mapping", "accounts", 0, "priority"]);
    expect(ancestors("sites[2].job_type")).toEqual(["sites[2].job_type", "sites[2]", "sites"]);
  });
  it("gets and sets values", () => {
    const v: Record<string, unknown> = { sites: [{ job_type: 1 }] };
    expect(getAt(v, "sites[0].job_type")).toBe(1);
    setAt(v, "sites[0].job_type", null);
    setAt(v, "jobs.po_fallback.fixed", "9999");
    expect(v).toEqual({ sites: [{ job_type: null }], jobs: { po_fallback: { fixed: "9999" } } });
    expect(getAt(v, "nothing.here")).toBeUndefined();
  });
});

describe("where a problem is shown", () => {
  const sections = buildSections(realSchema);
  const fields = fieldPaths(sections, realSettings);

  it("on the field of its exact path", () => {
    expect(problemTarget("customers.csr", fields)).toBe("customers.csr");
    expect(problemTarget("sites[1].job_type", fields)).toBe("sites[1].job_type");
    expect(problemTarget("status_updates[0].pace_status", fields)).toBe("status_updates[0].pace_status");
  });
  it("a problem inside a rule goes to the rule's editor", () => {
    expect(problemTarget("mapping.accounts[2].priority", fields)).toBe("mapping.accounts");
    expect(problemTarget("mapping.site_mapping", fields)).toBe("mapping.site_mapping");
  });
  it("a row that is not on screen goes to its table; an unknown path to the list only", () => {
    expect(problemTarget("sites[9].job_type", fields)).toBe("sites");
    expect(problemTarget("nonsense.key", fields)).toBeNull();
    expect(problemTarget("", fields)).toBeNull();
  });
  it("groups the problems by field and keeps the unplaced ones", () => {
    const { byField, unplaced } = placeProblems(
      [
        { path: "alerts.emails", message: "a" },
        { path: "alerts.emails", message: "b" },
        { path: "mapping.accounts[1].ship_via", message: "c" },
        { path: "somewhere", message: "d" },
      ],
      fields,
    );
    expect(byField.get("alerts.emails")!.map((p) => p.message)).toEqual(["a", "b"]);
    expect(byField.get("mapping.accounts")!.map((p) => p.message)).toEqual(["c"]);
    expect(unplaced.map((p) => p.message)).toEqual(["d"]);
  });
  it("names the part of a field a problem is about", () => {
    expect(problemText({ path: "mapping.accounts[1].ship_via", message: "unknown ship via" }, "mapping.accounts")).toBe(
      "[1].ship_via: unknown ship via",
    );
    expect(problemText({ path: "alerts.emails", message: "bad" }, "alerts.emails")).toBe("bad");
  });
});
