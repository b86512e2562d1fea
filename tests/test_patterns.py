"""Every regular expression of the generator runs in time proportional to its input.

Each pattern is run, in a child process with a time limit, over inputs built to make a
backtracking engine work hard: long runs of the characters the pattern itself names, which it
almost matches. A pattern that takes quadratic time needs minutes for these inputs; a linear one,
milliseconds. The limit is generous, so that it tells a hang from a slow machine.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

from conftest import REPO

SIZE = 40_000  # a quadratic pattern would need about 10^9 steps: minutes
LIMIT_SECONDS = 60

SCRIPT = textwrap.dedent(f"""
    import importlib, pkgutil, re, sys
    sys.path.insert(0, {str(REPO)!r})
    import generator
    from generator.text import NameMatcher, link_names
    SIZE = {SIZE}
    UNITS = ["[", "]", "(", ")", "](", "![", "`", "``", "<", ">", "{{", "{{=", "{{:", "=", "\\\\", "&", "#", "*", "_",
             "a", "1", " ", "\\n", "\\t", "-", ".", ":", "!", "'", "https://", "\\ue000", "\\ue001", "\\ue002", "“", "é"]
    inputs = [unit * (SIZE // len(unit)) for unit in UNITS]
    inputs += [a * (SIZE // 2 // len(a)) + b * (SIZE // 2 // len(b)) for a in UNITS[:9] for b in UNITS[:9]]
    inputs += [(a + b) * (SIZE // (len(a) + len(b))) for a in UNITS for b in ("a", "\\n")]
    patterns = []
    for module in pkgutil.iter_modules(generator.__path__):
        if module.name.startswith("__"):
            continue  # __main__ runs the command line
        loaded = importlib.import_module("generator." + module.name)
        patterns += [(module.name + "." + name, value) for name, value in vars(loaded).items()
                     if isinstance(value, re.Pattern)]
    for name, pattern in patterns:
        for text in inputs:
            for _ in pattern.finditer(text):
                pass
            pattern.fullmatch(text)  # a pattern that fails to match the whole must fail at once too
            pattern.fullmatch(text + "<")
    matcher = NameMatcher({{"Kim Jong Un": "kim", "Kim": "kim", "North Korea": "nk", "U.S.": "us"}})
    for text in ("Kim" + " " * SIZE + "Jong", "Kim Jong " * (SIZE // 9), "U.S." * (SIZE // 4), "Kim-" * (SIZE // 4)):
        list(matcher.find(text))
    for text in inputs:  # the spans where names are not linked are found in one pass
        link_names(text, matcher, lambda record_id: record_id + ".md")
    print(len(patterns), "patterns")
""")


def test_every_pattern_runs_in_linear_time():
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=LIMIT_SECONDS)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.split()[0]) >= 15, result.stdout  # the patterns were found, so the test means something
