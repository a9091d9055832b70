# Voila as a Jupyter Server extension: JupyterLab's "Render with Voila" preview, Binder's
# and JupyterHub's /voila/render/... pages. The same student view as standalone Voila:
# the course template leaves model answers and instructor-tagged cells out of the page;
# `?template=instructor` shows them (no instructor key here: whoever runs this server
# already has the notebooks, answers included). No preheated kernels in the extension.
# Installed with the package into {prefix}/etc/jupyter, so no environment variable is needed.
c = get_config()  # noqa: F821 (provided by traitlets when it loads this file)
c.VoilaConfiguration.template = "course"
c.VoilaConfiguration.show_tracebacks = False
c.VoilaExporter.filters = {"strip_answers": "course.instructor.strip_answers"}

# The charts' offline Vega bundle, served by the course template (course/vega_bundle.py).
from course.vega_bundle import ensure_served_bundle  # noqa: E402

ensure_served_bundle()
