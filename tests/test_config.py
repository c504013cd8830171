"""Configuration loading: file lookup, validation messages, and `as_toml`."""

from __future__ import annotations

from pathlib import Path

import pytest

from linter.errors import ConfigError
from linter.project.config import Config, load_config
from linter.project.discovery import Layout

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

FULL = """\
source = "docs"
translation = "i18n/{lang}/{path}"
languages = ["fr", "pt-BR"]
source-lang = "en"
include = ["**/*.md"]
exclude = ["blog/**"]
select = ["TM1"]
ignore = ["heading-count"]
fail-on = "warning"
plugins = ["acme"]

[rules.link-target]
severity = "info"
allow = ["example.com"]
"""


@pytest.fixture(autouse=True)
def _cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Error messages show paths relative to the cwd.
    monkeypatch.chdir(tmp_path)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def error_of(start: Path, explicit: Path | None = None) -> str:
    with pytest.raises(ConfigError) as info:
        load_config(start, explicit)
    return str(info.value)


def test_defaults_when_nothing_is_found(tmp_path: Path) -> None:
    config = load_config(tmp_path)
    assert config == Config(root=tmp_path)
    assert config.path is None and config.source is None
    assert config.include == ("**/*.md",) and config.fail_on == "error"


def test_transmark_toml_top_level(tmp_path: Path) -> None:
    path = write(tmp_path / "transmark.toml", FULL)
    config = load_config(tmp_path)
    assert (config.root, config.path) == (tmp_path, path)
    assert config.source == "docs"
    assert config.translation == "i18n/{lang}/{path}"
    assert config.languages == ("fr", "pt-BR")
    assert config.exclude == ("blog/**",)
    assert config.select == ("TM1",) and config.ignore == ("heading-count",)
    assert config.fail_on == "warning" and config.plugins == ("acme",)
    assert config.rules == {"link-target": {"severity": "info", "allow": ["example.com"]}}
    with pytest.raises(TypeError):
        config.rules["x"] = {}  # type: ignore[index]


def test_pyproject_tool_table(tmp_path: Path) -> None:
    text = FULL.replace("[rules.", "[tool.transmark.rules.")
    write(tmp_path / "pyproject.toml", "[tool.transmark]\n" + text)
    config = load_config(tmp_path)
    assert config.path == tmp_path / "pyproject.toml"
    assert config.languages == ("fr", "pt-BR")
    assert config.rules["link-target"]["severity"] == "info"


def test_upward_search_skips_foreign_pyproject(tmp_path: Path) -> None:
    write(tmp_path / "transmark.toml", 'fail-on = "info"\n')
    write(tmp_path / "site" / "pyproject.toml", '[project]\nname = "site"\n')
    nested = tmp_path / "site" / "docs" / "guide"
    nested.mkdir(parents=True)
    config = load_config(nested)
    assert config.path == tmp_path / "transmark.toml"
    assert config.root == tmp_path and config.fail_on == "info"


def test_nearest_directory_wins(tmp_path: Path) -> None:
    write(tmp_path / "transmark.toml", 'fail-on = "info"\n')
    write(tmp_path / "sub" / "pyproject.toml", '[tool.transmark]\nfail-on = "warning"\n')
    assert load_config(tmp_path / "sub").fail_on == "warning"


def test_precedence_within_a_directory(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.transmark]\nfail-on = "info"\n')
    assert load_config(tmp_path).fail_on == "info"
    write(tmp_path / "transmark.toml", 'fail-on = "warning"\n')
    assert load_config(tmp_path).fail_on == "warning"
    write(tmp_path / ".transmark.toml", 'fail-on = "error"\n')
    assert load_config(tmp_path).path == tmp_path / ".transmark.toml"


def test_start_may_be_a_file(tmp_path: Path) -> None:
    write(tmp_path / "transmark.toml", "")
    page = write(tmp_path / "docs" / "index.md", "# Hi\n")
    assert load_config(page).root == tmp_path


def test_explicit_file_wins_over_search(tmp_path: Path) -> None:
    write(tmp_path / "transmark.toml", 'fail-on = "info"\n')
    other = write(tmp_path / "ci" / "lint.toml", 'fail-on = "warning"\n')
    config = load_config(tmp_path, other)
    assert config.fail_on == "warning" and config.root == tmp_path / "ci"


def test_explicit_pyproject_needs_tool_table(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n')
    assert error_of(tmp_path, path) == "pyproject.toml: no [tool.transmark] table"


def test_explicit_file_missing(tmp_path: Path) -> None:
    message = error_of(tmp_path, Path("nope.toml"))
    assert message == "nope.toml: configuration file not found"


def test_unknown_key_is_named(tmp_path: Path) -> None:
    write(tmp_path / "transmark.toml", 'sourc = "docs"\n')
    assert error_of(tmp_path) == ('transmark.toml: unknown key "sourc" (did you mean "source"?)')


def test_unknown_key_in_pyproject_names_the_table(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.transmark]\nfail_on = "info"\n')
    assert error_of(tmp_path) == ('pyproject.toml: unknown key "fail_on" in [tool.transmark] (did you mean "fail-on"?)')


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('languages = "fr"', '"languages" must be an array of strings, got string'),
        ("include = [1, 2]", '"include" must be an array of strings, got an array of integer'),
        ("source-lang = 3", '"source-lang" must be a string, got integer'),
        ("select = true", '"select" must be an array of strings, got boolean'),
        ("rules = { x = 1 }", '"rules" must be a table of tables, got a table of integer'),
        ('fail-on = "fatal"', '"fail-on" must be one of "error", "warning", "info", got "fatal"'),
        ('source = "docs"', '"source" and "translation" must be set together'),
    ],
)
def test_invalid_values(tmp_path: Path, line: str, message: str) -> None:
    write(tmp_path / "transmark.toml", line + "\n")
    assert error_of(tmp_path) == f"transmark.toml: {message}"


def test_invalid_translation_pattern(tmp_path: Path) -> None:
    write(tmp_path / "transmark.toml", 'source = "docs"\ntranslation = "i18n/{path}"\n')
    assert error_of(tmp_path) == ('transmark.toml: "translation": pattern "i18n/{path}" must contain {lang}')


def test_invalid_toml_has_line_and_column(tmp_path: Path) -> None:
    write(tmp_path / ".transmark.toml", 'source = "docs"\nlanguages = [fr]\n')
    message = error_of(tmp_path)
    assert message.startswith(".transmark.toml:2:14: invalid TOML: ")
    assert "(at line" not in message


def test_invalid_utf8(tmp_path: Path) -> None:
    (tmp_path / "transmark.toml").write_bytes(b'source = "\xff"\n')
    assert error_of(tmp_path).startswith("transmark.toml: not UTF-8")


def test_as_toml_round_trips(tmp_path: Path) -> None:
    write(tmp_path / "transmark.toml", FULL)
    config = load_config(tmp_path)
    text = config.as_toml()
    assert text.startswith("# configuration file: transmark.toml\n")
    again = write(tmp_path / "copy" / "transmark.toml", text)
    assert load_config(again.parent) == Config(**{**config.__dict__, "root": again.parent, "path": again})
    assert tomllib.loads(text)["rules"]["link-target"]["allow"] == ["example.com"]


def test_as_toml_comments_out_unset_keys(tmp_path: Path) -> None:
    text = Config(root=tmp_path).as_toml()
    assert "# source is not set\n" in text and "# select is not set\n" in text
    assert 'fail-on = "error"\n' in text
    assert tomllib.loads(text)["include"] == ["**/*.md"]


def test_as_toml_escapes_strings(tmp_path: Path) -> None:
    config = Config(root=tmp_path, exclude=('a"b\\c\x7f', "é"))
    assert tomllib.loads(config.as_toml())["exclude"] == ['a"b\\c\x7f', "é"]


def test_configured_layout(tmp_path: Path) -> None:
    write(tmp_path / "transmark.toml", FULL)
    assert load_config(tmp_path).layout() == Layout(
        "docs", "i18n/{lang}/{path}", ("fr", "pt-BR"), "en", ("**/*.md",), ("blog/**",)
    )


def test_detected_layout_takes_configured_languages(tmp_path: Path) -> None:
    for lang in ("en", "fr", "de"):
        write(tmp_path / "docs" / lang / "index.md", "# Hi\n")
    write(tmp_path / "transmark.toml", 'languages = ["fr"]\nexclude = ["old/**"]\n')
    assert load_config(tmp_path).layout() == Layout(
        "docs/en", "docs/{lang}/{path}", ("fr",), "en", ("**/*.md",), ("old/**",)
    )


def test_no_layout_without_config_or_structure(tmp_path: Path) -> None:
    assert load_config(tmp_path).layout() is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('include = ["../**"]', '"include": "../**" must stay inside the site'),
        ('exclude = ["docs/../../x"]', '"exclude": "docs/../../x" must stay inside the site'),
        ('source = "docs"\ntranslation = "i18n/{lang}/\\u0000{path}"', "contains a control character"),
        ('languages = ["", "fr"]', '"languages": "" is empty'),
        ('languages = ["../.."]', '"languages": "../.." is not a language code'),
        ("export-share = 1.5", '"export-share" must be a number from 0 to 1, got float'),
    ],
)
def test_values_that_would_find_nothing_are_errors(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / ".transmark.toml").write_text(text + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=None) as raised:
        load_config(tmp_path)
    assert message in str(raised.value) and "\n" not in str(raised.value)
    assert str(raised.value).startswith(".transmark.toml: ")


def test_bom_is_accepted(tmp_path: Path) -> None:
    (tmp_path / ".transmark.toml").write_text('\ufefffail-on = "warning"\nexport-share = 0.8\n', encoding="utf-8")
    config = load_config(tmp_path)
    assert config.fail_on == "warning" and config.export_share == 0.8


def test_readme_documents_every_config_key() -> None:
    """The README's configuration example names every key the loader accepts."""
    from linter.project.config import _KEYS

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    example = readme.split("## Configuration", 1)[1].split("```toml\n", 1)[1].split("```", 1)[0]
    written = {line.split("=")[0].strip() for line in example.splitlines() if "=" in line and line[:1].isalpha()}
    written |= {line.strip("[]").split(".")[0] for line in example.splitlines() if line.startswith("[")}
    assert set(_KEYS) <= written, f"README's configuration lacks {sorted(set(_KEYS) - written)}"
