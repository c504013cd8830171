"""Suppressions: inline directives (translation and English), the suppression file, config ignores."""

from __future__ import annotations

from pathlib import Path

import pytest
from workflow_support import DUTCH, ENGLISH, SPANISH, findings, make_site, run, where, write

TM201 = ("--select", "TM201", "--select", "TM0")  # the card rule and the suppression findings only
BOTH = ["es/page.md:9 TM201", "es/page.md:17 TM201", "nl/page.md:9 TM201", "nl/page.md:17 TM201"]


@pytest.fixture()
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return make_site(tmp_path)


def before(text: str, marker: str, directive: str) -> str:
    """`text` with a directive line inserted before the first line containing `marker`."""
    index = text.index(marker)
    start = text.rindex("\n", 0, index) + 1
    indent = text[start:index] if not text[start:index].strip() else ""
    return text[:start] + indent + directive + "\n" + text[start:]


def test_without_suppressions(site: Path) -> None:
    assert where(findings(*TM201)) == BOTH


@pytest.mark.parametrize("rule", ["TM201", "mismatched-card-logo", "TM2", ""])
def test_english_next_line_covers_every_language(site: Path, rule: str) -> None:
    directive = f"<!-- transmark-disable-next-line {rule} -->".replace("  ", " ")
    write(site, {"en/page.md": before(ENGLISH, "!!! recommendation", directive)})
    assert where(findings(*TM201)) == ["es/page.md:17 TM201", "nl/page.md:17 TM201"]


def test_translation_next_line_covers_that_language(site: Path) -> None:
    # Line 9 of es/page.md becomes line 10; the directive stands inside the card, before the logo.
    write(site, {"es/page.md": before(SPANISH, "![Logo de Signal]", "<!-- transmark-disable-next-line TM201 -->")})
    assert where(findings(*TM201)) == ["es/page.md:18 TM201", "nl/page.md:9 TM201", "nl/page.md:17 TM201"]


def test_disable_enable_range(site: Path) -> None:
    english = before(ENGLISH, "## Signal", "<!-- transmark-disable mismatched-card-logo -->")
    english = before(english, "## Element", "<!-- transmark-enable -->")
    write(site, {"en/page.md": english})
    assert where(findings(*TM201)) == ["es/page.md:17 TM201", "nl/page.md:17 TM201"]


def test_disable_without_enable_lasts_to_the_end(site: Path) -> None:
    write(site, {"nl/page.md": before(DUTCH, "## Element", "<!-- transmark-disable TM201 -->")})
    assert where(findings(*TM201)) == ["es/page.md:9 TM201", "es/page.md:17 TM201", "nl/page.md:9 TM201"]


@pytest.mark.parametrize("rules", ["", " TM201", " mismatched-card-logo, TM3"])
def test_disable_file(site: Path, rules: str) -> None:
    write(site, {"en/page.md": f"<!-- transmark-disable-file{rules} -->\n\n" + ENGLISH})
    assert findings(*TM201) == []


def test_disable_file_names_only_its_rules(site: Path) -> None:
    write(site, {"es/page.md": "<!-- transmark-disable-file TM301 -->\n\n" + SPANISH})
    found = where(findings("--select", "TM201", "--select", "TM301"))
    assert found == ["es/page.md:11 TM201", "es/page.md:19 TM201", "nl/page.md:9 TM201", "nl/page.md:17 TM201"]


@pytest.mark.parametrize(
    ("directive", "message"),
    [
        ("<!-- transmark-disabel-next-line TM201 -->", 'unknown directive "transmark-disabel-next-line"'),
        ("<!-- transmark-ignore -->", 'unknown directive "transmark-ignore"'),
        ("<!-- transmark-disable-next-line TM999 -->", 'unknown rule "TM999" in transmark-disable-next-line'),
        ("<!-- transmark-disable-next-line no-such-rule -->", 'unknown rule "no-such-rule"'),
        ("<!-- transmark-enable -->", "transmark-enable has no open transmark-disable to end"),
    ],
)
def test_malformed_directive_is_reported_and_suppresses_nothing(site: Path, directive: str, message: str) -> None:
    write(site, {"es/page.md": before(SPANISH, "## Signal", directive)})
    found = findings(*TM201)
    invalid = [f for f in found if f["rule"] == "TM001"]
    assert len(invalid) == 1 and message in invalid[0]["message"]
    assert (invalid[0]["path"], invalid[0]["line"], invalid[0]["severity"]) == ("es/page.md", 5, "warning")
    assert len([f for f in found if f["rule"] == "TM201"]) == 4


def test_next_line_at_the_end_of_the_page(site: Path) -> None:
    write(site, {"es/page.md": SPANISH + "\n<!-- transmark-disable-next-line -->\n"})
    found = [f for f in findings(*TM201) if f["rule"] == "TM001"]
    assert [f["message"] for f in found] == ["transmark-disable-next-line has no line after it"]


def test_directive_in_a_code_block_is_text(site: Path) -> None:
    write(
        site, {"es/page.md": SPANISH + "\n```html\n<!-- transmark-disabel -->\n<!-- transmark-disable-file -->\n```\n"}
    )
    assert where(findings(*TM201)) == BOTH


def test_unused_translation_directive(site: Path) -> None:
    write(site, {"es/page.md": before(SPANISH, "Estos mensajeros", "<!-- transmark-disable-next-line TM201 -->")})
    found = [f for f in findings(*TM201) if f["rule"] == "TM002"]
    assert len(found) == 1
    assert found[0]["path"] == "es/page.md" and found[0]["line"] == 3
    assert found[0]["message"] == "transmark-disable-next-line TM201 suppresses nothing"


def test_unused_english_directive_is_judged_only_when_every_language_ran(site: Path) -> None:
    english = before(ENGLISH, "These messengers", "<!-- transmark-disable-next-line mismatched-card-logo -->")
    # Crowdin carried the comment into the Spanish page: reported once, for the English page.
    spanish = before(SPANISH, "Estos mensajeros", "<!-- transmark-disable-next-line mismatched-card-logo -->")
    write(site, {"en/page.md": english, "es/page.md": spanish})
    unused = [f for f in findings(*TM201) if f["rule"] == "TM002"]
    assert [(f["path"], f["line"], f["message"]) for f in unused] == [
        ("en/page.md", 3, "transmark-disable-next-line TM201 suppresses nothing in any language")
    ]
    assert [f for f in findings(*TM201, "es/page.md") if f["path"] == "en/page.md"] == []


def test_directive_for_a_rule_that_did_not_run_is_not_unused(site: Path) -> None:
    write(site, {"es/page.md": before(SPANISH, "Estos mensajeros", "<!-- transmark-disable-next-line TM201 -->")})
    assert [f for f in findings("--select", "TM3", "--select", "TM0") if f["rule"] == "TM002"] == []


def test_suppression_findings_follow_select_ignore_and_severity(site: Path) -> None:
    write(site, {"es/page.md": before(SPANISH, "Estos mensajeros", "<!-- transmark-disable-next-line TM201 -->")})
    assert "TM002" not in {f["rule"] for f in findings("--select", "TM201", "--ignore", "unused-suppression")}
    assert "TM002" not in {f["rule"] for f in findings("--select", "TM201")}
    write(site, {"transmark.toml": 'source = "en"\ntranslation = "{lang}/{path}"\n[rules.TM002]\nseverity = "info"\n'})
    assert [f["severity"] for f in findings(*TM201) if f["rule"] == "TM002"] == ["info"]


def test_engine_rule_unknown_option(site: Path) -> None:
    write(site, {"transmark.toml": 'source = "en"\ntranslation = "{lang}/{path}"\n[rules.unused-suppression]\nx = 1\n'})
    code, out, err = run("check")
    assert code == 2 and out == ""
    assert err == 'transmark: transmark.toml: "rules.unused-suppression": unknown option "x" (only "severity")\n'


# --- The suppression file ----------------------------------------------------------------------

SUPPRESSIONS = """\
[[suppress]]
lang = "es"
page = "en/page.md"
at = "#messengers/#signal"
rules = ["mismatched-card-logo"]
reason = "the Spanish card is being rewritten"
"""


def with_file(site: Path, text: str) -> None:
    write(site, {"transmark.toml": 'source = "en"\ntranslation = "{lang}/{path}"\nsuppressions = "supp.toml"\n'})
    write(site, {"supp.toml": text})


def test_file_entry_by_language_page_and_position(site: Path) -> None:
    with_file(site, SUPPRESSIONS)
    assert where(findings(*TM201)) == ["es/page.md:17 TM201", "nl/page.md:9 TM201", "nl/page.md:17 TM201"]


def test_file_entry_survives_lines_moving(site: Path) -> None:
    with_file(site, SUPPRESSIONS)
    moved = SPANISH.replace("\n\n## Signal", "\n\nUn párrafo nuevo.\n\nOtro párrafo más.\n\n## Signal", 1)
    write(site, {"es/page.md": moved})
    assert where(findings(*TM201)) == ["es/page.md:21 TM201", "nl/page.md:9 TM201", "nl/page.md:17 TM201"]


def test_file_entry_keys_come_from_the_baseline(site: Path) -> None:
    """The keys a baseline records are what the suppression file's `at` takes."""
    import json

    run("baseline", "--output", "base.json")
    entry = next(e for e in json.loads((site / "base.json").read_text())["findings"] if e["lang"] == "nl")
    with_file(site, f'[[suppress]]\nlang = "nl"\npage = "{entry["page"]}"\nat = "{entry["key"]}"\n')
    assert len(findings(*TM201)) == 3


def test_file_entry_for_every_language_and_glob(site: Path) -> None:
    with_file(site, '[[suppress]]\npage = "en/*.md"\nrules = ["TM2"]\n')
    assert findings(*TM201) == []


def test_unused_file_entry_points_at_its_table(site: Path) -> None:
    with_file(site, SUPPRESSIONS + '\n[[suppress]]\nlang = "nl"\npage = "en/page.md"\nat = "#messengers/#nowhere"\n')
    unused = [f for f in findings(*TM201) if f["rule"] == "TM002"]
    assert [(f["path"], f["line"]) for f in unused] == [("supp.toml", 8)]
    assert (
        unused[0]["message"] == 'suppression for "nl", page "en/page.md" at "#messengers/#nowhere" suppresses nothing'
    )
    # Not judged when the run did not check that language's page.
    assert [f for f in findings(*TM201, "es/page.md") if f["rule"] == "TM002"] == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[[suppress]]\npage = "en/page.md"\nlanguage = "es"\n',
            'supp.toml:1: [[suppress]] #1: unknown key "language"',
        ),
        ('[[suppress]]\nlang = "es"\n', 'supp.toml:1: [[suppress]] #1: "page" is missing'),
        ('[[suppress]]\npage = "en/page.md"\nrules = "TM201"\n', '"rules" must be an array of strings'),
        ('[[suppress]]\npage = "en/page.md"\nrules = ["TM999"]\n', 'unknown rule or prefix "TM999"'),
        ("[suppressions]\n", 'supp.toml: unknown key "suppressions"'),
        ("[[suppress]\n", "supp.toml:1:"),
    ],
)
def test_malformed_file_is_a_configuration_error(site: Path, text: str, message: str) -> None:
    with_file(site, text)
    code, out, err = run("check")
    assert code == 2 and out == ""
    assert err.startswith("transmark: ") and message in err and len(err.splitlines()) == 1


def test_missing_suppression_file(site: Path) -> None:
    write(site, {"transmark.toml": 'source = "en"\ntranslation = "{lang}/{path}"\nsuppressions = "nope.toml"\n'})
    code, _, err = run("check")
    assert code == 2 and err == 'transmark: transmark.toml: "suppressions": nope.toml not found\n'


# --- Configuration ignores ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ('[per-language-ignores]\nnl = ["mismatched-card-logo"]\n', ["es/page.md:9 TM201", "es/page.md:17 TM201"]),
        ('[per-path-ignores]\n"es/**" = ["TM2"]\n', ["nl/page.md:9 TM201", "nl/page.md:17 TM201"]),
        ('[per-path-ignores]\n"en/page.md" = ["TM201"]\n', []),  # the English page: every language
        ('[per-path-ignores]\n"es/**" = ["TM3"]\n', BOTH),
    ],
)
def test_per_language_and_per_path_ignores(site: Path, table: str, expected: list[str]) -> None:
    write(site, {"transmark.toml": 'source = "en"\ntranslation = "{lang}/{path}"\n' + table})
    assert where(findings(*TM201)) == expected


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('[per-language-ignores]\nnl = ["TM999"]\n', "transmark.toml: \"per-language-ignores\" 'nl': unknown rule"),
        ('[per-path-ignores]\n"es/**" = "TM2"\n', '"per-path-ignores" must be a table of arrays of strings'),
    ],
)
def test_ignores_are_validated(site: Path, table: str, message: str) -> None:
    write(site, {"transmark.toml": 'source = "en"\ntranslation = "{lang}/{path}"\n' + table})
    code, _, err = run("check")
    assert code == 2 and message in err, err
