// Builds Haven's front-end assets into haven/static/build from the npm packages in package-lock.json.
// Nothing is fetched at run time: Haven serves every file itself (no CDN).
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "haven", "static", "build");
mkdirSync(out, { recursive: true });

const css = sass.compile(join(root, "frontend", "haven.scss"), {
  loadPaths: [join(root, "node_modules"), join(root, "frontend")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
// Every file the stylesheet names must be built too: in production the manifest storage refuses
// to collect a stylesheet that points at a missing file, and every page would then answer 500.
const missing = [...css.css.matchAll(/url\(["']?(\/static\/[^"')]+)["']?\)/g)]
  .map((m) => m[1])
  .filter((path) => !existsSync(join(root, "haven", path)));
if (missing.length) {
  console.error(`the stylesheet names files that are not built: ${[...new Set(missing)].join(", ")}`);
  process.exit(1);
}
writeFileSync(join(out, "haven.css"), css.css);

const copies = [
  ["node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js", "govuk-frontend.min.js"],
  ["node_modules/htmx.org/dist/htmx.min.js", "htmx.min.js"],
];
for (const [from, to] of copies) {
  copyFileSync(join(root, from), join(out, to));
}
console.log(`built ${copies.length + 1} files into ${out}`);
