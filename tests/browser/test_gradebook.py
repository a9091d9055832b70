"""The class summary page renders in Chromium with every chart drawn and no request."""

from __future__ import annotations

from course.tools import gradebook
from tests.browser.chromium import new_context
from tests.browser.conftest import ARTIFACTS
from tests.test_gradebook import class_folder


def test_class_summary_draws_every_chart_offline(browser, tmp_path):
    folder, _ = class_folder(tmp_path)
    out, problems = gradebook.run(folder, tmp_path / "out")
    assert len(problems) == 6
    page_file = out / "class-summary.html"
    context = new_context(browser, viewport={"width": 1200, "height": 900}, offline=True)
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(page_file.as_uri())
        charts = page.evaluate("""() => [...document.querySelectorAll('figure svg')].map(s => {
            const box = s.getBoundingClientRect();
            return {w: box.width, h: box.height, role: s.getAttribute('role'),
                    label: s.querySelector('title') && s.querySelector('title').textContent,
                    marks: s.querySelectorAll('path, rect').length,
                    text: s.querySelectorAll('text').length};
        })""")
        assert len(charts) == page_file.read_text(encoding="utf-8").count("<figure")
        assert len(charts) >= 10
        for chart in charts:
            assert chart["w"] > 100 and chart["h"] > 50, chart
            assert chart["role"] == "img" and chart["label"], chart
            assert chart["marks"] > 3 and chart["text"] > 3, chart
        assert requests == [page_file.as_uri()]  # the page itself, nothing else
        assert errors == []
        written = page.locator("blockquote").first.inner_text()
        assert "<script>alert('x')</script>" in written  # shown as text, not run
    finally:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "class-summary.png"), full_page=False)
        context.close()
