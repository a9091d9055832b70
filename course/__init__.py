"""Teaching module: security blocs in Eurasia, the Camp David trilateral, the Triple Entente.

Notebooks import from here; nothing in a notebook holds logic or paths.
"""

import sys

# Importing altair imports jsonschema, which eagerly imports `rfc3987_syntax` (installed
# with Jupyter Server's jsonschema extras) and builds a Lark grammar at import time, only
# to check the "iri" string format, which no Vega-Lite or data schema here uses. Measured
# on this 2-core machine: `import altair` 2.4-3.1 s with it, 0.7-1.0 s without. Marking
# the module absent makes jsonschema skip that one format check, in lesson kernels only.
sys.modules.setdefault("rfc3987_syntax", None)

from course.runtime import yield_cpu_until_requested  # noqa: E402

# A preheated Voila kernel renders its lesson at idle priority until a student arrives.
yield_cpu_until_requested()

__all__ = ["data", "sources", "palette", "charts", "widgets"]
