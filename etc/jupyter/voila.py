# The lessons' Voila settings (standalone `voila`, e.g. `make start`).
#
# Student view by default: the course template leaves model answers and cells tagged
# "instructor" out of the page; `?template=instructor` is the instructor view. The
# template needs the `strip_answers` Jinja filter registered here.
c.VoilaExporter.filters = {"strip_answers": "course.instructor.strip_answers"}

# Preheated kernels: Voila runs each lesson in a waiting kernel before anyone asks for it,
# so a page arrives already rendered. One per lesson by default (about 190 MiB each); for a
# class, `make classroom LESSON=01_blocs STUDENTS=30` preheats one kernel per student.
c.VoilaConfiguration.preheat_kernel = True
c.VoilaConfiguration.default_pool_size = 1
# Kernels left by closed tabs are shut down after 20 idle minutes (preheated ones are kept).
c.MappingKernelManager.cull_idle_timeout = 1200
c.MappingKernelManager.cull_interval = 60
