import { describe, expect, it } from "vitest";
import { ago, relative } from "../lib/format";

describe("times", () => {
  const now = new Date("2026-12-02T10:00:00Z");

  it("says when something comes next", () => {
    expect(relative("2026-12-02T10:00:20Z", now)).toBe("in a few seconds");
    expect(relative("2026-12-02T10:10:00Z", now)).toBe("in 10 min");
  });

  it("never says a poll that happened lies ahead, even when the screen's clock lags", () => {
    expect(ago("2026-12-02T10:00:20Z", now)).toBe("just now");
    expect(ago("2026-12-02T09:50:00Z", now)).toBe("10 min ago");
    expect(ago(null, now)).toBe("—");
  });
});
