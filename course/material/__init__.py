"""The course's material as read from disk: the sourced tables (data), the map
shapes (geo) and the YAML content's schemas. Pure reading and checking; no widgets.
"""
