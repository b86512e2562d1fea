"""Material's search index, written to its file in pieces.

After the last page, Material's search plugin makes the whole index one JSON string, then a copy
of it in bytes, and writes that: three copies of the largest file of the site at once (about
10 MB each at 1,000 records), at the moment a build's memory is highest. Here the same bytes are
made and written a thousand entries at a time, with the encoder Material's `json.dumps` uses, so
that only one piece of the file is in memory at once (beside the entries, which are the index).

This runs only with the Material version whose code it was read from (the digest of its source),
and only where that code would write the index of this build alone: with the plugin disabled,
or under `--dirty` (where Material merges the last build's index), Material writes it itself.
`tests/test_search_index.py` holds the bytes equal to Material's.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .search_sections import source_digest, stand_in

try:
    from material.plugins.search import plugin as material_search
except ImportError:  # pragma: no cover (Material is a dependency; another theme's search is left alone)
    material_search = None

# Material 9.8's `SearchPlugin.on_post_build` and `SearchIndex.generate_search_index`.
MATERIAL_DIGEST = "d702a401d45af999"
ENTRIES_PER_PIECE = 1000
SETTINGS = ("lang", "separator", "pipeline", "fields")  # what Material's index keeps of its configuration


def material_digest() -> str:
    """The digest of the Material code this writes as."""
    return source_digest(lambda: (material_search.SearchPlugin.on_post_build,
                                  material_search.SearchIndex.generate_search_index))


AVAILABLE = material_search is not None and material_digest() == MATERIAL_DIGEST

WritePieces = Callable[[Iterable[bytes], str], None]


def install(search_plugin: Any, plugins: Any, write_pieces: WritePieces) -> None:
    """Have Material's search plugin write its index with `write_pieces(pieces, path)`."""
    original = getattr(search_plugin, "on_post_build", None)
    events = getattr(plugins, "events", {}).get("post_build", [])
    if not AVAILABLE or not isinstance(search_plugin, material_search.SearchPlugin) or original not in events:
        return

    def on_post_build(*, config: Any) -> None:
        if not search_plugin.config.enabled or search_plugin.is_dirty or search_plugin.search_index_prev:
            return original(config=config)  # nothing to write, or the last build's index to merge
        path = os.path.join(config.site_dir, "search", "search_index.json")
        write_pieces(index_pieces(search_plugin.search_index), path)
        return None

    stand_in(plugins, "post_build", original, on_post_build, "material/search")


def index_pieces(index: Any) -> Iterator[bytes]:
    """The bytes of `json.dumps({"config": ..., "docs": index.entries}, separators=(",", ":"),
    default=str)`, Material's index, in pieces."""
    encode = json.JSONEncoder(separators=(",", ":"), default=str).encode
    settings = {key: index.config[key] for key in SETTINGS}
    yield ('{"config":' + encode(settings) + ',"docs":[').encode("utf-8")
    entries = index.entries
    for start in range(0, len(entries), ENTRIES_PER_PIECE):
        piece = ",".join(encode(entry) for entry in entries[start:start + ENTRIES_PER_PIECE])
        yield ("," + piece if start else piece).encode("utf-8")
    yield b"]}"
