"""action.yml: a composite GitHub Action whose steps are well-formed and use only declared inputs."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ACTION = Path(__file__).resolve().parent.parent / "action.yml"


def test_action_is_a_composite_action_with_declared_inputs() -> None:
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    assert action["name"] == "transmark" and action["description"]
    assert action["runs"]["using"] == "composite"
    inputs = set(action["inputs"])
    used = set(re.findall(r"inputs\.([\w-]+)", ACTION.read_text(encoding="utf-8")))
    assert used <= inputs, f"undeclared inputs: {used - inputs}"
    for step in action["runs"]["steps"]:
        assert ("run" in step) != ("uses" in step), step
        if "run" in step:
            assert step["shell"] == "bash", step
            # Inputs reach scripts through the environment, never pasted into the script (injection).
            assert "${{" not in step["run"], step["run"]
    commands = " ".join(step.get("run", "") for step in action["runs"]["steps"])
    assert "--format github" in commands and "--format rdjson" in commands
