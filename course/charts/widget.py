"""The chart widget the lessons draw with: Altair's JupyterChart with a small widget module
that loads the Vega bundle when it draws, not when the widget is created.

Why: anywidget gives a widget's module 2 s to load and initialise
(`AbortSignal.timeout(2000)` in its runtime, version 0.11). JupyterChart's module *is* the
~900 KB Vega bundle (or, in Voila, a two-line module that awaits it from the course's static
folder), so on a busy server or a slow browser the 2 s passed before it was ready; anywidget
then marked the model failed ("[anywidget] Failed to initialize model.") and dropped every
later message from the kernel to that chart: it drew once, then never followed its
controls. Here the module is a few lines that load at once; the bundle is imported inside
`render`, which has no deadline, once per page. If it cannot be loaded, the chart's box says
so in a sentence with a button that draws it again, never a blank box.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import traitlets

from course.charts.base import styled

FAILED = "This chart could not be drawn: the page could not load its drawing code."
SLOW = "This chart is still loading its drawing code (the server is busy)."
REDRAW = "Draw the chart again"

LAZY_ESM = r"""
// Shared by every chart of the page: one import of the bundle, one count of failed tries.
const shared = (globalThis.__courseCharts ??= { bundles: new Map(), attempts: 0 });
const bundles = shared.bundles;

function bundle(source) {
  if (!bundles.has(source)) {
    // A browser remembers a failed module URL for the page's lifetime: a retry of a small
    // loader (Voila's import of the served bundle) asks for its .js under a fresh query.
    const text = shared.attempts > 0 && source.length < 10000
      ? source.replace(/\.js(["'])/g, `.js?attempt=${shared.attempts}$1`) : source;
    const url = URL.createObjectURL(new Blob([text], { type: "text/javascript" }));
    const loading = import(url).then((mod) => mod.default);
    loading.catch(() => { bundles.delete(source); shared.attempts += 1; });
    bundles.set(source, loading);
  }
  return bundles.get(source);
}

function notice(el, sentence, retry) {
  const box = document.createElement("div");
  box.className = "course-chart-notice";
  box.setAttribute("role", "status");
  const text = document.createElement("p");
  text.textContent = sentence;
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = %(redraw)s;
  button.addEventListener("click", retry);
  box.append(text, button);
  el.append(box);
  return box;
}

async function draw(model, el) {
  el.classList.add("course-chart");
  el.classList.remove("course-chart-failed");
  const slow = setTimeout(() => {
    if (!el.querySelector(".course-chart-notice")) notice(el, %(slow)s, () => redraw(model, el));
  }, 15000);
  try {
    const chart = await bundle(model.get("_bundle"));
    el.querySelectorAll(".course-chart-notice").forEach((n) => n.remove());
    return await chart.render({ model, el });
  } catch (err) {
    console.warn("course chart:", err);
    el.replaceChildren();
    el.classList.add("course-chart-failed");
    notice(el, %(failed)s, () => redraw(model, el));
  } finally {
    clearTimeout(slow);
  }
}

function redraw(model, el) {
  el.replaceChildren();
  draw(model, el);
}

export default {
  render({ model, el }) {
    return draw(model, el);
  },
};
"""


def _js(text: str) -> str:
    import json

    return json.dumps(text)


class Chart(alt.JupyterChart):
    """alt.JupyterChart whose Vega bundle loads at draw time (see the module docstring)."""

    _esm = LAZY_ESM % {"redraw": _js(REDRAW), "slow": _js(SLOW), "failed": _js(FAILED)}
    _bundle = traitlets.Unicode("").tag(sync=True)

    def __init__(self, chart: Any, bundle: str, **kwargs: Any):
        # The module that draws: the offline bundle, or Voila's import of the served one
        # (course/charts/display.py: chart_module); Altair's class is never changed.
        super().__init__(chart, _bundle=bundle, **kwargs)

    @traitlets.validate("chart")
    def _course_look(self, proposal: Any) -> Any:
        # Every chart this widget holds, at creation or when a control swaps it, carries
        # the course's look in its own spec (no Altair theme is enabled).
        chart = proposal["value"]
        return None if chart is None else styled(chart)
