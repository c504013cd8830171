"""`transmark origin`: the English revision a translation was made from, what changed since, stale blocks."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_history import BUNDLED_HISTORY, ORIGIN, REVISIONS, git, make_repo

from linter.align.aligner import align
from linter.cli.main import main
from linter.history import origin
from linter.history.changes import section_changes
from linter.history.fingerprint import CACHE_NAMESPACE, fingerprint, page_tokens
from linter.history.history import FingerprintCache, FolderHistory, History, open_history
from linter.history.origin import OriginFinder, SourceHistory
from linter.parse.dialect import Dialect
from linter.parse.markdown import parse_page
from linter.parse.source import SourceText

SEEDS = Path(__file__).parent.parent / "fixtures" / "seeds"
SPANISH = (ORIGIN / "es-2.md").read_text(encoding="utf-8")  # translated from en-2.md


def page(text: str, path: str = "es.md"):
    return parse_page(SourceText(path, text), "es")


@pytest.fixture(scope="module")
def en_history(en_history_dir: Path) -> FolderHistory:
    """Every English revision of the seed page: tests using it carry the corpus marker."""
    return FolderHistory(en_history_dir)


@pytest.fixture(scope="module")
def finder() -> OriginFinder:
    return OriginFinder()


# -- the seeds ---------------------------------------------------------------------------------

# Checked by reading each seed beside the revisions (fixtures/seeds/README.md):
# 000/001: front matter has `description` (added by 5bad28ff) and no `meta_title` (added next, by
#   b1fcc23d): the outline ## ### ### ### ## ### ### ## ### is 5bad28ff's; 000's English sentence
#   "Should have Perfect Forward Secrecy." exists only from 2023-02-16 to 2023-04-17.
# 002: 14 lines differ from 9b5446c7 (the damaged headings and one truncated line); b5f47739 has
#   the old `[Homepage](…) [Privacy Policy](…)` button line instead of the five card links.
# 003: all five headings `##` at lines 10, 43, 74, 99, 131 as in 64d736a7; d67dcaea adds Criteria.
#   (Its Briar downloads lack the Windows/Linux lines a1e40a79 added: the export mixes revisions.)
# 004: `/assets/…` image paths and `/threat-modeling` as in e37fa65b and e39f0635, which differ only
#   in the translated title; the newer is named and the tie reported.
SEED_ORIGINS = {
    "000": ("5bad28ff", "b1fcc23d", "close"),
    "001": ("5bad28ff", "b1fcc23d", "close"),
    "002": ("9b5446c7", "b5f47739", "clear"),
    "003": ("64d736a7", "d67dcaea", "clear"),
    "004": ("e39f0635", "e37fa65b", "tie"),
}


@pytest.mark.corpus
@pytest.mark.parametrize("seed", sorted(SEED_ORIGINS))
def test_seed_origin(seed: str, en_history: FolderHistory, finder: OriginFinder) -> None:
    translation = parse_page(SourceText.read(next(SEEDS.glob(f"{seed}_*.txt"))))
    found = finder.find(translation, en_history, changes=False, stale=False)
    winner, runner_up, confidence = SEED_ORIGINS[seed]
    assert found.best.revision.commit == winner
    assert found.runner_up is not None and found.runner_up.revision.commit == runner_up
    assert found.confidence == confidence


@pytest.mark.parametrize("seed", ["000", "002", "003", "004"])
def test_seed_origin_among_the_bundled_revisions(seed: str, finder: OriginFinder) -> None:
    """The four bundled revisions hold these seeds' origins: each is found without the full history."""
    translation = parse_page(SourceText.read(next(SEEDS.glob(f"{seed}_*.txt"))))
    found = finder.find(translation, FolderHistory(BUNDLED_HISTORY), changes=False, stale=False)
    assert found.best.revision.commit == SEED_ORIGINS[seed][0]


@pytest.mark.corpus
def test_seed_origins_are_the_ones_the_seed_tests_use(en_history: FolderHistory, finder: OriginFinder) -> None:
    recorded = {path.stem.split("_")[1] for path in (SEEDS / "en").glob("*.md")}
    assert {winner for winner, _, _ in SEED_ORIGINS.values()} == recorded


@pytest.mark.corpus
def test_seed_scores_and_what_changed_since(en_history: FolderHistory, finder: OriginFinder) -> None:
    found = finder.find(parse_page(SourceText.read(next(SEEDS.glob("003_*.txt")))), en_history)
    assert round(found.best.score, 3) == 0.969 and round(found.runner_up.score, 3) == 0.864
    assert found.newer == 43
    summary = [(c.kind, c.heading) for c in found.changes]
    assert summary == [
        ("edited", "(top of page)"),
        ("edited", "## Signal"),
        ("removed", "## Element"),
        ("added", "### Molly (Android)"),
        ("edited", "## SimpleX Chat"),
        ("removed", "## Session"),
        ("edited", "## Briar"),
        ("added", "## Criteria"),
        ("added", "### Minimum Requirements"),
        ("added", "### Best-Case"),
    ]
    signal = found.changes[1]
    assert signal.old_lines == (10, 41) and signal.new_lines == (19, 66)
    assert "-        - [:simple-windows11: Windows](https://signal.org/download/windows)" in signal.diff
    assert "+- [:fontawesome-brands-windows: Windows](https://signal.org/download/windows)" in signal.diff


@pytest.mark.corpus
def test_seed_stale_blocks_quote_both_english_versions(en_history: FolderHistory, finder: OriginFinder) -> None:
    found = finder.find(parse_page(SourceText.read(next(SEEDS.glob("003_*.txt")))), en_history)
    windows = next(s for s in found.stale if s.node.span.start.line == 31)
    assert windows.then == "- [:simple-windows11: Windows](https://signal.org/download/windows)"
    assert windows.now == "- [:fontawesome-brands-windows: Windows](https://signal.org/download/windows)"
    assert (windows.revision.commit, windows.changed.commit) == ("1633232f", "7e0218b0")
    # Translated blocks whose facts are today's English are not stale.
    assert 28 not in {s.node.span.start.line for s in found.stale}  # Google Play: unchanged link


# -- a real git history ------------------------------------------------------------------------


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, list[str]]:
    return make_repo(tmp_path / "repo")


def test_git_history_names_the_commit_and_the_sections_changed_since(repo: tuple[Path, list[str]]) -> None:
    root, commits = repo
    found = OriginFinder().find(page(SPANISH), open_history(root / "docs" / "passwords.md"))
    assert found.best.revision.commit == commits[1]
    assert found.runner_up is not None and found.runner_up.revision.commit in (commits[0], commits[2])
    assert found.confidence == "clear"
    assert found.newer == 2
    assert [(c.kind, c.heading) for c in found.changes] == [
        ("edited", "## KeePassXC"),
        ("removed", "## FAQ"),
        ("added", "## Proton Pass"),
    ]
    keepass = found.changes[0].diff
    assert keepass.startswith(f"--- 2024-01-02 12:00 {commits[1][:8]}\n+++ 2024-01-04 12:00 {commits[3][:8]}\n")
    assert "@@ -19,3 +19,3 @@" in keepass
    assert "+**KeePassXC** stores your passwords in an encrypted local file." in keepass
    assert found.changes[1].new_lines is None and found.changes[2].old_lines is None


def test_up_to_date_translation_has_no_changes(repo: tuple[Path, list[str]]) -> None:
    root, commits = repo
    current = REVISIONS[3].replace("Use a password manager", "Usa un gestor de contraseñas")
    found = OriginFinder().find(page(current), open_history(root / "docs" / "passwords.md"))
    assert found.best.revision.commit == commits[3]
    assert found.newer == 0 and found.changes == [] and found.stale == []


def test_stale_block_in_an_otherwise_current_translation(repo: tuple[Path, list[str]]) -> None:
    root, commits = repo
    # Translated from en-4, but the Bitwarden paragraph still links en-1's whitepaper URL.
    text = REVISIONS[3].replace("bitwarden-security-whitepaper/", "bitwarden-security-white-paper/")
    found = OriginFinder().find(page(text), open_history(root / "docs" / "passwords.md"))
    assert found.best.revision.commit == commits[3]
    [stale] = found.stale
    assert stale.node.span.start.line == 13 and stale.current.span.start.line == 13
    assert (stale.revision.commit, stale.changed.commit) == (commits[0], commits[1])
    assert "white-paper/" in stale.then and "whitepaper/" in stale.now


def test_translation_of_an_old_block_is_stale_only_where_english_changed_it(repo: tuple[Path, list[str]]) -> None:
    root, commits = repo
    found = OriginFinder().find(page(SPANISH), open_history(root / "docs" / "passwords.md"))
    # KeePassXC's paragraph gained a Flathub link in en-4; the Spanish has en-3's single link.
    assert [(s.node.span.start.line, s.revision.commit, s.changed.commit) for s in found.stale] == [
        (21, commits[2], commits[3])
    ]


def test_stale_blocks_reuse_the_alignment_check_has(repo: tuple[Path, list[str]]) -> None:
    root, _ = repo
    history = open_history(root / "docs" / "passwords.md")
    finder = OriginFinder()
    translation = page(SPANISH)
    alignment = align(finder.page(history, history.current), translation)
    found = finder.stale_blocks(translation, history, alignment)
    assert [s.node for s in found] == [s.node for s in finder.stale_blocks(translation, history)] != []


def test_source_history_gives_check_the_stale_blocks_of_a_pair(repo: tuple[Path, list[str]], tmp_path: Path) -> None:
    root, commits = repo
    english = parse_page(SourceText.read(root / "docs" / "passwords.md"), "en")
    alignment = align(english, page(SPANISH))
    [stale] = SourceHistory(cache_dir=tmp_path / "cache").stale_blocks(alignment)
    assert (stale.node.span.start.line, stale.changed.commit) == (21, commits[3])
    (tmp_path / "en.md").write_text(REVISIONS[3], encoding="utf-8")
    outside = align(parse_page(SourceText.read(tmp_path / "en.md"), "en"), page(SPANISH))
    assert SourceHistory().stale_blocks(outside) == []  # not in git: no history, no finding


def test_only_a_pair_with_a_block_that_may_be_stale_fingerprints_the_revisions(
    repo: tuple[Path, list[str]], monkeypatch
) -> None:
    """A block can be stale only where its facts are not its English block's: a translation whose facts all
    match (most pairs) parses no revision; the old headings come from the revisions' lines."""
    root, _ = repo
    path = root / "docs" / "passwords.md"
    history = open_history(path)
    expected = {revision.blob: fp.headings for revision, fp in OriginFinder().prints(history)}
    english = parse_page(SourceText.read(path), "en")

    def parsed(*args: object) -> None:
        raise AssertionError("a revision was parsed")

    monkeypatch.setattr(origin, "fingerprint", parsed)
    finder = OriginFinder()
    assert finder.headings(history) == expected
    current = REVISIONS[3].replace("Use a password manager", "Usa un gestor de contraseñas")
    assert finder.stale_blocks(page(current), history, align(english, page(current))) == []
    stale = REVISIONS[3].replace("bitwarden-security-whitepaper/", "bitwarden-security-white-paper/")
    with pytest.raises(AssertionError, match="parsed"):
        finder.stale_blocks(page(stale), history, align(english, page(stale)))


def test_a_historys_headings_are_one_cache_entry(repo: tuple[Path, list[str]], tmp_path: Path, monkeypatch) -> None:
    """Read from the revisions' lines once and kept as one entry for the history (not one file per revision, which
    a first run with a long history writes by the thousand); a damaged entry is read from the revisions again."""
    root, _ = repo
    history = open_history(root / "docs" / "passwords.md")
    first = OriginFinder(FingerprintCache(tmp_path / "cache", CACHE_NAMESPACE)).headings(history)
    assert first == {revision.blob: fp.headings for revision, fp in OriginFinder().prints(history)}
    [entry] = (tmp_path / "cache").rglob("*-h.json")
    asked = _asked_blobs(monkeypatch, history)
    assert OriginFinder(FingerprintCache(tmp_path / "cache", CACHE_NAMESPACE)).headings(history) == first
    assert asked == []
    entry.write_text(entry.read_text(encoding="utf-8").replace("]]", "]", 1), encoding="utf-8")
    assert OriginFinder(FingerprintCache(tmp_path / "cache", CACHE_NAMESPACE)).headings(history) == first
    assert sorted(asked) == sorted(revision.blob for revision in history.revisions)


# -- l10n.sourceCommit -------------------------------------------------------------------------


def _with_source_commit(text: str, commit: str) -> str:
    return text.replace(
        "title: Gestores de contraseñas\n", f"title: Gestores de contraseñas\nl10n:\n  sourceCommit: {commit}\n"
    )


def test_recorded_base_that_agrees(repo: tuple[Path, list[str]]) -> None:
    root, commits = repo
    found = OriginFinder().find(
        page(_with_source_commit(SPANISH, commits[1])), open_history(root, Path("docs/passwords.md"))
    )
    assert found.recorded is not None and found.recorded.agrees
    assert found.recorded.revision is not None and found.recorded.revision.commit == commits[1]


def test_recorded_base_that_disagrees_is_scored(repo: tuple[Path, list[str]]) -> None:
    root, commits = repo
    found = OriginFinder().find(
        page(_with_source_commit(SPANISH, commits[3])), open_history(root, Path("docs/passwords.md"))
    )
    assert found.best.revision.commit == commits[1]
    assert found.recorded is not None and not found.recorded.agrees
    assert found.recorded.score is not None and found.recorded.score < found.best.score


def test_recorded_repository_commit_resolves_to_the_page_then(repo: tuple[Path, list[str]], tmp_path: Path) -> None:
    root, commits = repo
    # Two revisions with the same structure: the recorded base decides the tie.
    en = [REVISIONS[1], REVISIONS[1].replace("Use a password manager", "Always use a password manager")]
    root, commits = make_repo(tmp_path / "tie", en)
    (root / "other.md").write_text("# Other\n", encoding="utf-8")
    git(root, "add", "other.md")
    git(root, "commit", "-q", "-m", "another page", date="2024-01-03T12:00:00+00:00")
    head = git(root, "rev-parse", "HEAD")
    history = open_history(root, Path("docs/passwords.md"))
    plain = OriginFinder().find(page(SPANISH), history)
    assert plain.confidence == "tie" and plain.best.revision.commit == commits[1]  # the newest of the tie
    first = OriginFinder().find(page(_with_source_commit(SPANISH, commits[0])), history)
    assert first.best.revision.commit == commits[0] and first.recorded.agrees
    at_head = OriginFinder().find(page(_with_source_commit(SPANISH, head)), history)
    assert at_head.recorded.revision.commit == commits[1] and at_head.recorded.agrees


def test_recorded_commit_missing_from_history(repo: tuple[Path, list[str]]) -> None:
    root, _ = repo
    found = OriginFinder().find(
        page(_with_source_commit(SPANISH, "f" * 40)), open_history(root, Path("docs/passwords.md"))
    )
    assert found.recorded is not None and found.recorded.revision is None and not found.recorded.agrees


# -- tokens, changes, cache ----------------------------------------------------------------------


def test_tokens_keep_what_translation_keeps() -> None:
    english = page(REVISIONS[1], "en.md")
    spanish = page(SPANISH)
    untranslated_text = [t for t in page_tokens(spanish) if t.startswith("T:")]
    structure = [t for t in page_tokens(spanish) if not t.startswith("T:")]
    assert structure == [t for t in page_tokens(english) if not t.startswith("T:")]
    assert (
        "#2" in structure
        and "u:https://keepassxc.org/download/" in structure
        and "i:assets/img/bitwarden.svg" in structure
    )
    # Only the untranslated headings "Bitwarden" and "KeePassXC" are English text.
    assert len(set(untranslated_text) & set(page_tokens(english))) == 2
    assert "m:l10n" not in page_tokens(page(_with_source_commit(SPANISH, "abc1234")))


def test_section_changes_find_moves_and_renamed_headings() -> None:
    sections = {name: f"## {name}\n\nText of {name}.\n\n" for name in "ABC"}
    last = "Same text here.\nSecond line.\n"
    old = page(sections["A"] + sections["B"] + sections["C"] + "## Z\n\n" + last, "old.md")
    new = page(sections["B"] + sections["C"] + sections["A"] + "## Zed\n\n" + last, "new.md")
    changes = section_changes(old, new, "old", "new")
    assert [(c.kind, c.heading) for c in changes] == [("moved", "## A"), ("edited", "## Zed")]
    assert changes[0].diff == ""
    assert "-## Z\n+## Zed\n" in changes[1].diff


def test_fingerprints_are_cached_by_blob(tmp_path: Path, repo: tuple[Path, list[str]], monkeypatch) -> None:
    root, _ = repo
    history = open_history(root / "docs" / "passwords.md")
    OriginFinder(FingerprintCache(tmp_path / "cache", CACHE_NAMESPACE)).prints(history)
    assert len(list((tmp_path / "cache").rglob("*.json"))) == 4

    def no_reads(self: History, revisions) -> dict:
        assert not list(revisions), "a cached fingerprint was read again"
        return {}

    monkeypatch.setattr(type(history), "texts", no_reads)
    prints = OriginFinder(FingerprintCache(tmp_path / "cache", CACHE_NAMESPACE)).prints(history)
    assert [fp.tokens[:2] for _, fp in prints] == [("m:title", "#1")] * 4


def test_a_revisions_tree_is_freed_without_the_collector() -> None:
    """A site run pauses the cyclic collector while it lints a pair (linter.collector): a revision parsed for
    its fingerprint must leave no cycles, or every revision of every English page stays in memory (a cold
    run of a repository with 200 commits peaked at 742 MB; 287 MB without them)."""
    fingerprint(SourceText("warm.md", REVISIONS[1]))  # the parser and its caches made once
    gc.collect()
    gc.disable()
    try:
        before = len(gc.get_objects())
        tokens = fingerprint(SourceText("en.md", "\n\n".join(REVISIONS * 5))).tokens  # a tree of 3,500 objects
        left = len(gc.get_objects()) - before
    finally:
        gc.enable()
    assert len(tokens) > 100 and left < 10


def _asked_blobs(monkeypatch, history: History) -> list[str]:
    """The blobs `history.texts` is asked for from now on."""
    asked: list[str] = []
    texts = type(history).texts

    def recording(self: History, revisions) -> dict:
        wanted = list(revisions)
        asked.extend(revision.blob for revision in wanted)
        return texts(self, wanted)

    monkeypatch.setattr(type(history), "texts", recording)
    return asked


@pytest.mark.parametrize("crlf", [False, True])
def test_the_english_page_as_parsed_is_its_revisions_fingerprint(repo, monkeypatch, crlf: bool) -> None:
    """The run's parse of the English page stands in for its committed revision (not read from git and parsed
    again), with the same fingerprints; a page whose bytes are not its text (CRLF undone) is read from git."""
    root, _ = repo
    path = root / "docs" / "passwords.md"
    if crlf:
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
        git(root, "commit", "-q", "-a", "-m", "crlf", date="2024-01-09T12:00:00+00:00")
    history = open_history(path)
    expected = OriginFinder().prints(history)
    asked = _asked_blobs(monkeypatch, history)
    current = parse_page(SourceText.read(path), "en")
    assert OriginFinder().prints(history, current) == expected
    assert (history.current.blob in asked) is crlf
    assert len(asked) == len({r.blob for r in history.revisions}) - (not crlf)


def test_revisions_are_fingerprinted_in_the_sites_dialect(repo, tmp_path: Path, monkeypatch) -> None:
    """A site without the admonition extension reads `!!!` as a paragraph in every revision, as in its pages;
    the two syntaxes' fingerprints are cached apart, and a page parsed in another syntax is not reused."""
    root, _ = repo
    path = root / "docs" / "passwords.md"
    path.write_text("# Title\n\n!!! note\n\n    Text.\n", encoding="utf-8")
    git(root, "commit", "-q", "-a", "-m", "admonition", date="2024-01-09T12:00:00+00:00")
    plain = Dialect.of({})
    history = open_history(path)
    cache = tmp_path / "cache"
    site = OriginFinder(FingerprintCache(cache, CACHE_NAMESPACE), plain).prints(history)
    default = OriginFinder(FingerprintCache(cache, CACHE_NAMESPACE)).prints(history)
    assert ">note" in default[0][1].tokens and ">note" not in site[0][1].tokens
    assert len(list(cache.rglob("*.json"))) == 2 * len({r.blob for r in history.revisions})
    asked = _asked_blobs(monkeypatch, history)
    OriginFinder(dialect=plain).prints(history, parse_page(SourceText.read(path), "en"))
    assert history.current.blob in asked


# -- command line --------------------------------------------------------------------------------


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, ["origin", *args], env=env, catch_exceptions=False)


@pytest.mark.corpus
def test_cli_text_on_a_seed(tmp_path: Path, en_history_dir: Path) -> None:
    seed = str(next(SEEDS.glob("004_*.txt")))
    result = run("--source-history", str(en_history_dir), "--cache-dir", str(tmp_path), seed)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[1] == "  origin     2022-04-13 19:19 e39f0635  score 0.992"
    assert lines[2] == "  runner-up  2022-04-07 15:25 e37fa65b  score 0.992  (tie)"
    assert "  current    2025-10-16 23:04 eda031ee  (76 newer revisions)" in lines
    assert "    added    ## SimpleX Chat" in lines
    assert any(line.startswith("@@ ") for line in lines)  # the diffs
    assert "@@ " not in run("--source-history", str(en_history_dir), "--no-diff", "--no-cache", seed).output


def test_cli_json_in_a_git_repository(repo: tuple[Path, list[str]], tmp_path: Path) -> None:
    root, commits = repo
    translation = tmp_path / "es.md"
    translation.write_text(SPANISH, encoding="utf-8")
    source = root / "docs" / "passwords.md"
    result = run("--source", str(source), "--format", "json", "--no-cache", str(translation))
    assert result.exit_code == 0
    [found] = json.loads(result.output)["origins"]
    assert found["origin"]["commit"] == commits[1] and found["confidence"] == "clear"
    assert found["current"]["commit"] == commits[3] and found["newer_revisions"] == 2
    assert [(c["change"], c["section"]) for c in found["changes"]] == [
        ("edited", "## KeePassXC"),
        ("removed", "## FAQ"),
        ("added", "## Proton Pass"),
    ]
    assert found["stale_blocks"][0]["line"] == 21 and "Flathub" in found["stale_blocks"][0]["english_now"]


def test_cli_site_mode_walks_each_page_once(repo: tuple[Path, list[str]], tmp_path: Path, monkeypatch) -> None:
    root, commits = repo
    for lang in ("es", "it"):
        (root / "i18n" / lang).mkdir(parents=True)
        (root / "i18n" / lang / "passwords.md").write_text(SPANISH, encoding="utf-8")
    (root / "transmark.toml").write_text('source = "docs"\ntranslation = "i18n/{lang}/{path}"\n', encoding="utf-8")
    walks = []
    real = History.__init__

    def counted(self, label, revisions):
        walks.append(label)
        real(self, label, revisions)

    monkeypatch.setattr(History, "__init__", counted)
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["origin", "--format", "json", "--cache-dir", str(tmp_path / "cache")])
    assert result.exit_code == 0, result.output
    origins = json.loads(result.stdout)["origins"]
    assert sorted(o["path"] for o in origins) == ["i18n/es/passwords.md", "i18n/it/passwords.md"]
    assert {o["origin"]["commit"] for o in origins} == {commits[1]}
    assert len(walks) == 1


def test_cli_site_mode_skips_a_page_never_committed(repo: tuple[Path, list[str]], monkeypatch) -> None:
    root, _ = repo
    (root / "docs" / "new.md").write_text("# New\n", encoding="utf-8")
    for name in ("passwords.md", "new.md"):
        (root / "i18n" / "es").mkdir(parents=True, exist_ok=True)
        (root / "i18n" / "es" / name).write_text(SPANISH if name == "passwords.md" else "# Nuevo\n", encoding="utf-8")
    (root / "transmark.toml").write_text('source = "docs"\ntranslation = "i18n/{lang}/{path}"\n', encoding="utf-8")
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["origin", "--no-cache", "--no-diff"])
    assert result.exit_code == 0
    assert "docs/new.md: no committed revisions in git (skipped)" in result.stderr
    assert result.stdout.startswith("i18n/es/passwords.md\n  origin ")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--source-history", "nowhere", "x.md"], "transmark: nowhere: not found"),
        (["--source-history", "{tmp}", "x.md"], "neither a git repository nor a folder of"),
        (["--source-history", str(BUNDLED_HISTORY)], "name at least one translation file"),
        (["--source-history", str(BUNDLED_HISTORY), "{tmp}/missing.md"], "missing.md: file not found"),
        (["--source", "{tmp}/en.md", "x.md"], "en.md: not in a git repository"),
    ],
)
def test_cli_bad_input_is_one_line_exit_2(args: list[str], message: str, tmp_path: Path) -> None:
    (tmp_path / "en.md").write_text("# Page\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["origin", "--no-cache", *[a.format(tmp=tmp_path) for a in args]])
    assert result.exit_code == 2
    assert message in result.output and len(result.output.strip().splitlines()) == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_check_with_source_history_reports_the_stale_block(
    repo: tuple[Path, list[str]], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """In a git repository `check` runs TM701 by default (or `--source-history DIR`), at the translation's line."""
    root, commits = repo
    text = REVISIONS[3].replace("bitwarden-security-whitepaper/", "bitwarden-security-white-paper/")
    (root / "i18n" / "es").mkdir(parents=True)
    (root / "i18n" / "es" / "passwords.md").write_text(text, encoding="utf-8")
    (root / "transmark.toml").write_text('source = "docs"\ntranslation = "i18n/{lang}/{path}"\n', encoding="utf-8")
    monkeypatch.chdir(root)
    monkeypatch.setenv("TRANSMARK_CACHE_DIR", str(tmp_path / "cache"))
    args = ["check", "--format", "json"]

    def stale(output: str) -> list[dict]:
        return [f for f in json.loads(output)["findings"] if f["rule"] == "TM701"]

    assert stale(CliRunner().invoke(main, [*args, "--no-source-history"]).output) == []
    by_default = stale(CliRunner().invoke(main, args).output)
    [finding] = stale(CliRunner().invoke(main, [*args, "--source-history", "."]).output)
    assert by_default == [finding]
    assert (finding["rule"], finding["path"], finding["line"]) == ("TM701", "i18n/es/passwords.md", 13)
    assert commits[1][:8] in finding["message"] and finding["source"]["line"] == 13
    (root / "transmark.toml").write_text(
        'source = "docs"\ntranslation = "i18n/{lang}/{path}"\nhistory = false\n', encoding="utf-8"
    )
    assert stale(CliRunner().invoke(main, args).output) == []
    bad = CliRunner().invoke(main, [*args, "--source-history", str(tmp_path / "nowhere")])
    assert bad.exit_code == 2 and "--source-history" in bad.output
