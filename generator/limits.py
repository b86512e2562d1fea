"""The limits that are not one field's own (those stand beside each field in the field reference):
on whole files and on the shape of Markdown. Each keeps the work of a check and a build in
proportion to the size of the briefings, whatever is written in them."""

from __future__ import annotations

from . import load, markdown_checks, schema


def reference_section() -> list[str]:
    """The field reference's section on limits, from the constants the checker uses."""
    rows = [
        ("A source file", f"at most {load.MAX_FILE_BYTES // 1024:,} KiB (1 MiB), UTF-8 without a byte order mark"),
        ("Mappings and lists inside each other in a file", f"at most {load.MAX_NESTING} levels"),
        ("A summary", f"at most {schema.MAX_MARKDOWN:,} characters; between two blank lines at most "
                      f"{markdown_checks.MAX_BLOCK:,}"),
        ("Lists and quotes inside each other in a summary", f"at most {markdown_checks.MAX_NESTING} levels"),
        ("`[` inside `[` in a summary", f"at most {markdown_checks.MAX_BRACKET_DEPTH} levels, each closed in its paragraph"),
        ("An article's or a reference's passages", f"at most {schema.MAX_PASSAGES}, each at most "
                                                     f"{schema.MAX_PASSAGE} characters, {schema.MAX_PASSAGES_CHARACTERS:,} in all"),
        ("A name or an alias", f"at least {schema.MIN_NAME_CHARACTERS} letters or digits, not a common word such as `the`"),
    ]
    return [
        "## Limits",
        "",
        "Besides each field's own limit (in the tables below), the checker holds these:",
        "",
        "| What | Limit |",
        "| --- | --- |",
        *(f"| {what} | {limit} |" for what, limit in rows),
        "",
        "A summary is Markdown: paragraphs, emphasis, lists, quotes, tables, notes (`!!! note`) and",
        "links to full `https://` addresses. It has no headings (the page has its own), no images, no",
        "HTML and no footnotes (a record's citations come from its `sources`).",
        "",
    ]
