"""A student's saved work: the journal file (journal_store: format, atomic writes, lock,
repair, merge) and its exports (work_export: Markdown, HTML, the shared JSON). No widgets.
"""
