"""Figures for essays: a button under every explorer chart that makes it into SVG and PNG
files with title, caption and sources inside (course.charts.figure), offered as downloads.

Wired once, by `Explorer.__init__`, so no lesson wires its own.
"""

from __future__ import annotations

import ipywidgets as widgets

from course.core.html import esc, notice


def _is_chart(widget: object) -> bool:
    """An Altair JupyterChart, without importing altair here (duck-typed on what we use)."""
    return (
        any(cls.__name__ == "JupyterChart" for cls in type(widget).__mro__)
        and hasattr(widget, "chart")
        and hasattr(widget, "params")
    )


def attach_figure_links(box: widgets.Box) -> None:
    """Put a FigureLinks row under every chart inside `box` (once; called by Explorer).

    Why here: every explorer is an Explorer, so every chart a lesson draws gets its download
    links without each lesson wiring them.
    """
    for child in list(getattr(box, "children", ())):
        if _is_chart(child):
            wrapped = widgets.VBox([child, FigureLinks(child)])
            wrapped.add_class("course-figure")
            box.children = tuple(wrapped if c is child else c for c in box.children)
        elif (
            isinstance(child, widgets.Box)
            and not isinstance(child, FigureLinks)
            and "course-figure" not in child._dom_classes
        ):
            attach_figure_links(child)


class FigureLinks(widgets.HBox):
    """ "Figure for an essay": a button that makes the chart, as the student left it, into SVG
    and PNG files with title, caption and source line inside, and offers them as downloads.

    Made on request (a second or two per figure with vl-convert), not on every redraw; the
    files are data: links, so nothing is written on the server and nothing leaves the page.
    """

    def __init__(self, chart):
        self.chart = chart
        self.button = widgets.Button(
            description="Figure for an essay (SVG, PNG)",
            tooltip="Make this chart into SVG and PNG files with its title, caption and sources",
            layout={"width": "auto"},
        )
        self.links = widgets.HTML()
        self.button.on_click(lambda _b: self.make())
        super().__init__([self.button, self.links])
        self.add_class("course-figure-links")

    def spec(self) -> dict:
        """The chart's spec with its params at their current values."""
        from course.charts import figure

        spec = self.chart.chart.to_dict()
        names = [p.get("name") for p in spec.get("params", []) if isinstance(p, dict)]
        values = {}
        for name in names:
            try:
                values[name] = getattr(self.chart.params, name)
            except AttributeError:
                continue
        return figure.with_params(spec, values)

    def make(self) -> None:
        """Build both files and show the links (or a sentence saying why not)."""
        import base64

        from course.charts import figure
        from course.material import data

        try:
            sources = data.load("sources")
            bib = {
                r.source_id: f"{r.publisher} ({str(r.date)[:4]})"
                if isinstance(r.date, str) and r.date
                else str(r.publisher)
                for r in sources.itertuples()
            }
            spec = self.spec()
            title, caption, source = figure.figure_words(spec, bib)
            svg = figure.to_svg(spec, title, caption, source).encode("utf-8")
            png = figure.to_png(spec, title, caption, source)
        except Exception as err:  # noqa: BLE001 - a sentence, never a traceback
            self.links.value = notice(f"The figure could not be made ({type(err).__name__}).")
            return

        def link(raw: bytes, mime: str, ext: str) -> str:
            uri = f"data:{mime};base64," + base64.b64encode(raw).decode("ascii")
            name = figure.file_name(title, ext)
            return (
                f'<a class="course-figure-{ext}" download="{esc(name)}" href="{uri}">'
                f"Download {esc(title)} as {ext.upper()}</a>"
            )

        self.links.value = (
            f'<span role="status">{link(svg, "image/svg+xml", "svg")} · '
            f"{link(png, 'image/png', 'png')}</span>"
        )
