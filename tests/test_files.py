"""Every file transmark writes (reports, baselines, fixed pages) is written whole, with fitting permissions."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from linter.project.files import write_atomic


def test_a_new_file_gets_the_umask_permissions_not_a_temporary_files(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "report.html", b"<html>")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "report.html").stat().st_mode) == 0o644
    assert (tmp_path / "report.html").read_bytes() == b"<html>"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]  # no temporary file left behind


def test_an_existing_file_keeps_its_permissions(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_bytes(b"old")
    page.chmod(0o600)
    write_atomic(page, b"new")
    assert stat.S_IMODE(page.stat().st_mode) == 0o600 and page.read_bytes() == b"new"
