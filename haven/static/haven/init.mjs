// Starts GOV.UK Frontend's components. Every page works without this: it only enhances.
import { initAll } from "/static/build/govuk-frontend.min.js";
import "/static/haven/forget.mjs";

initAll();
