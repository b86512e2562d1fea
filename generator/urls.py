"""Web addresses: checked by parsing them, and written into pages only in a canonical form.

An address is split into its parts and each part is checked; what reaches a page is rebuilt from
those parts, with every character that could end a Markdown link, start an HTML tag or quote an
attribute percent-encoded. So no address, however written, can close its link and open another.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator

SCHEMES = ("http", "https")
# Left as they are in the path, query and fragment: RFC 3986's unreserved characters and the
# delimiters that cannot end a Markdown link or an HTML attribute. Everything else is encoded.
KEPT = frozenset(string.ascii_letters + string.digits + "-._~" + "!$&+,;=:@/?#")
HOST_CHARACTERS = frozenset(string.ascii_lowercase + string.digits + "-.")
HEX = frozenset(string.hexdigits)
# A backslash, or any character that is not printable ASCII (spaces, controls, and letters beyond
# ASCII, which are then looked at one by one). One character class: linear.
ODD_CHARACTER = re.compile(r"[^!-\[\]-~]")


def url_problems(url: str) -> Iterator[tuple[int, str]]:
    """(offset, message) for what keeps `url` from being a plain http(s) address of a host."""
    for odd in ODD_CHARACTER.finditer(url):
        if odd.group() == "\\":
            yield odd.start(), "expected `/` between the parts of a web address; found a backslash"
            return
        if odd.group().isspace() or not odd.group().isprintable():
            yield odd.start(), "expected a web address without spaces or control characters; encode a space as %20"
            return
    scheme, separator, rest = url.partition("://")
    if not separator or scheme.lower() not in SCHEMES:
        found = url if len(url) <= 60 else url[:57] + "..."
        yield 0, f"expected a web address starting with http:// or https://; found `{found}`"
        return
    authority, _tail = _split_authority(rest)
    start = len(scheme) + 3
    if "@" in authority:
        yield start, ("expected no user name or password before the host; an address with `@` there can "
                      "hide where the link really goes")
        return
    host, _, port = authority.rpartition(":") if authority.count(":") == 1 else (authority, "", "")
    if port and (not port.isdigit() or not 0 < int(port) < 65536):
        yield start + len(host) + 1, f"expected a port number from 1 to 65535 after `:`; found `{port}`"
    yield from _host_problems(host, start)


def _host_problems(host: str, start: int) -> Iterator[tuple[int, str]]:
    if not host:
        yield start, "expected a host name after `//`, such as www.example.org"
        return
    lowered = host.lower()
    for index, char in enumerate(lowered):
        if not char.isascii():
            yield start + index, (
                f"expected the host name in ASCII; found `{char}`: write an international domain name "
                "in its xn-- form, so that it cannot pass for a look-alike of another"
            )
            return
        if char not in HOST_CHARACTERS:
            yield start + index, f"expected a host name of letters, digits, hyphens and dots; found `{char}`"
            return
    labels = lowered.split(".")
    if any(not label or label.startswith("-") or label.endswith("-") or len(label) > 63 for label in labels):
        yield start, f"expected a host name such as www.example.org; found `{host}`"


def _split_authority(rest: str) -> tuple[str, str]:
    """What follows `scheme://`, split into the host part and the path, query and fragment."""
    end = min((index for index in (rest.find(char) for char in "/?#") if index >= 0), default=len(rest))
    return rest[:end], rest[end:]


def href(url: str) -> str:
    """A checked address as it goes into a page: scheme and host in lower case, every character
    outside a conservative set percent-encoded (non-ASCII as UTF-8), existing `%XX` kept, and `&`
    written `&amp;`, so that no part of it reads as an HTML entity (the page's link is then the
    very address the source and its data file give)."""
    scheme, _, rest = url.partition("://")
    authority, tail = _split_authority(rest)
    authority = authority.lower()
    out = []
    for index, char in enumerate(tail):
        if char == "&":
            out.append("&amp;")
        elif char in KEPT:
            out.append(char)
        elif char == "%" and len(code := tail[index + 1 : index + 3]) == 2 and set(code) <= HEX:
            out.append(char)  # already percent-encoded
        else:
            out.append("".join(f"%{byte:02X}" for byte in char.encode("utf-8")))
    return f"{scheme.lower()}://{authority}{''.join(out)}"
