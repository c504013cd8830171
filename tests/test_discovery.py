"""Finding (language, source, translation) triples, and guessing the site layout."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from linter.errors import ConfigError
from linter.project.discovery import Layout, Target, detect_layout, discover, listing
from linter.project.target import entry_of

SAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "corpus"  # a few real pages
LAYOUTS = SAMPLE.parent / "layouts"  # a small site per layout
I18N = Layout("docs", "i18n/{lang}/{path}")

PRIVACYGUIDES_CROWDIN = """\
project_id_env: CROWDIN_PROJECT_ID
api_token_env: CROWDIN_PERSONAL_TOKEN
preserve_hierarchy: true
files:
  - source: /docs/**/*.*
    translation: /i18n/%two_letters_code%/**/%file_name%.%file_extension%
"""


@pytest.fixture(autouse=True)
def _cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Targets hold paths relative to the cwd, as the user would type them.
    monkeypatch.chdir(tmp_path)


def make(root: Path, *files: str) -> None:
    for name in files:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("# Page\n", encoding="utf-8")


def triples(targets: list[Target]) -> list[tuple[str, str, str]]:
    return [(t.lang, t.source.as_posix(), t.translation.as_posix()) for t in targets]


def i18n_site(root: Path) -> None:
    make(
        root,
        "docs/index.md",
        "docs/basics/vpn.md",
        "docs/untranslated.md",
        "docs/assets/logo.md.png",
        "i18n/fr/index.md",
        "i18n/fr/basics/vpn.md",
        "i18n/fr/removed.md",
        "i18n/fr/notes.txt",
        "i18n/pt-BR/index.md",
        "i18n/.cache/index.md",
    )


def test_configured_layout_finds_translations_and_orphans(tmp_path: Path) -> None:
    i18n_site(tmp_path)
    assert triples(discover(tmp_path, I18N)) == [
        ("fr", "docs/basics/vpn.md", "i18n/fr/basics/vpn.md"),
        ("fr", "docs/index.md", "i18n/fr/index.md"),
        ("fr", "docs/removed.md", "i18n/fr/removed.md"),  # source missing
        ("pt-BR", "docs/index.md", "i18n/pt-BR/index.md"),
    ]


def test_configured_languages_and_excludes(tmp_path: Path) -> None:
    i18n_site(tmp_path)
    layout = Layout("docs", "i18n/{lang}/{path}", ("pt-BR", "fr", "en"), exclude=("basics",))
    assert [t.translation.as_posix() for t in discover(tmp_path, layout)] == [
        "i18n/fr/index.md",
        "i18n/fr/removed.md",
        "i18n/pt-BR/index.md",
    ]


def test_exclude_names_translated_paths(tmp_path: Path) -> None:
    """One language's copy of a page can be skipped without dropping the page in every language."""
    i18n_site(tmp_path)
    layout = Layout("docs", "i18n/{lang}/{path}", exclude=("i18n/fr/basics/vpn.md", "i18n/pt-BR"))
    assert [t.translation.as_posix() for t in discover(tmp_path, layout)] == ["i18n/fr/index.md", "i18n/fr/removed.md"]
    assert discover(tmp_path, layout, [tmp_path / "docs/basics/vpn.md"]) == []


def test_include_globs(tmp_path: Path) -> None:
    i18n_site(tmp_path)
    layout = Layout("docs", "i18n/{lang}/{path}", include=("basics/*.md", "*x.md"))
    assert [t.translation.as_posix() for t in discover(tmp_path, layout)] == [
        "i18n/fr/basics/vpn.md",
        "i18n/fr/index.md",
        "i18n/pt-BR/index.md",
    ]


def test_results_are_sorted_and_deterministic(tmp_path: Path) -> None:
    i18n_site(tmp_path)
    first = discover(tmp_path, I18N)
    assert first == sorted(first) == discover(tmp_path, I18N)


def test_paths_outside_the_cwd_are_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    i18n_site(site)
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    target = discover(site, I18N, [site / "i18n/pt-BR/index.md"])
    assert target == [Target("pt-BR", site / "docs/index.md", site / "i18n/pt-BR/index.md")]


@pytest.mark.parametrize("layout", sorted(p.name for p in LAYOUTS.iterdir()))
@pytest.mark.parametrize("where", ["root", "above", "inside", "elsewhere"])
def test_the_listing_is_what_discovery_finds(
    layout: str, where: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A site's listing (path strings, no Targets) names every page as discovery's Targets do, from any folder."""
    root = tmp_path / "up" / "site"
    shutil.copytree(LAYOUTS / layout, root)
    i18n_site(root)  # with pages of more languages, in folders and nested
    found = detect_layout(root)
    assert found is not None
    inside = next(p for p in sorted(root.rglob("*")) if p.is_dir() and not p.name.startswith("."))
    cwd = {"root": root, "above": tmp_path, "inside": inside, "elsewhere": tmp_path / "up" / "other"}[where]
    cwd.mkdir(exist_ok=True)
    monkeypatch.chdir(cwd)
    entries = listing(root, found)
    assert entries and entries == sorted(map(entry_of, discover(root, found, [])))


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("i18n/fr/basics/vpn.md", ["i18n/fr/basics/vpn.md"]),
        ("docs/index.md", ["i18n/fr/index.md", "i18n/pt-BR/index.md"]),
        ("docs/basics", ["i18n/fr/basics/vpn.md"]),
        ("i18n/pt-BR", ["i18n/pt-BR/index.md"]),
        ("i18n/fr/removed.md", ["i18n/fr/removed.md"]),
        ("docs/untranslated.md", []),
        ("i18n/fr/missing.md", []),
        ("i18n/fr/notes.txt", []),
        ("i18n/.cache/index.md", []),
        ("README.md", []),
    ],
)
def test_paths_limit_the_run(tmp_path: Path, path: str, expected: list[str]) -> None:
    i18n_site(tmp_path)
    targets = discover(tmp_path, I18N, [Path(path)])
    assert [t.translation.as_posix() for t in targets] == expected


def test_root_directory_path_selects_everything(tmp_path: Path) -> None:
    i18n_site(tmp_path)
    everything = discover(tmp_path, I18N)
    assert discover(tmp_path, I18N, [Path(".")]) == everything
    paths = [Path("docs/index.md"), Path("i18n/fr/index.md")]
    assert len(discover(tmp_path, I18N, paths)) == 2  # overlapping paths dedupe


def test_no_layout_configured_or_detected(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no translation layout found"):
        discover(tmp_path, None)


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        ("i18n/{path}", "must contain {lang}"),
        ("i18n/{lang}/{name}", "must contain {path} or {stem}"),
        ("i18n/{lang}/{file}", "unknown placeholder {file}"),
        ("i18n/{lang}/{path!r}", "unknown placeholder {path}"),
        ("/i18n/{lang}/{path}", "must be a relative path"),
        ("./i18n/{lang}/{path}", "must be a relative path"),
        ("i18n/{lang/{path}", "malformed"),
    ],
)
def test_layout_rejects_bad_patterns(pattern: str, problem: str) -> None:
    with pytest.raises(ConfigError, match=problem.replace("{", r"\{")):
        Layout("docs", pattern)


# --- Detection ----------------------------------------------------------------------


def test_crowdin_privacyguides(tmp_path: Path) -> None:
    i18n_site(tmp_path)
    (tmp_path / "crowdin.yml").write_text(PRIVACYGUIDES_CROWDIN, encoding="utf-8")
    layout = detect_layout(tmp_path)
    assert layout == Layout("docs", "i18n/{lang}/{path}", include=("**/*.*",))
    assert discover(tmp_path, None) == discover(tmp_path, I18N)


def test_crowdin_locale_stem_and_ignore(tmp_path: Path) -> None:
    (tmp_path / "crowdin.yaml").write_text(
        "base_path: site\n"
        "files:\n"
        "  - source: /strings/*.json\n"
        "    translation: /strings/%locale%.json\n"
        "  - source: /content/**/*.md\n"
        "    translation: /l10n/%locale%/**/%file_name%.md\n"
        "    ignore: [/content/drafts/**]\n",
        encoding="utf-8",
    )
    make(tmp_path, "site/content/a/b.md", "site/l10n/pt-BR/a/b.md", "site/l10n/fr/x.md")
    make(tmp_path, "site/content/drafts/d.md", "site/l10n/fr/drafts/d.md")
    layout = detect_layout(tmp_path)
    assert layout == Layout("site/content", "site/l10n/{lang}/{stem}.md", None, "en", ("**/*.md",), ("drafts/**",))
    assert triples(discover(tmp_path, layout)) == [
        ("fr", "site/content/x.md", "site/l10n/fr/x.md"),
        ("pt-BR", "site/content/a/b.md", "site/l10n/pt-BR/a/b.md"),
    ]


def test_crowdin_original_path_with_preserved_hierarchy(tmp_path: Path) -> None:
    (tmp_path / "crowdin.yml").write_text(
        "preserve_hierarchy: true\n"
        "files:\n"
        "  - source: /docs/**/*.md\n"
        "    translation: /tr/%two_letters_code%/%original_path%/%original_file_name%\n",
        encoding="utf-8",
    )
    assert detect_layout(tmp_path) == Layout("docs", "tr/{lang}/docs/{path}", include=("**/*.md",))


def test_crowdin_flattened_hierarchy_is_not_supported(tmp_path: Path) -> None:
    (tmp_path / "crowdin.yml").write_text(
        "files:\n  - source: /docs/**/*.md\n    translation: /tr/%two_letters_code%/%original_file_name%\n",
        encoding="utf-8",
    )
    assert detect_layout(tmp_path) is None


def test_crowdin_invalid_yaml(tmp_path: Path) -> None:
    (tmp_path / "crowdin.yml").write_text("files: [\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"^crowdin\.yml:2:1: invalid YAML: expected the node content") as raised:
        detect_layout(tmp_path)
    assert "\n" not in str(raised.value)  # one line naming the file


def test_static_i18n_suffix_without_mkdocs_config(tmp_path: Path) -> None:
    make(
        tmp_path,
        "docs/index.md",
        "docs/index.fr.md",
        "docs/setup/install.md",
        "docs/setup/install.de.md",
        "docs/setup/install.fr.md",
        "docs/gone.fr.md",
        "docs/jquery.min.md",
    )
    layout = detect_layout(tmp_path)
    assert layout == Layout("docs", "docs/{stem}.{lang}.{ext}", ("de", "fr"))
    assert triples(discover(tmp_path, layout)) == [
        ("de", "docs/setup/install.md", "docs/setup/install.de.md"),
        ("fr", "docs/gone.md", "docs/gone.fr.md"),
        ("fr", "docs/index.md", "docs/index.fr.md"),
        ("fr", "docs/setup/install.md", "docs/setup/install.fr.md"),
    ]
    limited = discover(tmp_path, layout, [Path("docs/setup/install.md")])
    assert [t.lang for t in limited] == ["de", "fr"]


def test_configured_suffix_layout_discovers_languages(tmp_path: Path) -> None:
    make(tmp_path, "docs/index.md", "docs/index.fr.md", "docs/jquery.min.md")
    layout = Layout("docs", "docs/{stem}.{lang}.{ext}")
    assert triples(discover(tmp_path, layout)) == [("fr", "docs/index.md", "docs/index.fr.md")]


MKDOCS = """\
site_name: Demo
docs_dir: content
theme:
  name: material
markdown_extensions:
  - pymdownx.emoji:
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
plugins:
  - search
  - i18n:
      docs_structure: {structure}
      languages:
        - locale: en
          default: true
        - locale: es
        - locale: zh-Hant
extra:
  analytics: !ENV [ANALYTICS, "none"]
"""


def test_static_i18n_plugin_suffix(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(MKDOCS.format(structure="suffix"), "utf-8")
    assert detect_layout(tmp_path) == Layout("content", "content/{stem}.{lang}.{ext}", ("es", "zh-Hant"))


def test_static_i18n_plugin_folder(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(MKDOCS.format(structure="folder"), "utf-8")
    make(tmp_path, "content/en/index.md", "content/es/index.md")
    layout = detect_layout(tmp_path)
    assert layout == Layout("content/en", "content/{lang}/{path}", ("es", "zh-Hant"))
    assert triples(discover(tmp_path, layout)) == [("es", "content/en/index.md", "content/es/index.md")]


def test_folder_per_language_under_docs(tmp_path: Path) -> None:
    make(
        tmp_path,
        "docs/en/index.md",
        "docs/en/guide/start.md",
        "docs/fr/index.md",
        "docs/zh_TW/guide/start.md",
        "docs/img/logo.md",
    )
    layout = detect_layout(tmp_path)
    assert layout == Layout("docs/en", "docs/{lang}/{path}")
    assert triples(discover(tmp_path, layout)) == [
        ("fr", "docs/en/index.md", "docs/fr/index.md"),
        ("zh_TW", "docs/en/guide/start.md", "docs/zh_TW/guide/start.md"),
    ]


def test_nothing_to_detect(tmp_path: Path) -> None:
    make(tmp_path, "docs/index.md", "docs/en/index.md", "docs/img/index.png")
    assert detect_layout(tmp_path) is None


def copy_corpus_sample(root: Path) -> None:
    pages = ["index.md", "basics/threat-modeling.md", "vpn.md"]
    for lang in ("en", "es", "he"):
        for page in pages[: 3 if lang != "he" else 2]:
            target = root / lang / page
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(SAMPLE / lang / page, target)
    make(root, "src/main.py", "img/logo.png", ".git/index.md", "README.md")


def test_lang_path_layout_on_corpus_sample(tmp_path: Path) -> None:
    copy_corpus_sample(tmp_path)
    layout = Layout("en", "{lang}/{path}")
    assert detect_layout(tmp_path) == layout
    targets = discover(tmp_path, layout)
    assert [(t.lang, t.translation.as_posix()) for t in targets] == [
        ("es", "es/basics/threat-modeling.md"),
        ("es", "es/index.md"),
        ("es", "es/vpn.md"),
        ("he", "he/basics/threat-modeling.md"),
        ("he", "he/index.md"),
    ]
    assert all(t.source == Path("en") / t.translation.relative_to(t.lang) for t in targets)
    assert len(discover(tmp_path, layout, [Path("en/vpn.md")])) == 1


@pytest.mark.corpus
def test_whole_corpus(shared: Path) -> None:
    targets = discover(shared / "corpus", Layout("en", "{lang}/{path}"))
    assert len(targets) == 6 * 123 == 738
    assert {t.lang for t in targets} == {"es", "he", "ja", "nl", "ru", "uk"}
    assert all(t.source.is_file() for t in targets)
