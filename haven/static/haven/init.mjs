// Starts GOV.UK Frontend's components. Every page works without this: it only enhances.
import { initAll } from "/static/build/govuk-frontend.min.js";
import "/static/haven/forget.mjs";
import "/static/haven/keep.mjs";

initAll();

// The language guard's advice beside a field (language/hint.html): point the field at it with
// aria-describedby, so a screen reader reads the advice and its suggested wording with the field
// as well as announcing it when it appears. Anything the field already points at is kept.
function describeFieldsByTheirAdvice(root) {
  for (const hint of root.querySelectorAll("[data-language-for]")) {
    const field = document.getElementById(hint.dataset.languageFor);
    if (!field) continue;
    const ids = (field.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    if (!ids.includes(hint.id)) {
      field.setAttribute("aria-describedby", [...ids, hint.id].join(" "));
    }
  }
}

describeFieldsByTheirAdvice(document);
document.body.addEventListener("htmx:load", (event) => describeFieldsByTheirAdvice(event.target));
