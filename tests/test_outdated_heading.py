"""outdated-heading (TM112): headings of an older revision of the English page, named with the revision.

It runs with `check --source-history`, here a folder of `<date>_<commit>.md` revisions.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from linter.cli.main import main
from linter.history.headings import old_headings
from linter.history.history import FolderHistory
from linter.parse.markdown import parse_page
from linter.parse.source import SourceText

OLD = """\
## Cross-Platform Messengers

### Signal

!!! recommendation

    **Signal** is a mobile app developed by Signal Messenger LLC.

## Other Messengers

### Briar (Android)

!!! recommendation

    **Briar** is an encrypted instant messenger.
"""

NEW = """\
## Signal

!!! recommendation

    **Signal** is a mobile app developed by Signal Messenger LLC.

## Briar

!!! recommendation

    **Briar** is an encrypted instant messenger.
"""

# The outline of NEW with the headings of OLD: one translated by place, one left as English text.
TRANSLATION = """\
## Messaggistica multipiattaforma

!!! recommendation

    **Signal** è un'app sviluppata da Signal Messenger LLC.

## Briar (Android)

!!! recommendation

    **Briar** è un servizio di messaggistica istantanea.
"""


@pytest.fixture()
def history(tmp_path: Path) -> Path:
    folder = tmp_path / "en-history"
    folder.mkdir()
    (folder / "2023-02-06T0914_a1e40a79.md").write_text(OLD)
    (folder / "2023-02-06T0925_64d736a7.md").write_text(NEW)
    (folder / "2023-03-01T1000_5bad28ff.md").write_text(NEW.replace("## Briar", "## Briar\n\nNew text.", 1))
    return folder


def _check(tmp_path: Path, *args: str) -> list[str]:
    translation = tmp_path / "it.md"
    translation.write_text(TRANSLATION)
    source = tmp_path / "en-history" / "2023-02-06T0925_64d736a7.md"
    result = CliRunner().invoke(main, ["check", "--select", "TM1", *args, "--source", str(source), str(translation)])
    return [line.split(": ", 1)[1] for line in result.output.splitlines()]


def test_headings_of_an_older_revision_name_it(history: Path, tmp_path: Path) -> None:
    found = _check(tmp_path, "--source-history", str(history))
    assert found[0].startswith(
        'TM112 outdated-heading: heading "Messaggistica multipiattaforma" stands where English names the product '
        '"Signal"; it is likely the translation of "Cross-Platform Messengers", the heading English had at this '
        "place in an older revision (2023-02-06 09:14 a1e40a79) and dropped in 2023-02-06 09:25 64d736a7"
    )
    assert found[1].startswith(
        'TM112 outdated-heading: heading "Briar (Android)" is the English heading of an older revision '
        '(2023-02-06 09:14 a1e40a79, line 11); English has "Briar" here since 2023-02-06 09:25 64d736a7'
    )
    assert len(found) == 2  # not also a translated product heading


def test_without_history_a_translated_product_heading(history: Path, tmp_path: Path) -> None:
    found = _check(tmp_path)
    assert [line.split(":")[0] for line in found] == ["TM111 translated-product-heading"]


def test_old_headings_start_from_the_pages_own_revision(history: Path) -> None:
    """Revisions newer than the English page checked against are not "older": the page is found by content."""
    page = parse_page(SourceText.read(str(history / "2023-02-06T0925_64d736a7.md")), "en")
    old = old_headings(page, FolderHistory(history))
    assert sorted(old.by_title) == ["briar (android)", "cross-platform messengers", "other messengers"]
    assert old.by_place[(2, 1)].title == "Cross-Platform Messengers"
    assert old.by_place[(2, 1)].changed.short == "64d736a7"


def test_history_rules_are_selected_and_ignored_like_any_rule(history: Path, tmp_path: Path) -> None:
    """outdated-heading and stale-block obey --select/--ignore; naming them without a history is no error."""
    with_history = ["--source-history", str(history)]
    assert _check(tmp_path, *with_history) != [] and _check(tmp_path, *with_history, "--ignore", "TM112") == []
    translation, source = tmp_path / "it.md", history / "2023-02-06T0925_64d736a7.md"
    for args in (["--select", "TM111", *with_history], ["--ignore", "stale-block"], ["--select", "TM701"]):
        result = CliRunner().invoke(main, ["check", *args, "--source", str(source), str(translation)])
        assert "TM112" not in result.output and result.exit_code in (0, 1), result.output


def test_origin_check_is_check_with_the_history_rules(history: Path, tmp_path: Path) -> None:
    """`origin --check` reports what `check` reports of the rules that read the history, and nothing else."""
    with_history = ["--source-history", str(history)]
    source = history / "2023-02-06T0925_64d736a7.md"
    checked = [line for line in _check(tmp_path, *with_history) if line.startswith(("TM112", "TM701"))]
    result = CliRunner().invoke(
        main, ["origin", "--check", *with_history, "--source", str(source), str(tmp_path / "it.md")]
    )
    assert result.exit_code == 0, result.output
    assert [line.split(": ", 1)[1] for line in result.output.splitlines()] == checked != []
