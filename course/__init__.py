"""Teaching module: security blocs in Eurasia, the Camp David trilateral, the Triple Entente.

Notebooks import from here; nothing in a notebook holds logic or paths. Importing the
package changes nothing in the process (tests/test_runtime.py checks it): behaviour that
only a Voila kernel needs is switched on explicitly (`course.core.runtime.prepare_voila_kernel`).
"""
