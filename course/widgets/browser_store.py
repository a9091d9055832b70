"""In Voila, a copy of the student's work in the browser's own storage (localStorage, which
belongs to the page's server origin), so a reload, a closed tab, a new kernel or a server
restart loses nothing, while nothing is written on the server.

One small widget per page does it (an anywidget whose ES module travels inside the widget:
no CDN, no page script). When the page's widgets come up, it sends every stored answer to
the kernel, which merges them into the page's in-memory journal (newer wins, item by item)
and the answer boxes show them; after every save it stores the saved entry. A cleared box
is stored as a cleared entry with its time, so an older copy cannot bring the text back.
The widget's view is the one line that says where the work is kept.
"""

from __future__ import annotations

from typing import Any

import anywidget
import traitlets

from course.work.journal_store import Journal, valid_entry

PREFIX = "course-work/v1/"
SENTENCE = (
    "Your answers on this page are kept in this browser (on this computer only), not "
    "on the server; “Download my work” gives you the copy to hand in."
)
NO_STORAGE = (
    "This browser does not let the page keep your answers: use “Download my work” before you close the page."
)
SAVED = "Saved {clock} in this browser."

ESM = """
const PREFIX = %(prefix)s;

function storage() {
  try {
    const probe = PREFIX + "__probe";
    window.localStorage.setItem(probe, "1");
    window.localStorage.removeItem(probe);
    return window.localStorage;
  } catch (err) {
    return null;  // storage switched off (a private window, a policy): the download is the copy
  }
}

function stored(store) {
  const entries = {};
  for (let i = 0; store && i < store.length; i++) {
    const key = store.key(i);
    if (!key || !key.startsWith(PREFIX) || key === PREFIX + "__probe") continue;
    try { entries[key.slice(PREFIX.length)] = JSON.parse(store.getItem(key)); } catch (err) { /* skip a damaged item */ }
  }
  return entries;
}

export default {
  initialize({ model }) {
    const store = storage();
    model.on("msg:custom", (msg) => {
      if (msg && msg.kind === "restored") window.__courseRestores = (window.__courseRestores || 0) + 1;
      if (!store || !msg || msg.kind !== "store") return;
      for (const [key, entry] of Object.entries(msg.entries || {})) {
        try { store.setItem(PREFIX + key, JSON.stringify(entry)); } catch (err) { /* full: the download is the copy */ }
      }
      window.__courseStores = (window.__courseStores || 0) + 1;
    });
    model.send({ kind: "restore", available: !!store, entries: stored(store) });
  },
  render({ model, el }) {
    const line = document.createElement("p");
    line.className = "course-work-where";
    const show = () => { line.textContent = model.get("sentence"); };
    show();
    model.on("change:sentence", show);
    el.appendChild(line);
  },
};
"""


class BrowserStore(anywidget.AnyWidget):
    """The page's copy of the work in the browser's storage (see the module docstring)."""

    _esm = traitlets.Unicode(ESM % {"prefix": repr(PREFIX).replace("'", '"')}).tag(sync=True)
    sentence = traitlets.Unicode(SENTENCE).tag(sync=True)

    def __init__(self, journal: Journal, **kwargs: Any):
        super().__init__(**kwargs)
        self.journal = journal
        self.shown = False
        self.restored: dict[str, int] | None = None  # what the last restore did (for tests, logs)
        self._merging = False
        self.add_class("course-work-keeper")
        self.on_msg(self._on_msg)
        journal.subscribe_changes(self._store)

    def _on_msg(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if not isinstance(content, dict) or content.get("kind") != "restore":
            return
        if not content.get("available"):
            self.sentence = NO_STORAGE
            return
        self.journal.memory_message = SAVED
        raw = content.get("entries")
        entries = {k: v for k, v in raw.items() if valid_entry(k, v)} if isinstance(raw, dict) else {}
        self._merging = True
        try:
            report = self.journal.merge(entries, backup=False)
        finally:
            self._merging = False
        self.restored = {"loaded": len(report.loaded), "skipped": len(report.skipped)}
        # Sent after the answer boxes' updates, so the page (and a test) knows the restore is over.
        self.send({"kind": "restored", **self.restored})

    def _store(self, changed: dict[str, dict]) -> None:
        if not self._merging:  # what came from the browser is there already
            self.send({"kind": "store", "entries": changed})


_STORES: dict[int, tuple[Journal, BrowserStore]] = {}


def attach(journal: Journal) -> BrowserStore | None:
    """The browser store of a Voila (memory) journal, created once; None in JupyterLab."""
    if not journal.memory:
        return None
    if id(journal) not in _STORES or _STORES[id(journal)][0] is not journal:
        _STORES[id(journal)] = (journal, BrowserStore(journal))
    return _STORES[id(journal)][1]


def first_showing(journal: Journal) -> BrowserStore | None:
    """The store's one line, for the first answer box of the page to show; None afterwards
    (and in JupyterLab)."""
    store = attach(journal)
    if store is None or store.shown:
        return None
    store.shown = True
    return store
