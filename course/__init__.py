"""Teaching module: security blocs in Eurasia, the Camp David trilateral, the Triple Entente.

Notebooks import from here; nothing in a notebook holds logic or paths.
"""

__all__ = ["data", "sources", "palette", "charts", "widgets"]
