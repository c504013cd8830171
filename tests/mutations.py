"""Line mutations of a page, as damaged exports and hand edits make them (shared by the fuzzer and
the property tests).

A mutation is (operation, line a, line b, inserted block, repeated unit, run length); line numbers
wrap around the page, so any integers name a line.
"""

from __future__ import annotations

Mutation = tuple[str, int, int, str, str, int]
OPERATIONS = ("delete", "duplicate", "swap", "indent", "dedent", "insert", "crlf", "cut", "run", "bom")


def mutate(text: str, mutations: list[Mutation]) -> str:
    lines = text.split("\n")
    for op, a, b, block, unit, run in mutations:
        if not lines:
            break
        i, j = a % len(lines), b % len(lines)
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "indent":
            lines[i] = "    " + lines[i]
        elif op == "dedent":
            lines[i] = lines[i][4:] if lines[i].startswith("    ") else lines[i].lstrip()
        elif op == "insert":
            lines.insert(i, block)
        elif op == "crlf":
            lines[i] += "\r"
        elif op == "cut":  # a damaged export: the page ends mid-line
            lines = lines[: i + 1]
            lines[-1] = lines[-1][: b % (len(lines[-1]) + 1)]
        elif op == "run":
            cut = b % (len(lines[i]) + 1)
            lines[i] = lines[i][:cut] + unit * max(1, run // len(unit)) + lines[i][cut:]
        elif op == "bom":
            lines[0] = "\ufeff" + lines[0]
    return "\n".join(lines)
