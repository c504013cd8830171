"""A small two-language site for the workflow tests (suppressions, baselines, PR mode, reports)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from linter.cli.main import main

ENGLISH = """\
# Messengers

These messengers are great for securing your sensitive communications.

## Signal

!!! recommendation

    ![Signal logo](assets/signal.svg){ align=right }

    **Signal** is a mobile app.

## Element

!!! recommendation

    ![Element logo](assets/element.svg){ align=right }

    **Element** is a client.
"""

# Both cards show the other card's logo: two TM201 findings, at lines 9 and 17.
SPANISH = """\
# Mensajeros

Estos mensajeros son geniales para proteger tus comunicaciones sensibles.

## Signal

!!! recommendation

    ![Logo de Signal](assets/element.svg){ align=right }

    **Signal** es una aplicación móvil.

## Element

!!! recommendation

    ![Logo de Element](assets/signal.svg){ align=right }

    **Element** es un cliente.
"""
DUTCH = (
    SPANISH.replace("Mensajeros", "Messengers")
    .replace(
        "Estos mensajeros son geniales para proteger tus comunicaciones sensibles", "Deze messengers beschermen je"
    )
    .replace("es una aplicación móvil", "is een mobiele app")
    .replace("es un cliente", "is een client")
    .replace("Logo de", "Logo van")
)
LAYOUT = 'source = "en"\ntranslation = "{lang}/{path}"\n'


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def make_site(root: Path, extra: dict[str, str] | None = None) -> Path:
    write(
        root,
        {
            "en/page.md": ENGLISH,
            "es/page.md": SPANISH,
            "nl/page.md": DUTCH,
            "transmark.toml": LAYOUT,
            **(extra or {}),
        },
    )
    return root


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def findings(*args: str) -> list[dict[str, Any]]:
    """`transmark check ARGS --format json`'s findings."""
    code, out, err = run("check", *args, "--format", "json")
    assert code in (0, 1), err
    return json.loads(out)["findings"]


def where(found: list[dict[str, Any]]) -> list[str]:
    """`path:line rule` of each finding, for compact assertions."""
    return [f"{f['path']}:{f['line']} {f['rule']}" for f in found]


def git(root: Path, *args: str) -> str:
    identity = ["-c", "user.name=test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false"]
    result = subprocess.run(["git", *identity, *args], cwd=root, capture_output=True, text=True, check=True)
    return result.stdout
