// Builds Haven's front-end assets into haven/static/build from the npm packages in package-lock.json.
// Nothing is fetched at run time: Haven serves every file itself (no CDN).
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
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
writeFileSync(join(out, "haven.css"), css.css);

const copies = [
  ["node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js", "govuk-frontend.min.js"],
  ["node_modules/htmx.org/dist/htmx.min.js", "htmx.min.js"],
];
for (const [from, to] of copies) {
  copyFileSync(join(root, from), join(out, to));
}
console.log(`built ${copies.length + 1} files into ${out}`);
