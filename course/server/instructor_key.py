"""The instructor view on a shared class server is the instructor's.

Without a key (self-study, a student's own JupyterLab), `?template=instructor` shows the
model answers to whoever asks, as the README says. When the Voila server is started with
an instructor key, the instructor view (and any template other than the course's student
view, such as Voila's own `lab`, which would show the answers too) is served only to a
request that carries the key: `?template=instructor&key=KEY` once, after which a cookie
stands for it until the server stops. Any other request for it gets the student view with
one line saying the instructor view needs the key.

Where the key comes from (the first that is set):

* the environment variable ``COURSE_INSTRUCTOR_KEY``;
* a file named in the Voila configuration:
  ``c.InstructorKeyIdentityProvider.instructor_key_file = "/path/to/key"``
  (or ``voila --InstructorKeyIdentityProvider.instructor_key_file=/path/to/key``).

What it protects: the answers in the pages this server sends. What it does not: the
notebooks themselves, which are in the course's public repository, and a student's own
JupyterLab or JupyterHub server, where the notebook file (answers included) is theirs.

How: Voila asks its identity provider about every request before handling it; this one is
Jupyter Server's usual provider (Voila's default) plus the check, given to Voila by
`course serve` / `course classroom` (course/server/standalone.py). Keys are compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import inspect
import os
from pathlib import Path
from urllib.parse import urlencode

from jupyter_server.auth.identity import PasswordIdentityProvider
from traitlets import Unicode

KEY_ENV = "COURSE_INSTRUCTOR_KEY"
COOKIE = "course-instructor"
STUDENT_VIEW = "course"
INSTRUCTOR_VIEW = "instructor"
KEY_NEEDED_VIEW = "instructor_key_needed"  # the student view plus the one-line notice


def same_key(given: str, key: str) -> bool:
    """Whether two keys are equal, in time that does not depend on where they differ
    (digests first, so their lengths do not show either)."""
    return hmac.compare_digest(hashlib.sha256(given.encode()).digest(), hashlib.sha256(key.encode()).digest())


def cookie_value(key: str) -> str:
    """What the cookie holds: derived from the key (never the key itself), so changing
    the key logs every browser out."""
    return hmac.new(key.encode(), b"course instructor view", hashlib.sha256).hexdigest()


def view_for(template: str | None, given_key: str | None, cookie: str | None, key: str) -> str | None:
    """The template a request gets (pure, for tests): None = whatever it asked for."""
    if not key or template in (None, STUDENT_VIEW):
        return None
    if template == INSTRUCTOR_VIEW and (
        (given_key is not None and same_key(given_key, key))
        or (cookie is not None and hmac.compare_digest(cookie, cookie_value(key)))
    ):
        return None
    return KEY_NEEDED_VIEW


def set_xsrf_cookie_on_lesson_pages(handler, user) -> None:
    """Give a lesson page the `_xsrf` cookie that Voila's own pages leave out.

    Voila's tree page sets the cookie, its lesson pages do not; a student who opens a lesson
    by its link and later closes the tab sends Voila's shutdown request without the token,
    the server refuses it (403, voila-dashboards/voila#1458), and the kernel stays until
    the idle culler takes it, 20 minutes of about 190 MiB per closed tab. Reading tornado's
    `xsrf_token` sets the cookie (or keeps the one the browser has); it asks for the user,
    whom Jupyter Server only records once this provider has answered, hence `user`."""
    if handler.request.method == "GET" and "/voila/render/" in handler.request.path:
        handler.current_user = user
        handler.xsrf_token  # noqa: B018 - read for its side effect: the Set-Cookie header


class InstructorKeyIdentityProvider(PasswordIdentityProvider):
    """Jupyter Server's identity provider for standalone Voila, plus the instructor-key
    check and the lesson pages' `_xsrf` cookie."""

    instructor_key_file = Unicode(
        "", config=True, help=f"A file holding the instructor key (used when ${KEY_ENV} is not set)."
    )

    def instructor_key(self) -> str:
        """The key, or '' for none (today's behaviour). An unreadable key file stops the
        server: better than running a class with the answers open."""
        key = os.environ.get(KEY_ENV, "").strip()
        if not key and self.instructor_key_file:
            key = Path(self.instructor_key_file).expanduser().read_text(encoding="utf-8").strip()
            if not key:
                raise ValueError(f"the instructor key file {self.instructor_key_file} is empty")
        return key

    async def get_user(self, handler):
        self.check_instructor_view(handler)
        user = super().get_user(handler)
        if inspect.isawaitable(user):
            user = await user
        set_xsrf_cookie_on_lesson_pages(handler, user)
        return user

    def check_instructor_view(self, handler) -> None:
        key = self.instructor_key()
        if not key:
            return
        template = handler.get_query_argument("template", None)
        given = handler.get_query_argument("key", None)
        if given is not None:
            if template == INSTRUCTOR_VIEW and same_key(given, key):
                handler.set_secure_cookie(
                    COOKIE, cookie_value(key), httponly=True, samesite="Strict", expires_days=None
                )
            # Off the address bar (a projector, the browser's history): same page, no key.
            rest = [
                (k, v) for k, values in handler.request.query_arguments.items() if k != "key" for v in values
            ]
            query = urlencode([(k, v.decode()) for k, v in rest])
            handler.redirect(handler.request.path + (f"?{query}" if query else ""))
            return
        cookie = handler.get_secure_cookie(COOKIE)
        view = view_for(template, None, cookie.decode() if cookie else None, key)
        if view is not None:
            self.log.info(
                "course: %s asked for ?template=%s without the instructor key: student view",
                handler.request.remote_ip,
                template,
            )
            for arguments in (handler.request.arguments, handler.request.query_arguments):
                arguments["template"] = [view.encode()]
