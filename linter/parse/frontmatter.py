"""YAML front matter: parsed with a safe loader, with the true line of every top-level key."""

from __future__ import annotations

import yaml

from linter.errors import InputError
from linter.parse.source import SourceText
from linter.parse.tree import FrontMatter
from linter.patterns import lazy

# libyaml's safe loader when PyYAML has it, else PyYAML's own: what python-frontmatter's YAML handler took.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# A top-level key's line; group 1 is its name, quotes kept.
KEY_LINE = lazy(r"^([^\s#:'\"][^:]*?|'[^']*'|\"[^\"]*\")\s*:(?:\s|$)")


def parse_front_matter(src: SourceText, begin: int, end: int, content: str) -> FrontMatter:
    """Parse the front matter found by markdown-it at 0-based lines [begin, end)."""
    try:
        data = yaml.load(content, Loader=_LOADER) if content.strip() else {}
    except yaml.constructor.ConstructorError as exc:
        # !!python/object and friends: SafeLoader refuses them; say so without a traceback.
        line = begin + 2 + (exc.problem_mark.line if exc.problem_mark else 0)
        raise InputError(src.path, "front matter uses an unsupported YAML tag", line) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "invalid YAML"
        line = begin + 2 + mark.line if mark else begin + 1
        raise InputError(src.path, f"broken front matter ({problem})", line) from None
    except RecursionError:
        raise InputError(src.path, "front matter is nested too deeply", begin + 1) from None
    except (ValueError, TypeError, OverflowError) as exc:
        # SafeLoader's constructors convert tagged scalars (`!!int x`, `!!timestamp 2024-99-99`) with
        # Python's own parsers, which raise their own errors.
        raise InputError(src.path, f"front matter has a value of the wrong type ({exc})", begin + 2) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(src.path, "front matter is not a mapping of keys to values", begin + 2)
    key_lines: dict[str, int] = {}
    for number in range(begin + 1, end - 1):
        match = KEY_LINE.match(src.lines[number])
        if match:
            key = match.group(1).strip("'\"")
            key_lines.setdefault(key, number + 1)
    return FrontMatter(data=data, span=src.line_span(begin, end), key_lines=key_lines)
