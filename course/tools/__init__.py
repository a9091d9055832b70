"""Instructor and maintainer tools that run outside a lesson: the gradebook, the
bibliography and the source-quality report.
"""
