# Instructor mode: unless the page URL has ?mode=instructor, model answers, answer keys
# and cells tagged "instructor" are removed from the notebook before Voila runs it, so a
# student's page does not contain them. (Voila 0.5 cannot combine this with preheated kernels.)
from course.instructor import prelaunch_hook

c.VoilaConfiguration.prelaunch_hook = prelaunch_hook
