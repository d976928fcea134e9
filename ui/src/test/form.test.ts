import { describe, expect, it, vi } from "vitest";
import realSchema from "../dev/settings-schema.json";
import realSettings from "../dev/settings.json";
import { SettingsForm } from "../lib/form.svelte";

describe("the settings form state", () => {
  it("edits by path, marks itself dirty and tells the caller (for validate-as-you-type)", () => {
    const edited = vi.fn();
    const form = new SettingsForm(realSettings, realSchema, edited);
    expect(form.dirty).toBe(false);
    form.set("sites[1].job_type", 4);
    form.set("jobs.po_fallback", { fixed: "9999" });
    expect(form.dirty).toBe(true);
    expect(edited).toHaveBeenCalledTimes(2);
    const sent = form.snapshot() as typeof realSettings;
    expect(sent.sites[1]!.job_type).toBe(4);
    expect(sent.jobs.po_fallback).toEqual({ fixed: "9999" });
    // the original sample is untouched
    expect(realSettings.sites[1]!.job_type).toBeNull();
  });

  it("places the problems it is given on their fields", () => {
    const form = new SettingsForm(realSettings, realSchema);
    form.problems = [
      { path: "mapping.accounts[3].ship_via", message: "ship via 3 is not in Pace" },
      { path: "sites[0].site_name", message: "no such site" },
    ];
    expect(form.problemsAt("mapping.accounts").map((p) => p.message)).toEqual(["ship via 3 is not in Pace"]);
    expect(form.problemsAt("sites[0].site_name")).toHaveLength(1);
    expect(form.problemsAt("customers.csr")).toEqual([]);
  });

  it("a new row is placed once it exists", () => {
    const form = new SettingsForm(realSettings, realSchema);
    form.problems = [{ path: "status_updates[2].pace_status", message: "blank" }];
    expect(form.problemsAt("status_updates")).toHaveLength(1);
    form.set("status_updates", [...(form.get("status_updates") as unknown[]), { pace_status: "", pressero_stage: "" }]);
    expect(form.problemsAt("status_updates[2].pace_status")).toHaveLength(1);
  });
});
