"""The Zero to JupyterHub configuration in docs/ is valid as far as can be checked without a
cluster: it loads, the guide shows the same file, every key it sets is one the chart
documents, and its sizes are the ones the guide's arithmetic uses."""

from __future__ import annotations

import re

import yaml

from tests.conftest import REPO

CONFIG = REPO / "docs" / "jupyterhub" / "config.yaml"
GUIDE = REPO / "docs" / "deployment.md"

# Key paths documented in the z2jh chart's schema, jupyterhub/values.schema.yaml in
# github.com/jupyterhub/zero-to-jupyterhub-k8s (read at commit
# 02dd73df01bdbb6d602fed21b0be12565ab38080, 2026-12-02). Only those this course's config
# uses or may use; `hub.config` and `singleuser.extraEnv` are free-form in the schema
# (traitlets configuration; environment variables), so nothing below them is checked.
DOCUMENTED = {
    "hub.config",
    "hub.extraConfig",
    "hub.baseUrl",
    "singleuser.image.name",
    "singleuser.image.tag",
    "singleuser.image.pullPolicy",
    "singleuser.defaultUrl",
    "singleuser.cmd",
    "singleuser.memory.guarantee",
    "singleuser.memory.limit",
    "singleuser.cpu.guarantee",
    "singleuser.cpu.limit",
    "singleuser.storage.capacity",
    "singleuser.storage.type",
    "singleuser.extraEnv",
    "singleuser.lifecycleHooks",
    "cull.enabled",
    "cull.timeout",
    "cull.every",
    "cull.maxAge",
    "cull.users",
    "cull.concurrency",
    "cull.removeNamedServers",
    "cull.adminUsers",
    "scheduling.userScheduler.enabled",
    "scheduling.podPriority.enabled",
    "scheduling.userPlaceholder.enabled",
    "scheduling.userPlaceholder.replicas",
    "prePuller.continuous.enabled",
    "prePuller.hook.enabled",
    "proxy.https.enabled",
    "proxy.https.hosts",
}
FREE_FORM = {"hub.config", "singleuser.extraEnv"}


def key_paths(tree: dict, prefix: str = "") -> set[str]:
    """Dotted paths of a mapping's leaves, stopping at free-form sections."""
    paths = set()
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and value and path not in FREE_FORM:
            paths |= key_paths(value, f"{path}.")
        else:
            paths.add(path)
    return paths


def test_the_config_loads_and_sets_only_documented_keys():
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    used = key_paths(config)
    assert used - DOCUMENTED == set(), f"keys not in the chart's documented schema: {used - DOCUMENTED}"
    assert {"singleuser.image.name", "singleuser.memory.limit", "cull.enabled"} <= used


def test_an_undocumented_key_would_be_caught():
    assert key_paths({"singleuser": {"memory": {"limitt": "1G"}}}) - DOCUMENTED == {
        "singleuser.memory.limitt"
    }


def test_the_guide_shows_the_file_itself():
    blocks = re.findall(r"```yaml\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)
    assert CONFIG.read_text(encoding="utf-8") in blocks


def _gib(size: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)([MG])i?", size).groups()
    return float(number) / (1024 if unit == "M" else 1)


def test_the_sizes_are_the_ones_the_arithmetic_uses():
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))["singleuser"]
    guide = GUIDE.read_text(encoding="utf-8")
    guarantee = _gib(config["memory"]["guarantee"])
    assert guarantee == 0.5 and _gib(config["memory"]["limit"]) == 2 * guarantee
    for students in (30, 100, 300):
        assert f"| {students} | {students} x {guarantee:g} = {students * guarantee:g} GiB |" in guide
        cores = students * config["cpu"]["guarantee"]
        assert f"{students} x {config['cpu']['guarantee']:g} = {cores:g} cores" in guide
    assert config["memory"]["guarantee"] in guide and config["cpu"]["limit"] == 1
