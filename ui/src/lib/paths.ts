/** A settings path, as the Rust side names fields: "customers.csr", "sites[2].job_type". */
export type PathSegment = string | number;

export function parsePath(path: string): PathSegment[] {
  const out: PathSegment[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(path)) !== null) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
  }
  return out;
}

export function joinPath(segments: PathSegment[]): string {
  let s = "";
  for (const seg of segments) {
    if (typeof seg === "number") s += `[${seg}]`;
    else s += s === "" ? seg : `.${seg}`;
  }
  return s;
}

/** `parent` + `key` as a dotted path. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === "number") return `${parent}[${key}]`;
  return parent === "" ? key : `${parent}.${key}`;
}

function isContainer(v: unknown): v is Record<string | number, unknown> {
  return typeof v === "object" && v !== null;
}

export function getAt(root: unknown, path: string): unknown {
  let cur: unknown = root;
  for (const seg of parsePath(path)) {
    if (!isContainer(cur)) return undefined;
    cur = cur[seg];
  }
  return cur;
}

/** Sets the value at `path`, creating the objects on the way (never arrays' missing rows). */
export function setAt(root: Record<string, unknown>, path: string, value: unknown): void {
  const segs = parsePath(path);
  let cur: Record<string | number, unknown> = root;
  for (let i = 0; i < segs.length - 1; i++) {
    const seg = segs[i]!;
    let next = cur[seg];
    if (!isContainer(next)) {
      next = typeof segs[i + 1] === "number" ? [] : {};
      cur[seg] = next;
    }
    cur = next as Record<string | number, unknown>;
  }
  const last = segs[segs.length - 1];
  if (last !== undefined) cur[last] = value;
}

/** The path and each of its ancestors, nearest first: "a[1].b" → ["a[1].b", "a[1]", "a"]. */
export function ancestors(path: string): string[] {
  const segs = parsePath(path);
  const out: string[] = [];
  for (let n = segs.length; n > 0; n--) out.push(joinPath(segs.slice(0, n)));
  return out;
}
