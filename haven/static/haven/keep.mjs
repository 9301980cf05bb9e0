// A failure never costs the words. Staff forms marked data-haven-keep="<name>" keep what is typed
// in this browser tab (sessionStorage, keyed by the form's name and the address it posts to) from
// the first keystroke until the page after saving says it is saved (an element with
// data-haven-saved="<name>:<address>", on the page that shows the reference). If the save fails
// in any way (the server down, an error page, a dropped connection), opening the form again in
// the same tab brings the words back, with the form's own submission id, so sending again after
// a save that was in fact made shows the concern already saved instead of a second one.
// What is kept: text, choices and the hidden fields named in data-haven-keep-hidden; never a
// password, a file or the CSRF token. sessionStorage belongs to this tab only and ends with it;
// signing out clears it. Public forms (data-haven-forget) are never kept: they are emptied.

const PREFIX = "haven:kept:";
const NEVER = new Set(["password", "file", "submit", "button", "reset", "image"]);

function storage() {
  try {
    return window.sessionStorage;
  } catch {
    return null; // storage switched off: the form still works, it just keeps nothing
  }
}

function keyOf(form) {
  return `${PREFIX}${form.dataset.havenKeep}:${new URL(form.action, location.href).pathname}`;
}

function kept(form) {
  const hidden = new Set((form.dataset.havenKeepHidden || "").split(/\s+/).filter(Boolean));
  return [...form.elements].filter(
    (field) =>
      field.name &&
      !NEVER.has(field.type) &&
      field.name !== "csrfmiddlewaretoken" &&
      (field.type !== "hidden" || hidden.has(field.name)),
  );
}

function read(form) {
  const values = {};
  for (const field of kept(form)) {
    if (field.type === "checkbox" || field.type === "radio") {
      values[field.name] ??= [];
      if (field.checked) values[field.name].push(field.value);
    } else if (field.tagName === "SELECT" && field.multiple) {
      values[field.name] = [...field.selectedOptions].map((option) => option.value);
    } else {
      values[field.name] = field.value;
    }
  }
  return values;
}

function save(form) {
  const store = storage();
  if (!store) return;
  try {
    store.setItem(keyOf(form), JSON.stringify(read(form)));
  } catch {
    // storage full: nothing more can be kept; the form itself is untouched
  }
}

function isText(form, name) {
  return kept(form).some(
    (field) => field.name === name && (field.tagName === "TEXTAREA" || field.tagName === "INPUT") &&
      field.type !== "checkbox" && field.type !== "radio",
  );
}

function isEmpty(form, name) {
  return kept(form)
    .filter((field) => field.name === name)
    .every((field) =>
      field.type === "checkbox" || field.type === "radio" ? !field.checked : field.value === "",
    );
}

// Fills only what the page left empty: words the server drew again after an error win.
function restore(form) {
  const store = storage();
  const raw = store && store.getItem(keyOf(form));
  if (!raw) return;
  let values;
  try {
    values = JSON.parse(raw);
  } catch {
    return;
  }
  const hidden = new Set((form.dataset.havenKeepHidden || "").split(/\s+/).filter(Boolean));
  for (const [name, value] of Object.entries(values)) {
    if (!Object.hasOwn(values, name)) continue;
    // Words the server drew again (after an error, cleaned of hidden characters) win over the
    // copy kept here; choices always follow the copy, which is what was last chosen.
    if (!hidden.has(name) && isText(form, name) && !isEmpty(form, name)) continue;
    for (const field of kept(form).filter((f) => f.name === name)) {
      const before = field.value;
      if (field.type === "checkbox" || field.type === "radio") {
        field.checked = Array.isArray(value) && value.includes(field.value);
      } else if (field.tagName === "SELECT" && field.multiple) {
        for (const option of field.options) option.selected = value.includes(option.value);
      } else if (typeof value === "string") {
        field.value = value;
      }
      if (field.value !== before || field.type === "checkbox" || field.type === "radio") {
        // character counts follow, and the pupil search runs again to show who was chosen
        field.dispatchEvent(new Event("input", { bubbles: true }));
      }
    }
  }
}

export function forgetSaved(root = document) {
  const store = storage();
  if (!store) return;
  for (const marker of root.querySelectorAll("[data-haven-saved]")) {
    store.removeItem(PREFIX + marker.dataset.havenSaved);
  }
}

export function forgetAll() {
  const store = storage();
  if (!store) return;
  for (const key of Object.keys(store)) {
    if (key.startsWith(PREFIX)) store.removeItem(key);
  }
}

function keep(form) {
  if (form.hasAttribute("data-haven-forget")) return; // public forms never persist
  restore(form);
  // Pupils found by the search arrive later (htmx): tick again those that were chosen.
  form.addEventListener("htmx:afterSettle", () => restore(form));
  form.addEventListener("input", () => save(form));
  form.addEventListener("change", () => save(form));
  form.addEventListener("submit", () => save(form));
}

function start() {
  forgetSaved();
  document.querySelectorAll("form[data-haven-keep]").forEach(keep);
}

// After htmx has started (on DOMContentLoaded), so a restored pupil search is run again.
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", () => setTimeout(start));
} else {
  setTimeout(start);
}
document.addEventListener("submit", (event) => {
  if (event.target.matches("form[data-haven-sign-out]")) forgetAll();
});
