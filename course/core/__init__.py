"""Shared helpers every layer may use: paths, where the kernel runs, HTML, the palette,
filters, links, dates of evidence, where the Vega bundle is served. No chart or widget
library, nothing else of the course.
"""
