// Forms marked data-haven-forget hold a family's or a young person's words, often typed on a
// shared phone. They are emptied whenever the page is left (the "Exit this page" button, the
// Shift key pressed three times, a link, sending the form, closing the tab), so that Back, or
// the browser's back-forward cache, never brings the words back. Switching to another app does
// not empty them: that would lose what a child was still writing.
// Sending is not affected: the browser has read the answers before the page is left. Without
// JavaScript, autocomplete="off" on the form and Cache-Control: no-store keep Back from
// restoring the words.

const KEEP = new Set(["hidden", "submit", "button", "reset"]);

function forget(form) {
  for (const field of form.elements) {
    if (KEEP.has(field.type)) continue;
    if (field.type === "checkbox" || field.type === "radio") {
      field.checked = false;
      field.defaultChecked = false;
    } else if ("value" in field) {
      field.value = "";
      if ("defaultValue" in field) field.defaultValue = "";
      field.dispatchEvent(new Event("input", { bubbles: true })); // character counts follow
    }
  }
}

export function forgetForms() {
  document.querySelectorAll("form[data-haven-forget]").forEach(forget);
}

window.addEventListener("pagehide", forgetForms);
window.addEventListener("pageshow", (event) => {
  if (event.persisted) forgetForms(); // restored from the back-forward cache
});
