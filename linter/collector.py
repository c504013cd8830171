"""The cyclic garbage collector, paused where what is made stays alive anyway.

Kept apart from the parser so that the command line can pause it before it imports anything heavy.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc(freeze: bool = False) -> Iterator[None]:
    """No cyclic garbage collection inside the block; one young-generation pass at its end, or with
    `freeze` none: what the block made is frozen, for a caller that unfreezes it later.

    Parsing allocates hundreds of thousands of tokens and nodes that all stay alive until
    the page is built; the automatic schedule scans them again and again as they are
    promoted, which makes the parse of a large page quadratic and doubles a site-wide run.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        gc.enable()
        if not freeze:
            gc.collect(1)
