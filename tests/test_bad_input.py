"""Hostile, broken and huge input: one line on stderr naming the file, or a normal lint; never a
traceback or a hang; never a write to the files read."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from linter.cli.main import main

# A hang guard, not a speed test (speed lives in bench/): only runaway backtracking or a loop reaches it,
# however loaded the machine.
HANG_GUARD = 120.0  # seconds per file

ENGLISH = """\
# Title

Some English text that is long enough to be a paragraph.

!!! recommendation

    ![Logo](assets/logo.svg){ align=right }

    **Tool** is a tool.

## Second section

More text here.
"""

SPANISH = """\
# Título

Un texto en español que es lo bastante largo para ser un párrafo.

!!! recommendation

    ![Logo](assets/logo.svg){ align=right }

    **Tool** es una herramienta.

## Segunda sección

Más texto aquí.
"""


def _snapshot(paths: list[Path]) -> dict[Path, tuple[bytes, int]]:
    return {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in paths if p.exists()}


def check(tmp_path: Path, *args: str) -> tuple[int, str, str, float]:
    """Run `transmark check ARGS` in tmp_path; (exit code, stdout, stderr, seconds)."""
    # An empty working folder of its own (Click 9 drops `isolated_filesystem`).
    cwd = tmp_path / "cwd"
    cwd.mkdir(exist_ok=True)
    home = os.getcwd()
    os.chdir(cwd)
    try:
        start = time.perf_counter()
        result = CliRunner().invoke(main, ["check", *args], catch_exceptions=True)
        elapsed = time.perf_counter() - start
    finally:
        os.chdir(home)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"uncaught {result.exception!r}") from result.exception
    return result.exit_code, result.stdout, result.stderr, elapsed


def pair(tmp_path: Path, translation: str | bytes, source: str | bytes = ENGLISH) -> tuple[Path, Path]:
    (tmp_path / "en").mkdir(exist_ok=True)
    (tmp_path / "es").mkdir(exist_ok=True)
    src, tgt = tmp_path / "en" / "page.md", tmp_path / "es" / "page.md"
    for path, content in ((src, source), (tgt, translation)):
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return src, tgt


def lint_pair(tmp_path: Path, translation: str | bytes, source: str | bytes = ENGLISH, *extra: str):
    """Lint one pair; assert the contract; return (code, stdout, stderr)."""
    src, tgt = pair(tmp_path, translation, source)
    before = _snapshot([src, tgt])
    code, out, err, elapsed = check(tmp_path, "--source", str(src), str(tgt), *extra)
    assert elapsed < HANG_GUARD, f"took {elapsed:.2f} s: a hang"
    assert "Traceback" not in err and "Traceback" not in out
    if code == 2:
        lines = err.splitlines()
        assert len(lines) == 1, err
        assert lines[0].startswith("transmark: ") and (str(tgt) in lines[0] or str(src) in lines[0]), lines[0]
    else:
        assert code in (0, 1), (code, err)
        assert err == ""
    assert _snapshot([src, tgt]) == before, "the linter modified a file it read"
    return code, out, err


def refused(tmp_path: Path, translation: str | bytes, source: str | bytes = ENGLISH) -> str:
    code, _, err = lint_pair(tmp_path, translation, source)
    assert code == 2, "expected the file to be refused"
    return err.strip()


# -- files that are not Markdown pages ------------------------------------------------------


def test_binary_file(tmp_path: Path) -> None:
    err = refused(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert err.startswith(f"transmark: {tmp_path / 'es' / 'page.md'}: ")
    assert "binary" in err


def test_invalid_utf8(tmp_path: Path) -> None:
    err = refused(tmp_path, "# Título\n\nTexto ".encode() + b"\xff\xfe caf\xe9\n")
    assert "UTF-8" in err


def test_invalid_utf8_in_source(tmp_path: Path) -> None:
    err = refused(tmp_path, SPANISH, source=b"# Title\n\n\xc3\x28 bad\n")
    assert str(tmp_path / "en" / "page.md") in err


def test_missing_source_page(tmp_path: Path) -> None:
    _, tgt = pair(tmp_path, SPANISH)
    missing = tmp_path / "en" / "nope.md"
    code, _, err, _ = check(tmp_path, "--source", str(missing), str(tgt))
    assert code == 2
    assert len(err.splitlines()) == 1 and err.startswith(f"transmark: {tgt}: ")
    assert "does not exist" in err


def test_missing_translation(tmp_path: Path) -> None:
    src, _ = pair(tmp_path, SPANISH)
    missing = tmp_path / "es" / "gone.md"
    code, _, err, _ = check(tmp_path, "--source", str(src), str(missing))
    assert code == 2
    assert err == f"transmark: {missing}: file not found\n"


def test_directory_instead_of_page(tmp_path: Path) -> None:
    src, _ = pair(tmp_path, SPANISH)
    code, _, err, _ = check(tmp_path, "--source", str(src), str(tmp_path / "es"))
    assert code == 2
    assert len(err.splitlines()) == 1 and str(tmp_path / "es") in err


def test_empty_file(tmp_path: Path) -> None:
    lint_pair(tmp_path, "")
    lint_pair(tmp_path, "", source="")


def test_whitespace_only(tmp_path: Path) -> None:
    lint_pair(tmp_path, "\n\n   \n\t\n")


# -- front matter ------------------------------------------------------------------------


def test_broken_yaml_front_matter(tmp_path: Path) -> None:
    err = refused(tmp_path, "---\ntitle: [unclosed\ndescription: : :\n---\n\n# Título\n")
    assert "front matter" in err


def test_broken_yaml_reports_line(tmp_path: Path) -> None:
    err = refused(tmp_path, '---\ntitle: ok\nfoo: "unterminated\n---\n\n# Título\n')
    assert "line" in err


def test_hostile_yaml_is_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    hostile = f'---\ntitle: !!python/object/apply:os.system ["touch {marker}"]\n---\n\n# Título\n'
    err = refused(tmp_path, hostile)
    assert not marker.exists()
    assert "front matter" in err


def test_hostile_yaml_in_source_is_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned-src"
    hostile = f'---\nx: !!python/object/apply:subprocess.call [["touch", "{marker}"]]\n---\n\n# Title\n'
    refused(tmp_path, SPANISH, source=hostile)
    assert not marker.exists()


def test_hostile_yaml_other_tags(tmp_path: Path) -> None:
    for tag in ("!!python/name:os.system", "!!python/module:os", "!!python/object/new:os.system [x]"):
        refused(tmp_path, f"---\nx: {tag}\n---\n\n# Título\n")


def test_yaml_list_not_mapping(tmp_path: Path) -> None:
    err = refused(tmp_path, "---\n- one\n- two\n---\n\n# Título\n")
    assert "mapping" in err


def test_yaml_scalar_not_mapping(tmp_path: Path) -> None:
    err = refused(tmp_path, "---\njust a string\n---\n\n# Título\n")
    assert "mapping" in err


def test_yaml_billion_laughs_is_fast(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]")
    lint_pair(tmp_path, "---\n" + "\n".join(lines) + "\n---\n\n# Título\n")


def test_empty_front_matter(tmp_path: Path) -> None:
    lint_pair(tmp_path, "---\n---\n\n" + SPANISH)


# -- encodings and line ends ----------------------------------------------------------------


def _findings(out: str) -> list[dict]:
    data = json.loads(out)["findings"]
    for f in data:
        f.pop("path"), f.pop("source")
    return data


def test_bom_and_crlf_lint_like_lf(tmp_path: Path) -> None:
    translation = SPANISH.replace("!!! recommendation", "!!! recomendación") + "\nOne more English paragraph here.\n"
    lf_dir, crlf_dir = tmp_path / "lf", tmp_path / "crlf"
    lf_dir.mkdir()
    crlf_dir.mkdir()
    code_lf, out_lf, _ = lint_pair(lf_dir, translation, ENGLISH, "--format", "json")
    crlf = "\ufeff" + translation.replace("\n", "\r\n")
    code_crlf, out_crlf, _ = lint_pair(crlf_dir, crlf.encode("utf-8"), ENGLISH, "--format", "json")
    assert code_lf == code_crlf
    assert _findings(out_lf) == _findings(out_crlf)
    assert _findings(out_lf), "the fixture should produce findings"


def test_bom_crlf_source_too(tmp_path: Path) -> None:
    source = ("\ufeff" + ENGLISH.replace("\n", "\r\n")).encode("utf-8")
    code, out, _ = lint_pair(tmp_path, SPANISH, source, "--format", "json")
    plain = tmp_path / "plain"
    plain.mkdir()
    code2, out2, _ = lint_pair(plain, SPANISH, ENGLISH, "--format", "json")
    assert code == code2 and _findings(out) == _findings(out2)


def test_lone_cr_line_ends(tmp_path: Path) -> None:
    lint_pair(tmp_path, SPANISH.replace("\n", "\r"))


# -- size and pathological structure ---------------------------------------------------------


def test_ten_megabyte_page(tmp_path: Path) -> None:
    """Over `max-page-size` (8 MiB by default): refused before it is read."""
    block = SPANISH.replace("# Título", "## Sección") + "\n"
    big = block * (10 * 1024 * 1024 // len(block.encode()) + 1)
    assert len(big.encode()) >= 10 * 1024 * 1024
    err = refused(tmp_path, big)
    assert "over the 8.0 MiB limit" in err and "max-page-size" in err


def test_ten_megabyte_source(tmp_path: Path) -> None:
    block = ENGLISH.replace("# Title", "## Part") + "\n"
    err = refused(tmp_path, SPANISH, block * (10 * 1024 * 1024 // len(block.encode()) + 1))
    assert str(tmp_path / "en" / "page.md") in err


def test_megabyte_pair_is_linted(tmp_path: Path) -> None:
    """Real sites have pages of 1 MB (release notes): linted, on both sides."""

    def fill(block: str) -> str:
        return block * (1024 * 1024 // len(block.encode()))

    english = fill("Some English text, long enough to be a paragraph, with `code`.\n\n")
    spanish = fill("Un texto en español, bastante largo para ser un párrafo, con `code`.\n\n")
    lint_pair(tmp_path, spanish, english)


@pytest.mark.parametrize(
    "name, text",
    [
        ("quotes", ">" * 5000 + " deep\n"),
        ("quotes-spaced", "> " * 5000 + "deep\n"),
        ("quote-lines", "".join(">" * i + " x\n" for i in range(1, 2000))),
        ("bullets", "".join("  " * i + "- item\n" for i in range(5000))),
        ("bullets-4", "".join("    " * i + "- item\n" for i in range(2000))),
        ("ordered", "".join("   " * i + "1. item\n" for i in range(3000))),
        ("admonitions-nested", "".join("    " * i + "!!! note\n\n" for i in range(1000)) + "    " * 1000 + "x\n"),
        ("emphasis-stars", "*" * 100000 + "\n"),
        ("emphasis-open", "**a" * 50000 + "\n"),
        ("emphasis-mixed", "*_" * 50000 + "\n"),
        ("emphasis-shown-pairs", "(_a_) b_ " * 20000 + "\n"),  # 20,000 "_" shown as text, each with a hint to find
        ("brackets", "[" * 50000 + "x" + "]" * 50000 + "\n"),
        ("links", "[a](b " * 20000 + "\n"),
        ("images", "![" * 30000 + "\n"),
        ("backticks", "`" * 50000 + " x " + "``" * 20000 + "\n"),
        ("html", "<div markdown>\n" * 5000 + "x\n"),
        ("html-close", "</div>\n" * 5000),
        ("details", '<details class="note" markdown>\n' * 3000 + "</details>\n" * 3000),
        ("long-line", "palabra " * 250000 + "\n"),
        ("long-word", "x" * 2_000_000 + "\n"),
        ("long-url", "[a](http://" + "a" * 1_000_000 + ")\n"),
        ("headings", "".join(f"{'#' * (i % 6 + 1)} Título {i}\n\ntexto\n\n" for i in range(5000))),
        ("heading-ids", "".join(f"## Mismo {{ #id-{i % 7} }}\n\n" for i in range(5000))),
        ("admonitions", "".join(f'!!! note "Nota {i}"\n\n    texto {i} [l](https://x/{i})\n\n' for i in range(3000))),
        ("cards", "".join("!!! recommendation\n\n    ![L](a.svg)\n\n    **T** x\n\n" for i in range(3000))),
        ("tabs", "".join(f'=== "T{i}"\n\n    x\n\n' for i in range(3000))),
        ("blocks", "".join(f"/// note | T{i}\nx\n///\n\n" for i in range(3000))),
        ("blocks-unclosed", "/// note\n" * 3000),
        ("footnotes", "".join(f"x[^{i}]\n\n[^{i}]: nota {i}\n\n" for i in range(3000))),
        ("table", "| a | b |\n|---|---|\n" + "| x | y |\n" * 50000),
        ("fences", "```\n" * 20000),
        ("icons", ":material-x: " * 50000 + "\n"),
        ("entities", "&amp;" * 100000 + "\n"),
        ("nul-free-controls", "".join(chr(c) for c in range(1, 32) if c not in (10, 13)) * 1000 + "\n"),
    ],
)
def test_pathological_page(tmp_path: Path, name: str, text: str) -> None:
    lint_pair(tmp_path, text)


@pytest.mark.parametrize(
    "name, text",
    [
        ("headings", "".join(f"## Section {i}\n\nText {i} [l](https://x/{i})\n\n" for i in range(3000))),
        ("admonitions", "".join(f'!!! note "Note {i}"\n\n    text {i} [l](https://x/{i})\n\n' for i in range(3000))),
        ("paragraphs", "".join(f"Paragraph {i} with `code{i}`.\n\n" for i in range(20000))),
        ("link-paragraph", " ".join(f"Word{i} [a link](https://x.org/{i}) and text." for i in range(20000))),
    ],
)
def test_pathological_both_sides(tmp_path: Path, name: str, text: str) -> None:
    """Big English page and a shuffled translation: alignment must stay fast."""
    lines = text.split("\n\n")
    shuffled = "\n\n".join(lines[1::2] + lines[0::2])
    lint_pair(tmp_path, shuffled, text)


# -- the files read are never written ---------------------------------------------------------


def test_site_mode_never_writes(tmp_path: Path) -> None:
    pair(tmp_path, SPANISH.replace("recommendation", "recomendación"))
    (tmp_path / "fr").mkdir()
    (tmp_path / "fr" / "page.md").write_text(ENGLISH, encoding="utf-8")
    files = sorted(tmp_path.rglob("*.md"))
    before = _snapshot(files)
    result = subprocess.run(
        [sys.executable, "-m", "linter", "check", "--format", "json"], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode in (0, 1, 2), result.stderr
    assert "Traceback" not in result.stderr
    assert _snapshot(files) == before
    assert sorted(tmp_path.rglob("*.md")) == files


# -- exit codes -------------------------------------------------------------------------------


def test_exit_0_when_clean(tmp_path: Path) -> None:
    code, out, _ = lint_pair(tmp_path, SPANISH, ENGLISH, "--fail-on", "error")
    assert code == 0 or "error" in out


def test_exit_0_identical_structure(tmp_path: Path) -> None:
    code, out, _ = lint_pair(tmp_path, "# Título\n\nTexto traducido al español aquí.\n", "# Title\n\nEnglish.\n")
    assert code == 0 and out == ""


def test_exit_1_on_findings(tmp_path: Path) -> None:
    bad = SPANISH.replace("!!! recommendation", "!!! recomendación")
    code, out, _ = lint_pair(tmp_path, bad, ENGLISH, "--fail-on", "warning")
    assert code == 1 and out


def test_fail_on_threshold(tmp_path: Path) -> None:
    untranslated = "# Título\n\n" + "Some English text that is long enough to be a paragraph.\n"
    source = "# Title\n\nSome English text that is long enough to be a paragraph.\n"
    code_err, out, _ = lint_pair(tmp_path, untranslated, source, "--fail-on", "error")
    assert out and code_err == 0  # info findings only
    code_info, _, _ = lint_pair(tmp_path, untranslated, source, "--fail-on", "info")
    assert code_info == 1


def test_exit_2_unknown_select(tmp_path: Path) -> None:
    src, tgt = pair(tmp_path, SPANISH)
    code, out, err, _ = check(tmp_path, "--select", "NOPE", "--source", str(src), str(tgt))
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and "NOPE" in err and err.startswith("transmark: ")


def test_exit_2_unknown_ignore(tmp_path: Path) -> None:
    src, tgt = pair(tmp_path, SPANISH)
    code, _, err, _ = check(tmp_path, "--ignore", "no-such-rule", "--source", str(src), str(tgt))
    assert code == 2 and len(err.splitlines()) == 1


def test_exit_2_bad_option_value(tmp_path: Path) -> None:
    src, tgt = pair(tmp_path, SPANISH)
    code, _, _, _ = check(tmp_path, "--fail-on", "fatal", "--source", str(src), str(tgt))
    assert code == 2


def test_exit_2_source_without_translation(tmp_path: Path) -> None:
    src, _ = pair(tmp_path, SPANISH)
    code, _, err, _ = check(tmp_path, "--source", str(src))
    assert code == 2 and len(err.splitlines()) == 1


def test_exit_2_config_error(tmp_path: Path) -> None:
    src, tgt = pair(tmp_path, SPANISH)
    config = tmp_path / "bad.toml"
    config.write_text('[tool]\nfail-on = "sometimes"\nselect = 3\n', encoding="utf-8")
    code, _, err, _ = check(tmp_path, "--config", str(config), "--source", str(src), str(tgt))
    assert code == 2
    assert len(err.splitlines()) == 1 and err.startswith("transmark: ")


def test_exit_2_config_not_toml(tmp_path: Path) -> None:
    src, tgt = pair(tmp_path, SPANISH)
    config = tmp_path / "broken.toml"
    config.write_text("this is = = not toml [", encoding="utf-8")
    code, _, err, _ = check(tmp_path, "--config", str(config), "--source", str(src), str(tgt))
    assert code == 2 and len(err.splitlines()) == 1 and "Traceback" not in err


def test_exit_2_unknown_rule_in_config(tmp_path: Path) -> None:
    src, tgt = pair(tmp_path, SPANISH)
    config = tmp_path / ".transmark.toml"
    config.write_text("[rules.no-such-rule]\nseverity = 'error'\n", encoding="utf-8")
    code, _, err, _ = check(tmp_path, "--config", str(config), "--source", str(src), str(tgt))
    assert code == 2 and "no-such-rule" in err and len(err.splitlines()) == 1


def test_subprocess_bad_file_has_no_traceback(tmp_path: Path) -> None:
    src, tgt = pair(tmp_path, b"\x00\x01\x02")
    result = subprocess.run(
        [sys.executable, "-m", "linter", "check", "--source", str(src), str(tgt)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"transmark: {tgt}: binary file (contains NUL bytes), not a Markdown page"]
