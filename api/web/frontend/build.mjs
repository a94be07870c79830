// Builds ../static/sparql.js (the SPARQL editor, CodeMirror 6) with esbuild: one minified
// file, no network at run time. The banner carries a digest of the sources and the lock
// file; tests/web checks it, so a source change without a rebuild is caught.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const here = new URL(".", import.meta.url).pathname;
const out = join(here, "..", "static");

export function sourceDigest() {
  const files = ["package-lock.json", ...readdirSync(join(here, "src")).sort().map((f) => `src/${f}`)];
  const hash = createHash("sha256");
  for (const f of files) hash.update(`${f}\n`).update(readFileSync(join(here, f))).update("\n");
  return hash.digest("hex");
}

const result = await build({
  entryPoints: [join(here, "src", "sparql.js")],
  outfile: join(out, "sparql.js"),
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  legalComments: "none",
  metafile: true,
  banner: { js: `/* kg SPARQL editor, built by api/web/frontend/build.mjs; sources sha256:${sourceDigest()}; bundled packages and licences: THIRD-PARTY.txt */` },
});

// Licences of everything bundled, from the packages' own metadata.
const packages = new Map();
for (const input of Object.keys(result.metafile.inputs)) {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (!m || packages.has(m[1])) continue;
  const meta = JSON.parse(readFileSync(join(here, "node_modules", m[1], "package.json"), "utf8"));
  packages.set(m[1], meta);
}
const lines = ["Packages bundled into sparql.js (from the npm registry, see api/web/frontend/package-lock.json):", ""];
for (const [name, meta] of [...packages].sort(([a], [b]) => a.localeCompare(b))) {
  const licence = typeof meta.license === "string" ? meta.license : meta.license?.type;
  lines.push(`${name} ${meta.version}  licence: ${licence}  ${meta.homepage || meta.repository?.url || ""}`.trimEnd());
}
writeFileSync(join(out, "THIRD-PARTY.txt"), lines.join("\n") + "\n");
const bytes = readFileSync(join(out, "sparql.js")).length;
console.log(`wrote static/sparql.js (${Math.round(bytes / 1024)} KiB) and static/THIRD-PARTY.txt (${packages.size} packages)`);
