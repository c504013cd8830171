"""CI output: GitHub workflow commands, the Markdown summary, JSON status and `transmark config`."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from workflow_support import SPANISH, git, make_site, run, write

from linter.engine.findings import Finding, Severity
from linter.engine.run import Run
from linter.output.reporters import escape_data, escape_property, github, markdown
from linter.parse.positions import Pos, Span

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

# actions/toolkit's command format: `::name key=value,key=value::message`, where a property value
# has no raw `%`, CR, LF, `:` or `,` and the message no raw `%`, CR or LF.
COMMAND = re.compile(r"^::(?P<name>error|warning|notice) (?P<props>[^:\r\n]*)::(?P<message>[^\r\n]*)$")
PROPERTY = re.compile(
    r"^(?P<key>file|line|endLine|col|endColumn|title)=(?P<value>[^,:%\r\n]*(?:%(?:25|0D|0A|3A|2C)[^,:%\r\n]*)*)$"
)


def unescape(value: str) -> str:
    for escaped, raw in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        value = value.replace(escaped, raw)
    return value


def parse(line: str) -> tuple[str, dict[str, str], str]:
    match = COMMAND.match(line)
    assert match, line
    props = {}
    for item in match["props"].split(","):
        prop = PROPERTY.match(item)
        assert prop, item
        props[prop["key"]] = unescape(prop["value"])
    return match["name"], props, unescape(match["message"])


def finding(path: str, message: str, severity: Severity = Severity.ERROR) -> Finding:
    return Finding(
        "TM201",
        "mismatched-card-logo",
        severity,
        path,
        Span(Pos(9, 5), Pos(9, 41)),
        message,
        source_path="en/page.md",
        source_span=Span(Pos(9, 5), Pos(9, 40)),
        lang="es",
        key="#a/recommendation1",
    )


def test_escaping_follows_the_toolkit() -> None:
    assert escape_data("100% a\r\nb: c, d") == "100%25 a%0D%0Ab: c, d"
    assert escape_property("100% a\r\nb: c, d") == "100%25 a%0D%0Ab%3A c%2C d"
    assert escape_property("%3A") == "%253A"  # escaped once, so it decodes to what it was


@pytest.mark.parametrize(
    "severity, name", [(Severity.ERROR, "error"), (Severity.WARNING, "warning"), (Severity.INFO, "notice")]
)
def test_github_lines_round_trip(severity: Severity, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    message = 'card shows "a,b.svg": 50% of it\nis %0A text, really: yes'
    out = github([finding("es/we,ird:name%.md", message, severity)])
    assert out.endswith("\n") and out.count("\n") == 1
    command, props, text = parse(out.rstrip("\n"))
    assert command == name
    assert props == {
        "file": "es/we,ird:name%.md",
        "line": "9",
        "endLine": "9",
        "col": "5",
        "endColumn": "41",
        "title": "TM201 mismatched-card-logo",
    }
    assert text == message + " (English: en/page.md:9)"


def test_github_paths_are_relative_to_the_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path.parent))
    _, props, _ = parse(github([finding("es/page.md", "x")]).rstrip("\n"))
    assert props["file"] == f"{tmp_path.name}/es/page.md"


def test_github_format_end_to_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    make_site(tmp_path)
    code, out, _ = run("check", "--format", "github", "--select", "TM201")
    assert code == 1
    parsed = [parse(line) for line in out.splitlines()]
    assert [(p["file"], p["line"]) for _, p, _ in parsed] == [
        ("es/page.md", "9"),
        ("es/page.md", "17"),
        ("nl/page.md", "9"),
        ("nl/page.md", "17"),
    ]
    assert {name for name, _, _ in parsed} == {"error"}
    assert summary.read_text(encoding="utf-8").startswith("earlier step\n### transmark: 4 findings")


def _run(findings: list[Finding], status: dict[Finding, str] | None = None) -> Run:
    return Run(findings, 12, Path("."), status=status)


def test_markdown_summary_counts_per_language_and_rule() -> None:
    found = [finding("es/a.md", "x"), finding("es/b.md", "y"), finding("nl/a.md", "z", Severity.INFO)]
    found[2] = Finding(**{**{s: getattr(found[2], s) for s in Finding.__slots__}, "lang": "nl"})
    text = markdown(_run(found))
    assert text.startswith("### transmark: 3 findings in 12 checked pages\n")
    assert "2 error, 1 info." in text
    assert "| rule | es | nl | total |" in text
    assert "| TM201 mismatched-card-logo (error) | 2 |  | 2 |" in text
    assert "| TM201 mismatched-card-logo (info) |  | 1 | 1 |" in text
    pages = text.split("**Worst pages**", 1)[1]
    assert pages.index("`es/a.md`") < pages.index("`nl/a.md`")


def test_markdown_summary_is_short() -> None:
    found = [finding(f"es/page{n}.md", f"m{n}") for n in range(500)]
    text = markdown(_run(found, {f: "new" for f in found}))
    assert "500 new, 0 pre-existing." in text
    assert "Worst 10 of 500 pages" in text and text.count("`es/page") == 10
    assert len(text) < 2000


def test_markdown_summary_without_findings() -> None:
    assert markdown(_run([])) == "### transmark: 0 findings in 12 checked pages\n"


def test_json_status_only_in_pr_mode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    make_site(tmp_path)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "site")
    _, out, _ = run("check", "--select", "TM201", "--format", "json")
    assert all("status" not in f for f in json.loads(out)["findings"])
    write(tmp_path, {"es/page.md": SPANISH + "\nMás.\n"})
    _, out, _ = run("check", "--diff-base", "HEAD", "--select", "TM201", "--format", "json")
    data = json.loads(out)
    assert [f["status"] for f in data["findings"]] == ["pre-existing", "pre-existing"]
    assert data["summary"]["new"] == 0 and data["summary"]["files"] == 1


# --- Configuration: errors name the key; `transmark config` ---------------------------------------


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('colour = "red"\n', 'transmark.toml: unknown key "colour"'),
        ('select = ["TM999"]\n', 'transmark.toml: "select": unknown rule or prefix "TM999"'),
        ('ignore = ["no-such-rule"]\n', 'transmark.toml: "ignore": unknown rule or prefix "no-such-rule"'),
        (
            "[rules.no-such-rule]\nseverity = 'info'\n",
            'transmark.toml: [rules.no-such-rule]: unknown rule "no-such-rule"',
        ),
        ("[rules.mismatched-card-logo]\ncolour = 1\n", 'unknown option "colour"'),
        ("[rules.TM201]\nseverity = 'fatal'\n", 'unknown severity "fatal"'),
        ('changed-source = "all"\n', '"changed-source" must be one of "check-translations", "skip", got "all"'),
        ("suppressions = 3\n", '"suppressions" must be a string, got integer'),
        ('[per-language-ignores]\nnl = ["TM999"]\n', "\"per-language-ignores\" 'nl': unknown rule"),
    ],
)
def test_configuration_errors_exit_2_naming_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, toml: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    make_site(tmp_path, {"transmark.toml": 'source = "en"\ntranslation = "{lang}/{path}"\n' + toml})
    for command in (["check"], ["baseline"], ["check", "--format", "sarif"], ["check", "es/page.md"]):
        code, out, err = run(*command)  # an exception would propagate here
        assert code == 2 and out == "", err
        assert err.startswith("transmark: ") and message in err, err
        assert len(err.splitlines()) == 1


def test_configuration_error_in_a_real_process(tmp_path: Path) -> None:
    make_site(tmp_path, {"transmark.toml": 'source = "en"\ntranslation = "{lang}/{path}"\nfial-on = "info"\n'})
    result = subprocess.run(
        [sys.executable, "-m", "linter", "check"], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == 'transmark: transmark.toml: unknown key "fial-on" (did you mean "fail-on"?)\n'


def test_pyproject_errors_name_the_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    make_site(tmp_path)
    (tmp_path / "transmark.toml").unlink()
    write(
        tmp_path,
        {"pyproject.toml": '[tool.transmark]\nsource = "en"\ntranslation = "{lang}/{path}"\nselect = ["X1"]\n'},
    )
    code, _, err = run("check")
    assert code == 2 and err.startswith('transmark: pyproject.toml: "select" in [tool.transmark]: unknown rule')


def test_config_prints_the_effective_configuration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    make_site(tmp_path)
    toml = (
        'fail-on = "warning"\nsuppressions = "supp.toml"\nchanged-source = "skip"\n'
        '[per-path-ignores]\n"es/**" = ["TM4"]\n[rules.mismatched-card-logo]\nseverity = "warning"\n'
    )
    write(tmp_path, {"transmark.toml": toml})
    code, out, _ = run("config")
    assert code == 0
    assert '# layout: detected source = "en", translation = "{lang}/{path}"' in out
    data = tomllib.loads(out)
    assert data["fail-on"] == "warning" and data["changed-source"] == "skip"
    assert data["per-path-ignores"] == {"es/**": ["TM4"]} and data["suppressions"] == "supp.toml"
    assert data["rules"]["mismatched-card-logo"] == {"severity": "warning"}
    assert "# baseline is not set" in out


def test_url_allowlist_is_a_rule_option(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The link rules' localisation allowlist is set like any rule option, and validated like one."""
    monkeypatch.chdir(tmp_path)
    english = "# T\n\nRead [the article](https://en.wikipedia.org/wiki/Signal) about the messenger app.\n"
    spanish = "# T\n\nLee [el artículo](https://es.wikipedia.org/wiki/Signal) sobre la aplicación.\n"
    layout = 'source = "en"\ntranslation = "{lang}/{path}"\n'
    write(tmp_path, {"en/p.md": english, "es/p.md": spanish, "transmark.toml": layout})
    assert run("check", "--select", "changed-link-target")[:2] == (0, "")
    write(tmp_path, {"transmark.toml": layout + "[rules.changed-link-target]\nlocalized-urls = []\n"})
    code, out, _ = run("check", "--select", "changed-link-target")
    assert code == 0 and "TM501 changed-link-target" in out  # a warning: below the default fail-on
    write(tmp_path, {"transmark.toml": layout + '[rules.changed-link-target]\nlocalized-urls = "es"\n'})
    code, _, err = run("check")
    assert code == 2 and "[rules.changed-link-target] localized-urls: expected list" in err
