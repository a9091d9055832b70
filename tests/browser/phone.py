"""What a phone (390×844, touch) must see on a lesson page: checks shared by the Voila and
JupyterLab layers. Each returns a list of faults (empty when the page is right), so a test
can assert on it and a broken copy can show that it finds something."""

from __future__ import annotations

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}

CONTROLS = (
    ".course-explorer [role=slider], .course-explorer input, .course-explorer select,"
    " .course-explorer button, .course-explorer textarea"
)

# Elements wider than the viewport, unless a box that scrolls sideways holds them (a table's
# own scroller); the page and its scrolling panel must not scroll sideways at all.
OVERFLOW = r"""() => {
  const vw = document.documentElement.clientWidth, faults = [];
  const name = e => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string'
    ? '.' + e.className.trim().split(/\s+/).slice(0, 2).join('.') : '');
  if (document.documentElement.scrollWidth > vw + 1)
    faults.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${vw}`);
  for (const panel of document.querySelectorAll('#rendered_cells, .jp-WindowedPanel-outer, .jp-Notebook'))
    if (panel.scrollWidth > panel.clientWidth + 1)
      faults.push(`${name(panel)} scrolls sideways: ${panel.scrollWidth} > ${panel.clientWidth}`);
  const scrolls = e => { for (let p = e.parentElement; p; p = p.parentElement) {
      const s = getComputedStyle(p).overflowX;
      if ((s === 'auto' || s === 'scroll') && p.getBoundingClientRect().right <= vw + 1) return true; }
    return false; };
  for (const e of document.querySelectorAll('.jp-OutputArea-output *, .jp-RenderedMarkdown *')) {
    const r = e.getBoundingClientRect();
    if (r.width > 0 && (r.right > vw + 1 || r.left < -1) && !scrolls(e))
      faults.push(`${name(e)} spans ${Math.round(r.left)}..${Math.round(r.right)} px`);
  }
  return faults.slice(0, 20);
}"""

# A chart wider than its box is cut off (or pushes the page): every drawn chart fits.
CHARTS = r"""() => [...document.querySelectorAll('.vega-embed')].flatMap((e, i) => {
  const svg = e.querySelector('svg'); if (!svg) return [`chart ${i} not drawn`];
  const w = svg.getBoundingClientRect().width, box = e.parentElement.getBoundingClientRect().width;
  return w > box + 1 ? [`chart ${i} is ${Math.round(w)} px in a ${Math.round(box)} px box`]
       : w < 150 ? [`chart ${i} is only ${Math.round(w)} px wide`] : [];
})"""

# Each control, scrolled into view, lies inside the viewport and is what a finger touching
# its centre would reach (not covered by another element).
REACHABLE = r"""async (sel) => {
  const vw = document.documentElement.clientWidth, faults = [];
  for (const c of document.querySelectorAll(sel)) {
    if (c.closest('.course-frame') || c.type === 'hidden') continue;
    const style = getComputedStyle(c);
    if (style.display === 'none' || style.visibility === 'hidden' || !c.getClientRects().length) continue;
    c.scrollIntoView({block: 'center', inline: 'nearest'});
    await new Promise(r => requestAnimationFrame(r));
    const r = c.getBoundingClientRect();
    const label = (c.getAttribute('aria-label') || c.textContent || c.outerHTML).trim().slice(0, 50);
    if (r.left < -1 || r.right > vw + 1) { faults.push(`off screen (${Math.round(r.left)}..${Math.round(r.right)}): ${label}`); continue; }
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    const label_of = c.labels && [...c.labels];
    if (!hit || !(c.contains(hit) || hit.contains(c) || (label_of && label_of.some(l => l.contains(hit)))
                  || (c.closest('.widget-slider, .jupyter-widget-Checkbox, .widget-checkbox') || c).contains(hit)))
      faults.push(`covered by ${hit ? hit.tagName + '.' + hit.className : 'nothing'}: ${label}`);
  }
  return faults;
}"""


def layout_faults(page) -> list[str]:
    """Sideways overflow, charts wider than their box, controls off screen or covered."""
    return page.evaluate(OVERFLOW) + page.evaluate(CHARTS) + page.evaluate(REACHABLE, CONTROLS)


def touch_drag(page, handle, dx: float) -> None:
    """Drag `handle` sideways by `dx` px with a finger (touch events, as a phone sends them)."""
    handle.scroll_into_view_if_needed()
    box = handle.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    cdp = page.context.new_cdp_session(page)
    point = lambda px: [{"x": px, "y": y, "id": 1}]  # noqa: E731
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": point(x)})
    for i in range(1, 9):
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": point(x + dx * i / 8)})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()
