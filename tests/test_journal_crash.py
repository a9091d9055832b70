"""SIGKILL during the journal's own save: every save the child reported done survives, and
the file is always a valid journal. The child runs `Journal.save` itself (the real code:
lock, re-read, checksum, temp file, fsync, backup, rename), in a loop, reporting each
acknowledged save on stdout; the test kills it at random moments."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

from course.work.journal_store import Journal, decode

ROUNDS = 50
CHILD = """
import sys
from pathlib import Path
from course.work.journal_store import Journal
j = Journal(Path(sys.argv[1]), memory=False)
i = int(sys.argv[2])
print("ready", flush=True)
while True:
    if j.save("01_blocs", f"k{i}", f"value {i}").ok:
        print(i, flush=True)
    i += 1
"""


def test_sigkill_at_random_moments_loses_no_acknowledged_save(tmp_path):
    path = tmp_path / "course" / "journal.json"
    rng = random.Random(12)
    acknowledged: set[int] = set()
    next_key, killed_mid_round = 0, 0
    for _ in range(ROUNDS):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(path), str(next_key)],
            stdout=subprocess.PIPE,
            text=True,
            env=dict(os.environ),
        )
        assert child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.15))  # lands anywhere inside a save, or between saves
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate(timeout=30)
        assert child.returncode == -signal.SIGKILL
        lines = [line for line in out.splitlines() if line.strip().isdigit()]
        done = {int(line) for line in lines}
        killed_mid_round += bool(done)
        acknowledged |= done
        next_key = max(done | {next_key - 1}) + 2  # skip the key whose save may have been cut
        # after every kill: the file is whole and holds every acknowledged save
        entries = decode(path.read_bytes()) if path.exists() else {}
        missing = [i for i in acknowledged if entries.get(f"01_blocs/k{i}", {}).get("value") != f"value {i}"]
        assert missing == [], f"acknowledged saves lost: {missing[:10]}"
    print(f"{len(acknowledged)} acknowledged saves over {ROUNDS} SIGKILLs: none lost")
    assert len(acknowledged) > ROUNDS, "too few saves to mean anything"
    assert killed_mid_round > ROUNDS // 2
    reader = Journal(path, memory=False)
    assert len(reader.entries()) >= len(acknowledged) and reader.notice is None
    # the lock died with the child: a new save still gets through at once
    assert reader.save("01_blocs", "after", "fine").ok
