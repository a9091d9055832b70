// Carried by every explorer (course.widgets.frame.Frame): give each control inside the
// explorer the accessible name its visible label already shows. ipywidgets' sliders render a
// role="slider" handle with no name (axe: aria-input-field-name), in JupyterLab and in Voila.
function nameControls(root) {
  for (const box of root.querySelectorAll(".widget-inline-hbox, .widget-hbox, .jupyter-widgets")) {
    const label = box.querySelector(":scope > .widget-label");
    const text = label && label.textContent.trim();
    if (!text) continue;
    for (const ctl of box.querySelectorAll('[role="slider"], input, select, textarea')) {
      const named = ctl.getAttribute("aria-label") || ctl.getAttribute("aria-labelledby")
        || (ctl.labels && ctl.labels.length);
      if (!named) ctl.setAttribute("aria-label", text);
    }
  }
}

export default {
  render({ el }) {
    el.classList.add("course-frame");
    let watcher = null;
    let tries = 0;
    // The explorer's element is built around this one and put in the page after this view
    // renders: wait (a frame at a time, up to about ten seconds) until it is there.
    const attach = () => {
      const explorer = el.closest(".course-explorer");
      if (!explorer && tries++ < 600) {
        requestAnimationFrame(attach);
        return;
      }
      const root = explorer || el.parentElement || el;
      nameControls(root);
      watcher = new MutationObserver(() => nameControls(root));
      watcher.observe(root, { childList: true, subtree: true });
    };
    attach();
    return () => watcher && watcher.disconnect();
  },
};
