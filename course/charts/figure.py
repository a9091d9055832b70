"""Figures for essays: a chart as SVG or PNG bytes with its title, caption and source line
inside the image, made offline by vl-convert.

Why inside the image: a figure pasted into an essay travels without the page around it, so
it must say what it shows and where the numbers come from. Why vl-convert: it renders the
same Vega-Lite spec the page draws, with no browser and no network. The SVG is accessible
(`role="img"`, `<title>` and `<desc>`); the PNG carries the same text as PNG text chunks
(Title, Description, Source), so a reader without the picture still gets the words.

Pure functions: a spec (or chart) in, bytes out. The download links that call them live in
course.widgets.base.
"""

from __future__ import annotations

import html
import re
import struct
import textwrap
import zlib
from collections.abc import Iterable, Mapping
from typing import Any

WRAP = 90  # characters per caption line
MAX_SOURCES = 4


def _spec(chart: Any) -> dict:
    return chart if isinstance(chart, dict) else chart.to_dict()


def _expr_text(expr: str, values: Mapping[str, Any]) -> str | None:
    """A Vega string expression such as "'SCO status in ' + year", evaluated with the
    param values; None if it is anything more than quoted strings and param names."""
    out = []
    for part in re.split(r"\s*\+\s*", expr.strip()):
        if len(part) >= 2 and part[0] == part[-1] and part[0] in "'\"":
            out.append(part[1:-1])
        elif part in values:
            value = values[part]
            out.append(str(int(value)) if isinstance(value, float) and value.is_integer() else str(value))
        else:
            return None
    return "".join(out)


def _title_text(spec: Mapping, values: Mapping[str, Any] | None = None) -> str:
    title = spec.get("title")
    if isinstance(title, Mapping):
        title = title.get("text", "")
    if isinstance(title, Mapping) and "expr" in title:
        title = _expr_text(str(title["expr"]), values or {}) or ""
    if isinstance(title, list):
        title = " ".join(map(str, title))
    return str(title or "")


def param_values(spec: Mapping) -> dict[str, Any]:
    """The value of every top-level param of a spec (what the chart shows by default)."""
    return {
        p["name"]: p["value"]
        for p in spec.get("params", []) or []
        if isinstance(p, Mapping) and "name" in p and "value" in p
    }


def with_params(spec: dict, values: Mapping[str, Any]) -> dict:
    """A copy of `spec` with each named param's value set (the chart as the student left it)."""

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            out = {k: walk(v) for k, v in node.items()}
            if isinstance(out.get("params"), list):
                out["params"] = [
                    dict(p, value=values[p["name"]])
                    if isinstance(p, dict) and p.get("name") in values and "select" not in p
                    else p
                    for p in out["params"]
                ]
            return out
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return walk(spec)


def source_ids(spec: Mapping) -> list[str]:
    """The source_id values in the chart's inline data, in first-seen order."""
    found: dict[str, None] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            value = node.get("source_id")
            if isinstance(value, str) and value:
                found.setdefault(value, None)
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(spec.get("datasets", {}))
    walk(spec.get("data", {}))
    return list(found)


def source_line(ids: Iterable[str], bibliography: Mapping[str, str] | None = None) -> str:
    """'Source: SIPRI, 2025; ...' naming up to MAX_SOURCES sources, and how many more."""
    ids = list(ids)
    if not ids:
        return "Source: the course's data tables (data/sources.csv); see course/bibliography.md."
    bibliography = bibliography or {}
    named = [bibliography.get(i, i) for i in ids[:MAX_SOURCES]]
    more = len(ids) - len(named)
    tail = f"; and {more} more (course/bibliography.md)" if more else ""
    return ("Source: " if len(ids) == 1 else "Sources: ") + "; ".join(named) + tail + "."


FIGURE_WIDTH = 640  # a figure file has no page to fit: the width of a printed column


def fixed_width(spec: Any, width: int = FIGURE_WIDTH) -> Any:
    """A copy of `spec` where every `width: "container"` (a chart that fits the page) is
    `width` pixels, for a file drawn with no page around it."""
    if isinstance(spec, dict):
        return {
            k: width if k == "width" and v == "container" else fixed_width(v, width) for k, v in spec.items()
        }
    if isinstance(spec, list):
        return [fixed_width(v, width) for v in spec]
    return spec


def captioned(chart: Any, title: str, caption: str, source: str) -> dict:
    """The spec with the title, the caption (wrapped) and the source line as its title block."""
    spec = fixed_width(_spec(chart))
    lines = textwrap.wrap(caption, WRAP) + textwrap.wrap(source, WRAP)
    spec = dict(spec)
    spec["title"] = {
        "text": title,
        "subtitle": lines,
        "anchor": "start",
        "fontSize": 15,
        "subtitleFontSize": 11,
        "subtitlePadding": 6,
        "offset": 12,
    }
    spec["description"] = f"{title}. {caption} {source}".strip()
    return spec


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "figure"


def accessible_svg(svg: str, title: str, description: str, id_prefix: str = "") -> str:
    """The SVG with role="img", a <title> and a <desc> (ids unique per `id_prefix`)."""
    base = _slug(id_prefix or title)
    tid, did = f"{base}-title", f"{base}-desc"
    head, sep, rest = svg.partition(">")
    if not sep or not head.startswith("<svg"):
        raise ValueError("not an SVG document")
    head = head + f' role="img" aria-labelledby="{tid} {did}"'
    return (
        f'{head}><title id="{tid}">{html.escape(title)}</title>'
        f'<desc id="{did}">{html.escape(description)}</desc>{rest}'
    )


def to_svg(chart: Any, title: str, caption: str, source: str, id_prefix: str = "") -> str:
    """The figure as an accessible SVG document (text)."""
    import vl_convert as vlc

    spec = captioned(chart, title, caption, source)
    return accessible_svg(vlc.vegalite_to_svg(spec), title, spec["description"], id_prefix)


def _png_text_chunk(key: str, value: str) -> bytes:
    kind = b"iTXt"
    # iTXt: keyword \0 compression-flag compression-method language \0 translated \0 text
    body = key.encode("latin-1") + b"\x00\x01\x00" + b"\x00" + b"\x00" + zlib.compress(value.encode("utf-8"))
    return (
        struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    )


def png_with_text(png: bytes, texts: Mapping[str, str]) -> bytes:
    """The PNG with an iTXt chunk per (key, text) right after its header chunk."""
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    ihdr_end = 8 + 4 + 4 + struct.unpack(">I", png[8:12])[0] + 4
    chunks = b"".join(_png_text_chunk(k, v) for k, v in texts.items())
    return png[:ihdr_end] + chunks + png[ihdr_end:]


def png_texts(png: bytes) -> dict[str, str]:
    """The iTXt/tEXt chunks of a PNG (for tests and for readers without the image)."""
    out, pos = {}, 8
    while pos + 8 <= len(png):
        length = struct.unpack(">I", png[pos : pos + 4])[0]
        kind, body = png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + length]
        if kind == b"iTXt":
            key, _, rest = body.partition(b"\x00")
            flag, rest = rest[0], rest[2:]
            _lang, _, rest = rest.partition(b"\x00")
            _trans, _, text = rest.partition(b"\x00")
            out[key.decode("latin-1")] = (zlib.decompress(text) if flag else text).decode("utf-8")
        elif kind == b"tEXt":
            key, _, text = body.partition(b"\x00")
            out[key.decode("latin-1")] = text.decode("latin-1")
        pos += 12 + length
    return out


def to_png(chart: Any, title: str, caption: str, source: str, scale: float = 2.0) -> bytes:
    """The figure as a PNG (twice the screen size, for print), with its words as text chunks."""
    import vl_convert as vlc

    spec = captioned(chart, title, caption, source)
    png = vlc.vegalite_to_png(spec, scale=scale)
    return png_with_text(png, {"Title": title, "Description": caption, "Source": source})


def figure_words(chart: Any, bibliography: Mapping[str, str] | None = None) -> tuple[str, str, str]:
    """(title, caption, source line) of a chart built with course.charts.base.accessible."""
    spec = _spec(chart)
    title = _title_text(spec, param_values(spec)) or "Figure"
    caption = str(spec.get("description") or "")
    subtitle = spec.get("title", {}).get("subtitle") if isinstance(spec.get("title"), Mapping) else None
    if not caption and subtitle:
        caption = " ".join(subtitle) if isinstance(subtitle, list) else str(subtitle)
    return title, caption, source_line(source_ids(spec), bibliography)


def file_name(title: str, ext: str) -> str:
    return f"{_slug(title)}.{ext}"
