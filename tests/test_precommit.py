"""The pre-commit hook, installed by the real pre-commit from a copy of this repository.

`pre-commit try-repo` clones the repository, builds the hook's virtual environment with pip
(PyPI for the dependencies) and runs it on the staged files of a small site. No skip: if
pre-commit cannot run here, the test fails.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# What `pip install .` needs from this repository, and the hook manifest.
PACKAGE = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "linter", "rules")

ENGLISH = """\
# Messengers

These messengers are great for securing your sensitive communications.

## Signal

!!! recommendation

    ![Signal logo](assets/img/signal.svg){ align=right }

    **Signal** is a mobile app developed by Signal Messenger LLC.
"""
SPANISH = """\
# Mensajeros

Estos mensajeros son geniales para proteger tus comunicaciones sensibles.

## Signal

!!! recommendation

    ![Logo de Signal](assets/img/signal.svg){ align=right }

    **Signal** es una aplicación móvil desarrollada por Signal Messenger LLC.
"""
BROKEN = SPANISH.replace("assets/img/signal.svg", "assets/img/element.svg")


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"),  # a fresh hook environment, not the user's cache
        GIT_AUTHOR_NAME="test",
        GIT_AUTHOR_EMAIL="test@example.invalid",
        GIT_COMMITTER_NAME="test",
        GIT_COMMITTER_EMAIL="test@example.invalid",
    )
    env.pop("GIT_DIR", None)
    env.pop("GIT_INDEX_FILE", None)
    return env


def _git(cwd: Path, env: dict[str, str], *args: str) -> None:
    subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=cwd, env=env, check=True, capture_output=True)


def _hook_repository(tmp_path: Path, env: dict[str, str]) -> Path:
    """This working tree's package as a committed repository (try-repo clones committed files only)."""
    repo = tmp_path / "transmark"
    repo.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in PACKAGE:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, repo / name, ignore=ignore)
        else:
            shutil.copy2(source, repo / name)
    _git(repo, env, "init", "-q")
    _git(repo, env, "add", "-A")
    _git(repo, env, "commit", "-q", "-m", "transmark")
    return repo


def _site(tmp_path: Path, env: dict[str, str]) -> Path:
    site = tmp_path / "site"
    for path, text in {
        "en/messengers.md": ENGLISH,
        "es/messengers.md": SPANISH,
        "README.md": "# Not a page of the layout: the hook skips it\n",
        "transmark.toml": 'source = "en"\ntranslation = "{lang}/{path}"\n',
    }.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(text, encoding="utf-8")
    _git(site, env, "init", "-q")
    _git(site, env, "add", "-A")
    _git(site, env, "commit", "-q", "-m", "site")
    return site


def _try_repo(site: Path, repo: Path, env: dict[str, str], hook: str = "transmark") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(repo), hook, "--color", "never"],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_hook_fails_on_broken_translation_and_passes_when_fixed(tmp_path: Path) -> None:
    env = _env(tmp_path)
    repo = _hook_repository(tmp_path, env)
    site = _site(tmp_path, env)

    (site / "es" / "messengers.md").write_text(BROKEN, encoding="utf-8")
    (site / "README.md").write_text("# Changed too\n", encoding="utf-8")
    _git(site, env, "add", "-A")
    broken = _try_repo(site, repo, env)
    output = broken.stdout + broken.stderr
    assert broken.returncode == 1, output
    assert "Failed" in output
    assert "es/messengers.md:9:5: TM201 mismatched-card-logo" in output, output
    assert "Traceback" not in output

    (site / "es" / "messengers.md").write_text(SPANISH, encoding="utf-8")
    _git(site, env, "add", "-A")
    fixed = _try_repo(site, repo, env)
    output = fixed.stdout + fixed.stderr
    assert fixed.returncode == 0, output
    assert "Passed" in output and "TM201" not in output


def test_fix_hook_fixes_fails_and_then_passes(tmp_path: Path) -> None:
    env = _env(tmp_path)
    repo = _hook_repository(tmp_path, env)
    site = _site(tmp_path, env)
    page = site / "es" / "messengers.md"
    page.write_text(SPANISH.replace("!!! recommendation", "!!! recomendación"), encoding="utf-8")
    _git(site, env, "add", "-A")
    fixing = _try_repo(site, repo, env, "transmark-fix")
    output = fixing.stdout + fixing.stderr
    assert fixing.returncode == 1 and "files were modified by this hook" in output, output
    assert page.read_text(encoding="utf-8") == SPANISH
    _git(site, env, "add", "-A")
    again = _try_repo(site, repo, env, "transmark-fix")
    assert again.returncode == 0, again.stdout + again.stderr


def test_readme_snippet_works_as_pasted(tmp_path: Path) -> None:
    """The README's `.pre-commit-config.yaml`, pointed at a copy of this repository tagged as a release is."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- pre-commit -->\n```yaml\n(.*?)```", readme, re.DOTALL)
    assert found, "README.md has a <!-- pre-commit --> yaml block"
    snippet = found.group(1)
    version = re.search(r'^version = "(.+)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8"), re.MULTILINE)
    assert version is not None
    rev = re.search(r"^\s+rev: (\S+)", snippet, re.MULTILINE)
    assert rev is not None and rev.group(1) == f"v{version.group(1)}", "rev: the release tag the README names"
    env = _env(tmp_path)
    repo = _hook_repository(tmp_path, env)
    _git(repo, env, "tag", rev.group(1))
    site = _site(tmp_path, env)
    url = re.search(r"^-   repo: (\S+)", snippet, re.MULTILINE)
    assert url is not None
    (site / ".pre-commit-config.yaml").write_text(snippet.replace(url.group(1), str(repo)), encoding="utf-8")
    (site / "es" / "messengers.md").write_text(BROKEN, encoding="utf-8")
    _git(site, env, "add", "-A")
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--color", "never"],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "es/messengers.md:9:5: TM201 mismatched-card-logo" in output and "Traceback" not in output
