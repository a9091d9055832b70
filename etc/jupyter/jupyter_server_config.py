# Voila as a JupyterLab/Binder server extension (/voila/render/...): the same student view.
# The course template leaves model answers and instructor-tagged cells out of the page;
# `?template=instructor` shows them. (No preheated kernels in the server extension.)
c.VoilaExporter.filters = {"strip_answers": "course.instructor.strip_answers"}
