"""Splitting the URLs pages write, which are not always valid URLs."""

from __future__ import annotations

from urllib.parse import SplitResult, urlsplit


def split_url(url: str) -> SplitResult:
    """`urlsplit`, or the whole text as a path where urlsplit refuses it (`https://ex.co[x]/p`, a bad port):
    a page's link is text to compare, and a malformed one must not stop the rules that read it."""
    try:
        return urlsplit(url)
    except ValueError:
        return SplitResult("", "", url, "", "")
