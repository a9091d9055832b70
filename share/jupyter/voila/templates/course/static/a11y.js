// Give every widget control the accessible name its visible label already shows.
// ipywidgets' sliders render a role="slider" handle with no name (axe: aria-input-field-name).
(function () {
  function name(root) {
    root.querySelectorAll('.widget-inline-hbox, .widget-hbox, .jupyter-widgets').forEach(function (box) {
      var label = box.querySelector(':scope > .widget-label');
      if (!label || !label.textContent.trim()) return;
      box.querySelectorAll('[role="slider"], input, select, textarea').forEach(function (ctl) {
        if (!ctl.getAttribute('aria-label') && !ctl.getAttribute('aria-labelledby') && !(ctl.labels && ctl.labels.length)) {
          ctl.setAttribute('aria-label', label.textContent.trim());
        }
      });
    });
  }
  new MutationObserver(function () { name(document); })
    .observe(document.documentElement, { childList: true, subtree: true });
})();
