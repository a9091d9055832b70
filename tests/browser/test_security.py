"""A served lesson over HTTP and websocket on loopback: no code runs that the browser
sends, no source or data file is served. (That no cell source is in a page is checked
with the student page of every lesson, in test_instructor_mode.py.)"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
import uuid

import pytest

from tests.browser.lessons import kernel_id
from tests.conftest import NOTEBOOKS

pytestmark = pytest.mark.browser

LEAKS = {  # a path that must not be served, and text that would show it was
    "voila/files/{nb}": '"cells"',
    "voila/files/../data/sco_membership.csv": "country,iso3",
    "voila/files/..%2Fdata%2Fsco_membership.csv": "country,iso3",
    "voila/files/%2e%2e/data/sco_membership.csv": "country,iso3",
    "voila/files/..%252Fdata%252Fsources.csv": "source_id,publisher",
    "voila/render/../course/data.py": "def load",
    "voila/render/..%2Fcourse%2Fdata.py": "def load",
    "voila/render/%2e%2e/course/data.py": "def load",
    "voila/static/../../../../data/sources.csv": "source_id,publisher",
    "voila/static/..%2F..%2F..%2F..%2Fcourse%2Fdata.py": "def load",
    "files/{nb}": '"cells"',
    "api/contents/{nb}": '"cells"',
    "api/contents/../data": "sco_membership",
    "voila/tree/..": "datapackage",
}


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8", "replace")


@pytest.mark.parametrize("path,marker", list(LEAKS.items()))
def test_sources_and_data_are_not_served(voila_url, path, marker):
    status, body = _get(voila_url + path.format(nb=NOTEBOOKS[0].name))
    assert marker not in body
    assert status in (403, 404), (status, body[:200])


def test_execute_request_from_the_browser_is_not_run(voila_url, tmp_path):
    import websocket

    status, page = _get(f"{voila_url}voila/render/{NOTEBOOKS[0].name}")
    kernel = kernel_id(page)
    marker = tmp_path / "executed"
    ws = websocket.create_connection(
        f"{voila_url.replace('http', 'ws')}api/kernels/{kernel}/channels?session_id={uuid.uuid4()}",
        timeout=10,
    )
    session = uuid.uuid4().hex

    def send(msg_type: str, content: dict) -> str:
        msg_id = uuid.uuid4().hex
        ws.send(
            json.dumps(
                {
                    "header": {
                        "msg_id": msg_id,
                        "username": "attacker",
                        "session": session,
                        "msg_type": msg_type,
                        "version": "5.3",
                        "date": "",
                    },
                    "parent_header": {},
                    "metadata": {},
                    "channel": "shell",
                    "buffers": [],
                    "content": content,
                }
            )
        )
        return msg_id

    # The channel itself works (so the test could see an execution if there were one) ...
    info_id = send("kernel_info_request", {})
    # ... but code sent down it must not run.
    msg_id = send(
        "execute_request",
        {
            "code": f"open({str(marker)!r}, 'w').write('ran')",
            "silent": False,
            "store_history": False,
            "user_expressions": {},
            "allow_stdin": False,
        },
    )
    replies = []
    deadline = time.monotonic() + 5
    ws.settimeout(1)
    while time.monotonic() < deadline:
        try:
            replies.append(json.loads(ws.recv()))
        except websocket.WebSocketTimeoutException:
            continue
        except websocket.WebSocketConnectionClosedException:
            break
    ws.close()
    assert [r for r in replies if r.get("parent_header", {}).get("msg_id") == info_id], (
        "no reply on the kernel channel: the test could not have seen an execution"
    )
    assert not marker.exists(), "the kernel ran code sent by the browser"
    assert not [
        r
        for r in replies
        if r.get("parent_header", {}).get("msg_id") == msg_id and r["header"]["msg_type"] == "execute_reply"
    ]
