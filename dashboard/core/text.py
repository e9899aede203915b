"""What a text field may hold, and how text leaves safely: as Plotly markup on a
figure, as a cell a spreadsheet will not run (docs/data-format.md).

Text enters from files nobody here wrote (data directories, stories, event
feeds), so the rules are checked where it enters and the escaping is done
where it leaves; nothing in between needs to think about it.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import urlsplit

__all__ = [
    "DEFAULT_LIMIT",
    "FIELD_LIMITS",
    "MORE_URLS",
    "NEUTRALISED",
    "PLAIN_WEB_URL",
    "control_at",
    "folded",
    "in_western",
    "is_usable_link",
    "is_web_url",
    "isolated",
    "joined_surrogates",
    "limit_of",
    "markup",
    "more_urls",
    "neutralised",
    "restored",
    "shortened",
    "visible",
    "without_controls",
]

#: The other articles' addresses an imported relation keeps beside its `url`
#: (`more_urls`): what a details panel can list, and a row in a file carry.
MORE_URLS = 5
#: The longest text each column may hold, in characters (docs/data-format.md):
#: enough for any real name, role or quote; a 3,000-character name takes the
#: page 21 seconds to draw and one of 10,000 never draws.
FIELD_LIMITS: dict[str, dict[str, int]] = {
    "actors.csv": {
        "id": 64, "name": 120, "label": 60, "role": 200, "lat": 32, "lon": 32,
        "notes": 2_000,
    },
    "relations.csv": {
        "id": 64, "source": 64, "target": 64, "summary": 500, "reported_by": 300,
        "source_document": 300, "url": 2_048, "quote": 2_000, "date_note": 300,
        "origin": 100, "source_count": 9,
        "more_urls": MORE_URLS * 2_049,  # whole addresses of `url`'s length
    },
}  # fmt: skip
#: The limit of every other column (the vocabulary's, and columns of one's own).
DEFAULT_LIMIT = 2_000

# C0 controls but tab and line feed, DEL, C1 controls, the Unicode line and
# paragraph separators (which end a line in JavaScript and XML tools alike),
# surrogates, which no UTF-8 text can hold, and the noncharacters U+FFFE and
# U+FFFF, which XML does not allow: each breaks an export (XML refuses them)
# or the page's JSON.
_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]"
)
#: addresses that are certainly http(s) with a host (`is_web_url`), told in
#: one look: event data has millions of them (one with a port is looked at
#: closer: its port may be out of range)
PLAIN_WEB_URL = (
    r"^[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*([/?#][^\s\[\]\\]*)?$"  # noqa: E501
)
_PLAIN_WEB = re.compile(PLAIN_WEB_URL)
_SPACE = re.compile(r"\s")
_SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")
#: Unicode's explicit direction marks: embeddings and overrides (LRE, RLE,
#: PDF, LRO, RLO) and isolates (LRI, RLI, FSI, PDI). A field may hold them
#: (right-to-left names); one left open turns the text after it around, the
#: app's words too: a reporter's RLO drew "6 relations" as "snoitaler 6".
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_OPENS_ISOLATE = frozenset("\u2066\u2067\u2068")
#: The blocks of the right-to-left scripts (Hebrew, Arabic, Syriac, Thaana,
#: N'Ko..., their presentation forms and the historic ones). A name in one
#: takes the neutral words beside it into its own direction: "عباس → נתניהו"
#: read "נתניהו → عباس", the relation the wrong way round.
_RIGHT_TO_LEFT = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe\U00010800-\U00010fff"
    "\U0001e800-\U0001efff]"
)
#: What a message writes as an escape: the direction marks, and the
#: characters that take no room (zero-width space, joiners, word joiner,
#: the marks LRM, RLM and ALM, a soft hyphen, a byte-order mark).
_UNSEEN = re.compile(
    _BIDI.pattern[:-1] + "\u00ad\u061c\u180e\u200b-\u200f\u2060-\u2064\ufeff]"
)
#: Either: what `isolated` changes, told in one look.
_DIRECTIONAL = re.compile(_BIDI.pattern[:-1] + _RIGHT_TO_LEFT.pattern[1:])


def most_sources() -> int:
    """The largest ``source_count`` the data holds (its digits' limit): an
    import's count of many reports is cut to it, never written too long.

    >>> most_sources()
    999999999
    """
    return 10 ** limit_of("relations.csv", "source_count") - 1


def limit_of(file: str, column: str) -> int:
    """The longest text ``column`` of ``file`` may hold.

    >>> limit_of("actors.csv", "name"), limit_of("relations.csv", "analyst_note")
    (120, 2000)
    """
    return FIELD_LIMITS.get(file, {}).get(column, DEFAULT_LIMIT)


def control_at(text: str) -> int | None:
    """Where the first character a text field may not hold is, or None.

    >>> control_at("Venez\\x07uela"), control_at("two\\tcolumns\\nand lines")
    (5, None)
    """
    found = _CONTROL.search(text)
    return found.start() if found else None


def visible(text: str, width: int = 80, *, around: int | None = None) -> str:
    """``text`` fit to be shown in a message: control characters written as
    Python escapes (as repr writes them), direction marks and characters
    that take no room too (``\u202e``, ``\u200b``),
    at most about ``width`` characters, centred on position ``around`` when
    given.

    >>> visible("Venez\\x07uela")
    'Venez\\\\x07uela'
    >>> visible("x" * 100, 10)
    'xxxxxxxxx…'
    """
    text = str(text)
    if len(text) > width:
        start = 0 if around is None else max(0, min(around - width // 2, len(text)))
        piece = text[start : start + width - 1]
        text = (
            ("…" if start else "")
            + piece
            + ("…" if start + width - 1 < len(text) else "")
        )
    return _CONTROL.sub(lambda found: repr(found.group())[1:-1], _escaped_bidi(text))


def in_western(text: str, at: int) -> tuple[str, str]:
    """The words around the byte at ``at`` of a text that is not UTF-8
    (decoded with its other bytes kept as surrogates: "surrogateescape"),
    cut at spaces so that no letter is cut: as they are, the byte escaped,
    and as Windows-1252 reads them (Excel's plain "CSV" and Notepad's "ANSI"
    on Western Windows; empty when they are not that either), so that one
    sees which word it is. Nothing is read so: Windows-1250 and -1251 bytes
    read as Windows-1252 too, as other letters ("Путин" as "Ïóòèí").

    >>> in_western("title: Nicol\\udce1s", 12)
    ('title: Nicol\\\\xe1s', 'title: Nicolás')
    """
    first = text.rfind(" ", 0, max(at - 25, 0)) + 1
    last = text.find(" ", at + 25)
    cut = text[first : last if last >= 0 else None].encode("utf-8", "surrogateescape")

    def shown(words: str) -> str:
        return ("…" if first else "") + words + ("…" if last >= 0 else "")

    try:
        western = visible(shown(cut.decode("cp1252")))
    except UnicodeDecodeError:
        western = ""
    return shown(cut.decode("utf-8", "backslashreplace")), western


def _escaped_bidi(text: str) -> str:
    """``text`` with its direction marks and invisible characters written as
    escapes: a message names them, the words around the value stay the right
    way round, and "'putin\u200b' is not a slug" says why, where "'putin'
    is not a slug" did not."""
    if text.isascii() or not _UNSEEN.search(text):
        return text
    return _UNSEEN.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def isolated(text: str) -> str:
    """``text`` whose direction ends with it: put between an isolate's
    first-strong mark (FSI) and pop (PDI), which ends the embeddings and
    overrides opened inside; a pop of its own that would end ours early is
    left out. Text in a right-to-left script is isolated too, so that the
    words and arrows beside it keep their order. Other text is given back
    as it is.

    >>> isolated("\u202eabc") == "\u2068\u202eabc\u2069"
    True
    >>> isolated("x\u2069\u202ey") == "\u2068x\u202ey\u2069"
    True
    >>> isolated("עבאס") == "\u2068עבאס\u2069", isolated("Erdoğan")
    (True, 'Erdoğan')
    """
    if text.isascii():
        return text
    if not _BIDI.search(text):
        return f"\u2068{text}\u2069" if _RIGHT_TO_LEFT.search(text) else text
    depth, kept = 0, []
    for character in text:
        if character in _OPENS_ISOLATE:
            depth += 1
        elif character == "\u2069":
            if not depth:
                continue
            depth -= 1
        kept.append(character)
    return "\u2068" + "".join(kept) + "\u2069" * (depth + 1)


def folded(text: str) -> str:
    """``text`` as a search compares it: composed alike (NFKD), without its
    accents, in no case; so that "nicolas" finds "Nicolás", and a name
    written with a combining accent (NFD, as macOS saves it) is found by the
    same word typed with a composed one.

    >>> folded("Nicolás ERDOĞAN"), folded("Jose\u0301") == folded("Jos\u00e9")
    ('nicolas erdogan', True)
    """
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", kept).casefold()


def without_controls(text: str) -> str:
    """``text`` with each character a field may not hold made a space (a line
    break for a Windows one), for importers that must write valid files.

    >>> without_controls("a\\r\\nb\\x00c\\u2028d")
    'a\\nb c d'
    """
    return _CONTROL.sub(" ", text.replace("\r\n", "\n"))


def shortened(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, at a space when there is
    one near, ending in '…' when cut.

    >>> shortened("Strategic Partnership and Cooperation Treaty", 24)
    'Strategic Partnership…'
    """
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 2 // 3:
        cut = cut[:space]
    return cut.rstrip() + "…"


def joined_surrogates(text: str) -> str:
    """``text`` with each pair of surrogates made the character it stands for,
    as JSON writes characters beyond U+FFFF ("\\ud83d\\udca3") and YAML reads
    them back, two halves of one emoji; a lone surrogate stays (see
    `control_at`).

    >>> joined_surrogates("\\ud83d\\udca3") == "\\U0001f4a3"
    True
    """
    if not _SURROGATE_PAIR.search(text):
        return text
    return _SURROGATE_PAIR.sub(
        lambda pair: (
            pair.group().encode("utf-16-le", "surrogatepass").decode("utf-16-le")
        ),
        text,
    )


def is_web_url(text: str) -> bool:
    """Whether ``text`` is an http or https address with a host: the only
    links the page offers (``javascript:``, ``data:``, ``file:`` are refused).

    >>> is_web_url("https://example.org/a"), is_web_url("data:text/html,hi")
    (True, False)
    >>> is_web_url("https://example.org:8443/a"), is_web_url("http://example.org:99999")
    (True, False)
    >>> is_web_url("http://exa mple.org/")  # no host has a space
    False
    """
    try:
        parts = urlsplit(text)
        port = parts.port  # raises for one beyond 65535, or not a number
    except ValueError:  # that, or an unclosed IPv6 bracket
        return False
    return (
        parts.scheme.lower() in ("http", "https")
        and bool(parts.hostname)
        and port != 0
        and not any(character.isspace() for character in parts.netloc)
    )


def more_urls(urls: Iterable[str], first: str) -> str:
    """The web addresses among ``urls`` other than ``first``, each once, in
    order, at most `MORE_URLS` of them, space-separated (an address holds no
    space): the column `more_urls` of a relation merged from several articles.

    >>> more_urls(["https://a.org/1", "https://b.org/2", "", "ftp://c", "https://b.org/2"],
    ...           "https://a.org/1")
    'https://b.org/2'
    """
    kept: list[str] = []
    for url in urls:
        if len(kept) == MORE_URLS:
            break
        if url and url != first and url not in kept and is_usable_link(url):
            kept.append(url)
    return " ".join(kept)


def is_usable_link(url: str) -> bool:
    """Whether ``url`` may be a relation's link: an http(s) address with a
    host (`is_web_url`), within the column's limit, with no control
    character; most are told in one look (`PLAIN_WEB_URL`).

    >>> is_usable_link("https://news.example/a"), is_usable_link("ftp://x.example/")
    (True, False)
    """
    return (
        len(url) <= FIELD_LIMITS["relations.csv"]["url"]
        and _CONTROL.search(url) is None
        and (
            _PLAIN_WEB.match(url) is not None
            or (_SPACE.search(url) is None and is_web_url(url))
        )
    )


def markup(text: object) -> str:
    """``text`` for a Plotly label, hover, legend or annotation, which read a
    small subset of HTML: '<' and '&' kept literal, so that a name holding a
    link or a style is shown as written, never drawn, and its direction
    marks end with it (`isolated`). Done once, where data text meets markup.

    >>> markup('<a href="http://x">L</a> & co')
    '&lt;a href="http://x"&gt;L&lt;/a&gt; &amp; co'
    """
    text = str(text)
    if not text.isascii() and _DIRECTIONAL.search(text):  # seldom: no call otherwise
        text = isolated(text)
    if "<" in text or "&" in text or ">" in text:
        return html.escape(text, quote=False)
    return text  # nearly every text: four times sooner (100,000 at start-up)


# A cell starting with one of these is a formula to a spreadsheet (OWASP, CSV
# injection); a leading quote makes it text. Quotes already there are doubled
# by one more, so that reading takes exactly one off and gives the text back.
_FORMULA = re.compile(r"'*[=+\-@\t\r]")
_NEUTRALISED = re.compile(r"'+[=+\-@\t\r]")
#: A neutralised cell in a column joined with NUL before each cell.
NEUTRALISED = re.compile(r"\x00'+[=+\-@\t\r]")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def neutralised(cell: object) -> object:
    """A cell for a CSV file a spreadsheet may open: text starting with ``=``,
    ``+``, ``-``, ``@``, tab or carriage return gets a leading ``'``; numbers
    (``-66.9``) and everything else are left as they are.

    >>> neutralised("=HYPERLINK(1)"), neutralised("-66.9"), neutralised(-10)
    ("'=HYPERLINK(1)", '-66.9', -10)
    """
    if not isinstance(cell, str) or not _FORMULA.match(cell) or _NUMBER.fullmatch(cell):
        return cell
    return "'" + cell


def restored(cell: str) -> str:
    """A cell as read from a CSV file: the ``'`` that `neutralised` put before
    a formula character taken off again, nothing else.

    >>> restored("'=HYPERLINK(1)"), restored("'tis"), restored("''=x")
    ('=HYPERLINK(1)', "'tis", "'=x")
    """
    return cell[1:] if _NEUTRALISED.match(cell) else cell
