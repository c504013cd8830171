"""gettext catalogs: reading, placing entries in the English page, findings at PO lines, the command.

The catalogs in fixtures/gettext were made by the real converters (mdpo, Translate Toolkit)
from corpus and seed pages; see fixtures/gettext/README.md.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_cases import IS_ENGLISH

from linter.cli.main import main
from linter.engine.findings import Finding
from linter.engine.registry import Registry
from linter.engine.runner import Runner, configure
from linter.errors import InputError
from linter.parse.markdown import parse_page
from linter.parse.positions import Pos
from linter.parse.source import SourceText
from linter.po import CatalogTarget, UnfinishedCatalogEntry, discover_catalogs, lint_catalog, read_catalog, scope
from linter.po.segments import english_segments, expand, loose_key, place, placeholder_values, rebuild

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "gettext"
REGISTRY = Registry([*Registry.load().rules, UnfinishedCatalogEntry])


def _runner(select: tuple[str, ...] = (), **settings: dict[str, object]) -> Runner:
    return Runner(configure(REGISTRY, select=select, settings=settings), is_english=IS_ENGLISH)


def _lint(catalog: str, lang: str = "", runner: Runner | None = None, source: Path | None = None) -> list[Finding]:
    return lint_catalog(runner or _runner(), CatalogTarget(FIXTURES / catalog, lang, source), FIXTURES)


def _at(catalog: str, finding: Finding) -> str:
    """The PO text a finding points at, from its column to the end of that line."""
    line = (FIXTURES / catalog).read_text(encoding="utf-8").split("\n")[finding.span.start.line - 1]
    return line[finding.span.start.column - 1 :]


# (catalog, language, [(rule, line, text the finding's column points at)]): each seed defect
# is real (the Crowdin export the catalog was converted from has it); broken/ ones are made by hand.
EXPECTED = [
    (
        "broken/es/git-recommendations.po",  # mdpo
        "es",
        [
            ("changed-link-target", 38, "[crear una "),
            ("broken-emphasis", 71, "** como"),
            ("translated-code-span", 92, "principal`"),
            ("unfinished-catalog-entry", 102, '#~ msgid "You can set this'),
        ],
    ),
    (
        "broken/es/LC_MESSAGES/git-recommendations.po",  # Translate Toolkit
        "es",
        [
            ("broken-link-syntax", 88, "[añades tu clave"),
            ("broken-emphasis", 88, "** como"),
            ("unfinished-catalog-entry", 109, 'msgstr ""'),
            ("translated-code-span", 117, "principal`"),
            ("unfinished-catalog-entry", 124, "msgstr"),
        ],
    ),
    (
        "locale/he/LC_MESSAGES/messengers-briar.po",  # seed 003
        "he",
        [
            ("translated-admonition-type", 35, 'המלצה"'),
            ("broken-emphasis", 71, '"**בריאר **'[1:]),
            ("translated-admonition-type", 87, 'הורדות\\n"'),
            ("translated-code-span", 101, "קישורים "),
        ],
    ),
    (
        "po/he/messengers-briar.po",  # seed 003, mdpo
        "he",
        [("translated-admonition-type", 21, 'המלצה"'), ("translated-code-span", 30, "קישורים ")],
    ),
    (
        "locale/pt/LC_MESSAGES/messengers-session.po",  # seed 004
        "pt",
        [
            ("translated-admonition-type", 35, 'recomendação"'),
            ("changed-link-target", 77, "[:fontawesome-brands-linux"),
        ],
    ),
    ("po/pt/messengers-session.po", "pt", [("translated-admonition-type", 21, 'recomendação"')]),
]


@pytest.mark.parametrize(("catalog", "lang", "expected"), EXPECTED, ids=[e[0] for e in EXPECTED])
def test_defects_are_reported_at_the_po_line(catalog: str, lang: str, expected: list[tuple[str, int, str]]) -> None:
    findings = _lint(catalog, lang)
    found = {(f.rule_name, f.span.start.line, _at(catalog, f)) for f in findings}
    for rule, line, text in expected:
        assert any(r == rule and n == line and at.startswith(text) for r, n, at in found), (
            f"{catalog}: no {rule} at line {line} pointing at {text!r}; found:\n"
            + "\n".join(f"  {f.span.start} {f.rule_name}: {f.message}" for f in findings)
        )


@pytest.mark.parametrize("catalog", ["locale/es/LC_MESSAGES/git-recommendations.po", "po/es/git-recommendations.po"])
def test_clean_catalogs_report_nothing(catalog: str) -> None:
    findings = _lint(catalog, "es")
    assert findings == [], "\n".join(f"{f.span.start} {f.rule_name}: {f.message}" for f in findings)


def test_the_english_counterpart_is_the_segment_in_the_english_page() -> None:
    findings = _lint("broken/es/git-recommendations.po", "es", _runner(("translated-code-span",)))
    assert [
        (Path(str(f.source_path)).resolve(), f.source_span.start.line if f.source_span else None) for f in findings
    ] == [(FIXTURES / "docs" / "git-recommendations.md", 37)]
    english = (FIXTURES / "docs" / "git-recommendations.md").read_text(encoding="utf-8").split("\n")
    assert english[36] == "## Rebase from `main` before submitting a PR"


def test_page_rules_run_on_the_page_rebuilt_from_the_catalog(tmp_path: Path) -> None:
    """A heading replaced by another section's title is a page-level defect (seed 000's kind)."""
    english = (
        "# Messengers\n\n## Signal\n\nSignal is a mobile app for everyone.\n\n## Element\n\nElement is a client.\n"
    )
    (tmp_path / "page.md").write_text(english, encoding="utf-8")
    po = tmp_path / "it.po"
    po.write_text(
        _po(
            ("page.md:1", "Messengers", "Messaggistica"),
            ("page.md:3", "Signal", "Element"),
            ("page.md:5", "Signal is a mobile app for everyone.", "Signal è un'app per tutti."),
            ("page.md:7", "Element", "Element"),
            ("page.md:9", "Element is a client.", "Element è un client."),
        ),
        encoding="utf-8",
    )
    findings = lint_catalog(_runner(("shuffled-heading",)), CatalogTarget(po, "it"), tmp_path)
    (finding,) = findings
    assert (finding.rule_name, finding.span.start) == ("shuffled-heading", Pos(_line_of(po, 'msgstr "Element"'), 9))
    assert finding.source_span is not None
    assert (Path(str(finding.source_path)).resolve(), finding.source_span.start.line) == (tmp_path / "page.md", 3)


def _po(*entries: tuple[str, str, str]) -> str:
    """A catalog with a header; each entry is (reference or "", msgid, msgstr)."""
    out = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', ""]
    for ref, msgid, msgstr in entries:
        out += [f"#: {ref}"] if ref else []
        out += [f'msgid "{msgid}"', f'msgstr "{msgstr}"', ""]
    return "\n".join(out)


def _line_of(path: Path, text: str) -> int:
    return path.read_text(encoding="utf-8").split("\n").index(text) + 1


def test_translate_toolkit_placeholders_are_understood_without_the_english_page(tmp_path: Path) -> None:
    po = tmp_path / "it.po"
    po.write_text(
        _po(
            ("", "See [the guide]{1} and [the FAQ]{2}.", "Vedi [le FAQ]{2} e [la guida]{1}."),
            ("", "Read [the docs]{1} first.", "Leggi prima [la documentazione] {1}."),
        ),
        encoding="utf-8",
    )
    findings = lint_catalog(_runner(("TM5",)), CatalogTarget(po, "it"))
    line = _line_of(po, 'msgstr "Leggi prima [la documentazione] {1}."')
    assert [(f.rule_name, f.span.start) for f in findings] == [("broken-link-syntax", Pos(line, 21))]
    # Without the English page, the English counterpart is the msgid in the catalog.
    assert findings[0].source_span is not None
    assert (findings[0].source_path, findings[0].source_span.start.line) == (str(po), line - 1)


def test_unfinished_entries_are_counted_or_listed(tmp_path: Path) -> None:
    po = tmp_path / "it.po"
    po.write_text(
        _po(("", "One", ""), ("", "Two", ""), ("", "Three", "Tre"))
        + '#, fuzzy\nmsgid "Four"\nmsgstr "Quatro"\n\n#~ msgid "Five"\n#~ msgstr "Cinque"\n',
        encoding="utf-8",
    )
    counted = lint_catalog(_runner(("unfinished-catalog-entry",)), CatalogTarget(po, "it"))
    one, two, four, five = (
        _line_of(po, line) for line in ('msgid "One"', 'msgid "Two"', "#, fuzzy", '#~ msgid "Five"')
    )
    assert [(f.span.start.line, f.message) for f in counted] == [
        (one + 1, '2 entries are untranslated, the first: "One"'),
        (four + 2, 'entry "Four" is marked fuzzy, so its translation is not used until reviewed'),
        (five, 'entry "Five" is obsolete (no longer in the English page)'),
    ]
    listed = lint_catalog(
        _runner(("unfinished-catalog-entry",), **{"unfinished-catalog-entry": {"each": True, "severity": "warning"}}),
        CatalogTarget(po, "it"),
    )
    assert [f.span.start.line for f in listed] == [one + 1, two + 1, four + 2, five]
    assert {str(f.severity) for f in listed} == {"warning"}
    # Unfinished entries are never checked as translations: "Quatro" stays unchecked.
    assert all(f.rule_name == "unfinished-catalog-entry" for f in lint_catalog(_runner(), CatalogTarget(po, "it")))


def test_unfinished_entries_are_not_internal_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Counting unfinished entries is information: the run exits 0, not 2 as after a rule's crash."""
    monkeypatch.chdir(tmp_path)
    Path("en.md").write_text("One.\n\nTwo.\n", encoding="utf-8")
    Path("it.po").write_text(_po(("", "One.", ""), ("", "Two.", "Due.")), encoding="utf-8")
    result = CliRunner().invoke(main, ["po", "--source", "en.md", "--lang", "it", "it.po"])
    assert result.exit_code == 0, result.output
    assert "unfinished-catalog-entry" in result.output and "internal-error" not in result.output


def test_catalogs_of_programs_are_skipped(tmp_path: Path) -> None:
    po = tmp_path / "app.po"
    po.write_text(_po(("app/views.py:12", "Save `file`", "Salva `archivo`")), encoding="utf-8")
    assert lint_catalog(_runner(), CatalogTarget(po, "it")) == []


# -- reading -------------------------------------------------------------------------------


def test_msgstr_offsets_map_to_po_lines_and_columns(tmp_path: Path) -> None:
    po = tmp_path / "x.po"
    po.write_text('msgid "a"\nmsgstr ""\n"é\\n"\n  "\\"b\\tc"\n', encoding="utf-8")
    (entry,) = read_catalog(po).entries
    assert entry.msgstr == 'é\n"b\tc'
    assert entry.msgstr_at is not None
    positions = [str(entry.msgstr_at.pos(i)) for i in range(len(entry.msgstr) + 1)]
    assert positions == ["3:2", "3:3", "4:4", "4:6", "4:7", "4:9", "4:10"]


def test_references_keep_mdpo_block_locations(tmp_path: Path) -> None:
    po = tmp_path / "x.po"
    po.write_text('#: docs/a.md:block 3 (paragraph) b.md:12\nmsgid "a"\nmsgstr "b"\n', encoding="utf-8")
    (entry,) = read_catalog(po).entries
    assert entry.refs == (("docs/a.md", "block 3 (paragraph)"), ("b.md", "12"))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('msgid "a"\nmsgstr "b\n', "x.po:2: not a valid PO file: unterminated string"),
        (
            'msgid "a"\nmsgstr "b"\nfoo "c"\n',
            'x.po:3: not a valid PO file: expected msgid, msgstr or a quoted string, found "foo "c""',
        ),
        (
            '"orphan"\nmsgid "a"\nmsgstr "b"\n',
            "x.po:1: not a valid PO file: a quoted string that belongs to no msgid or msgstr",
        ),
        ('msgid "a"\nmsgid "b"\nmsgstr "c"\n', "x.po:2: not a valid PO file"),
        ('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "\xff"', "not valid UTF-8"),
    ],
)
def test_malformed_catalogs_name_file_and_line(tmp_path: Path, content: str, message: str) -> None:
    po = tmp_path / "x.po"
    po.write_bytes(content.encode("latin-1") if "\xff" in content else content.encode("utf-8"))
    with pytest.raises(InputError) as error:
        read_catalog(po)
    assert message in str(error.value).replace(str(tmp_path) + "/", "")


def test_malformed_catalog_is_one_line_and_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("bad.po").write_text('msgid "a"\nmsgstr "unterminated\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["po", "bad.po"])
    assert result.exit_code == 2
    assert result.output == "transmark: bad.po:2: not a valid PO file: unterminated string\n"
    assert "Traceback" not in result.output


# -- placing and rebuilding ----------------------------------------------------------------


def test_loose_keys_match_what_each_converter_makes_of_a_segment() -> None:
    english = 'Some _em_ and `x` &amp; [a link](https://e.org/a_(b) "T") and <kbd>Ctrl</kbd>[^1].'
    mdpo = 'Some *em* and `x` &amp; [a link](https://e.org/a_(b) "T") and <kbd>Ctrl</kbd>[^1].'
    translate_toolkit = "Some _em_ and `x` & [a link]{1} and {2}Ctrl{3}[^1]."
    assert loose_key(english) == loose_key(mdpo) == loose_key(translate_toolkit) == "someemandxalinkandctrl1"


def test_placeholder_values_come_from_the_english_segment() -> None:
    values = placeholder_values(
        "[a]{1} and {2}Ctrl{3} and [a]{1}", '[a](https://x "t") and\n<kbd>Ctrl</kbd> and [a](https://x "t")'
    )
    assert values == {"1": '(https://x "t")', "2": "<kbd>", "3": "</kbd>"}
    assert placeholder_values("[a]{1} here", "[a](https://x) elsewhere") is None


def test_expanded_text_maps_back_to_the_msgstr() -> None:
    mapped = expand("[a]{1} b\nc", {"1": "(https://x)"}, prefix="    ")
    assert mapped.text == "[a](https://x) b\n    c"
    assert mapped.original(mapped.text.index("b")) == 7
    assert mapped.original(mapped.text.index("c")) == 9
    assert mapped.original(mapped.text.index("https")) == 3  # inside the filled-in target: the placeholder


def test_rebuilt_page_is_the_translation_po2md_would_write() -> None:
    """Rebuilding seed 004's Session section from its catalog gives back the export's text."""
    english = parse_page(SourceText.read(FIXTURES / "docs" / "messengers-session.md"), "en")
    catalog = read_catalog(FIXTURES / "locale" / "pt" / "LC_MESSAGES" / "messengers-session.po")
    placed = place(catalog.entries, english_segments(english), english.source.text)
    assert set(placed) == {e for e in catalog.entries}, "every entry is found in the English page"
    rebuilt = rebuild(english, placed, "pt.po")
    seed = (ROOT / "fixtures" / "seeds" / "004_7ea07a38f510261a.txt").read_text(encoding="utf-8").split("\n")
    for line in [
        "### Sessão",
        "!!! recomendação",
        "    - [:fontawesome-brands-linux: Linux](https://www.getession.org/linux)",
    ]:
        assert line in seed and line in rebuilt.source.text.split("\n")
    offset = rebuilt.source.text.index("recomendação")
    entry, at = rebuilt.entry_at(offset, offset + 1) or (None, -1)
    assert entry is not None and entry.msgid == "!!! recommendation" and entry.msgstr[at:].startswith("recomendação")


def test_scope_keeps_structure_rules_off_single_segments() -> None:
    by_name = {rule.name: scope(rule) for rule in REGISTRY.rules}
    assert by_name["missing-section"] == by_name["mismatched-card-logo"] == by_name["untranslated-page"] == "page"
    assert by_name["translated-admonition-type"] == by_name["untranslated-paragraph"] == "segment"
    assert by_name["unfinished-catalog-entry"] == "catalog"


# -- discovery and the command -------------------------------------------------------------


def test_catalogs_are_discovered_by_layout() -> None:
    found = {
        (str(t.path.relative_to(FIXTURES) if t.path.is_absolute() else t.path), t.lang)
        for t in discover_catalogs(FIXTURES)
    }
    found = {(path.split("gettext/", 1)[-1], lang) for path, lang in found}
    assert found == {
        ("locale/es/LC_MESSAGES/git-recommendations.po", "es"),
        ("locale/he/LC_MESSAGES/messengers-briar.po", "he"),
        ("locale/pt/LC_MESSAGES/messengers-session.po", "pt"),
        ("po/es/git-recommendations.po", "es"),
        ("po/he/messengers-briar.po", "he"),
        ("po/pt/messengers-session.po", "pt"),
    }


def test_command_checks_catalogs_named_on_the_command_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES)
    result = CliRunner().invoke(main, ["po", "--select", "TM55", "broken/es/git-recommendations.po"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert [line.split(": ")[0] + " " + line.split(": ")[1].split()[1] for line in lines] == [
        "broken/es/git-recommendations.po:71:16 broken-emphasis",
        "broken/es/git-recommendations.po:92:20 translated-code-span",
    ]
    assert lines[1].endswith("(English: docs/git-recommendations.md:37)")


def test_command_with_source_checks_a_catalog_without_references(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("en.md").write_text("!!! warning\n\n    Keep `~/.ssh` private.\n", encoding="utf-8")
    Path("it.po").write_text(_po(("", "!!! warning", "!!! avvertimento")), encoding="utf-8")
    result = CliRunner().invoke(main, ["po", "--source", "en.md", "--lang", "it", "--fail-on", "error", "it.po"])
    assert result.exit_code == 1
    line = _line_of(tmp_path / "it.po", 'msgstr "!!! avvertimento"')
    assert result.output.startswith(f"it.po:{line}:13: TM301 translated-admonition-type:")
    assert result.output.rstrip().endswith("(English: en.md:1)")


@pytest.mark.corpus
@pytest.mark.skipif(
    not (
        importlib.util.find_spec("mdpo")
        and importlib.util.find_spec("translate")
        and importlib.util.find_spec("mistletoe")
    ),
    reason="needs mdpo and translate-toolkit[markdown]",
)
def test_fixtures_are_what_the_converters_make(shared: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(FIXTURES / "generate.py"), "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "TRANSMARK_SHARED": str(shared)},
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_takes_po_files_like_the_pre_commit_hook_passes_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """The hook passes changed `.po` files to `check`, which lints them as catalogs."""
    monkeypatch.chdir(ROOT / "fixtures" / "gettext")
    result = CliRunner().invoke(main, ["check", "--skip-unmatched", "broken/es/git-recommendations.po"])
    found = [line.split(": ")[1].split()[0] for line in result.output.splitlines()]
    lines = [int(line.split(":")[1]) for line in result.output.splitlines()]
    assert (found, lines) == (["TM501", "TM550", "TM551"], [38, 71, 92]), result.output
