"""`etalase check`: look at the built site the way a shopper's browser will.

The build guarantees the *content* (photos, descriptions, contact links), but
what gets published can still be wrong: a template override with a hand-typed
link, a photo deleted from `public/`, a sub-path deploy whose links forget the
prefix, an anchor renamed in a theme, a page grown too heavy for a phone on a
slow connection. A dead link or a missing photo is what makes a small shop
look abandoned, so this reads every HTML file in the output folder and proves:

- every internal link, stylesheet, script and image (each `srcset` candidate
  too) resolves to a file in the output folder, under the shop's base path;
- every `#anchor` names an element (`id`, or `name` on `<a>`) on its page;
- no link, form or loaded URL (any attribute, `srcset` too) runs code: no
  `javascript:` or `vbscript:`, no `data:` URL but an image in an image's src,
  the scheme read as a browser reads it;
- each page's HTML plus the CSS and JS it loads up front (stylesheets, and
  scripts without `async`/`defer`/`type=module`) fits `quality.max_page_kb`;
- with `external=True`, every outside web link answers below HTTP 400.

Each page is parsed once with the standard library's HTMLParser (a real
parser: comments, scripts and attribute quoting are handled as a browser
does); its ids are kept per page, and a URL is resolved once per page folder.
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Callable
from urllib.parse import quote, unquote, urljoin, urlsplit, urlunsplit

from .. import __version__
from ..errors import Problem, ProblemList
from ..schemes import link_scheme

EXTERNAL_WORKERS = 8
EXTERNAL_TIMEOUT = 10.0  # seconds for each outside address, all its requests and redirects together
USER_AGENT = f"etalase-check/{__version__} (+link checker)"
SKIPPED_HOSTS = frozenset({"wa.me"})  # WhatsApp order links: not pages, and they turn robots away
WEIGHT_TARGET = "(page weight)"
HTML_SUFFIXES = (".html", ".htm")

# Tag -> attributes holding one URL. `srcset` (several URLs) is handled apart.
_URL_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "a": ("href",), "area": ("href",), "link": ("href",), "img": ("src",), "script": ("src",), "source": ("src",),
}
_HINT_RELS = frozenset({"preconnect", "dns-prefetch"})  # name a server, not a file

# Every attribute a browser follows or loads as a URL, on any tag (for links that run code),
# and those holding several: candidate lists (split as srcset) and `ping` (split at spaces).
_ANY_URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "poster", "data", "cite", "background",
                                 "longdesc", "manifest", "icon", "xlink:href", "codebase"})
_CANDIDATE_ATTRIBUTES = ("srcset", "imagesrcset")
_REFRESH_URL = re.compile(r"^\s*[\d.]*\s*[;,]?\s*(?:url\s*=\s*)?['\"]?(.*?)['\"]?\s*$", re.I | re.S)
_CODE_SCHEMES = frozenset({"javascript", "vbscript"})
# Where a data: URL only ever shows an image (a script inside an image never runs)
_IMAGE_ONLY = frozenset({("img", "src"), ("img", "srcset"), ("source", "srcset"), ("input", "src"), ("video", "poster")})
_URL_STRIPPED = "".join(map(chr, range(0x21)))  # C0 controls and space, cut from both ends
_URL_REMOVED = str.maketrans("", "", "\t\n\r")  # tab and newline, dropped anywhere
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")  # a URL with a scheme does not depend on the page


@dataclass(frozen=True)
class Link:
    """One URL as written in a page; `upfront` when the browser must load it before showing the page."""

    url: str
    upfront: bool = False


def link_problem(page: str, target: str, reason: str, kind: str = "link") -> Problem:
    """One thing wrong with the built site, printed as `page → target: reason`.

    `page` is the HTML file's path inside the output folder, `target` the URL as written in
    the page (or "(page weight)")."""
    return Problem(page, None, reason, kind=kind, target=target)


@dataclass(frozen=True)
class ParsedPage:
    path: str  # inside the output folder, with forward slashes
    size: int  # bytes of HTML
    links: tuple[Link, ...]
    ids: frozenset[str]  # what a #fragment may name
    unsafe: tuple[tuple[str, str], ...] = ()  # (URL as written, why) of links that run code or carry a page


@dataclass(frozen=True)
class Target:
    """Where a URL leads: a file of the site, an outside address, nowhere to check, or nowhere at all."""

    kind: str  # "internal", "external", "skip" or "broken"
    path: str = ""  # internal: the file inside the output folder; external: the URL without its fragment
    fragment: str = ""  # internal: the #anchor, decoded, without "#"
    reason: str = ""  # broken: why


SKIP = Target("skip")


@dataclass
class CheckResult:
    pages: int = 0
    links: int = 0  # link occurrences checked (each srcset candidate counts)
    problems: list[Problem] = field(default_factory=list)

    def summary(self) -> str:
        return f"checked {_count(self.pages, 'page')}, {_count(self.links, 'link')}: no problems"

    def failure(self) -> str:
        pages = len({p.path for p in self.problems})
        return f"check failed: {_count(len(self.problems), 'problem')} on {_count(pages, 'page')}"


class SiteMissing(Exception):
    """There is no built site to check."""


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


# Reading pages


def srcset_urls(srcset: str) -> list[str]:
    """The URL of every candidate in a srcset: "a.webp 480w, b.webp 800w" -> [a.webp, b.webp].

    As the HTML standard splits it: a URL is a run without spaces (a trailing
    comma ends the candidate), and descriptors run to the next comma.
    """
    urls, position, end = [], 0, len(srcset)
    while position < end:
        while position < end and (srcset[position].isspace() or srcset[position] == ","):
            position += 1
        start = position
        while position < end and not srcset[position].isspace():
            position += 1
        url = srcset[start:position]
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            depth = 0
            while position < end and (srcset[position] != "," or depth):
                depth += {"(": 1, ")": -1}.get(srcset[position], 0)
                position += 1
        if url:
            urls.append(url)
    return urls


class _PageParser(HTMLParser):
    """Collects a page's URLs (in order) and its ids; ignores text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[Link] = []
        self.ids: set[str] = set()
        self.unsafe: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in reversed(attrs)}  # the first of a repeated attribute wins
        self._note_unsafe(tag, values)
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.ids.add(values["name"])
        rel = set(values.get("rel", "").lower().split())
        if tag == "link" and rel & _HINT_RELS:
            return
        upfront = (tag == "link" and "stylesheet" in rel) or (
            tag == "script" and not {"async", "defer"} & values.keys() and values.get("type", "").strip().lower() != "module"
        )
        for attribute in _URL_ATTRIBUTES.get(tag, ()):
            url = values.get(attribute, "").strip()
            if url:
                self.links.append(Link(url, upfront))
        if tag in ("img", "source") and values.get("srcset"):
            self.links.extend(Link(url) for url in srcset_urls(values["srcset"]))

    def _note_unsafe(self, tag: str, values: dict[str, str]) -> None:
        """Every URL of the tag (values come with entities decoded, as the browser reads them) that runs code."""
        for attribute, value in _tag_urls(tag, values):
            reason = _unsafe_reason(tag, attribute, value)
            if reason:
                self.unsafe.append((value, reason))


def _tag_urls(tag: str, values: dict[str, str]) -> list[tuple[str, str]]:
    """(attribute, URL) of every URL a tag holds, whatever the tag."""
    urls = [(name, value) for name, value in values.items() if name in _ANY_URL_ATTRIBUTES]
    for name in _CANDIDATE_ATTRIBUTES:
        urls += [(name, url) for url in srcset_urls(values.get(name, ""))]
    urls += [("ping", url) for url in values.get("ping", "").split()]
    if tag == "meta" and values.get("http-equiv", "").strip().lower() == "refresh":
        match = _REFRESH_URL.match(values.get("content", ""))
        if match and match[1]:
            urls.append(("content", match[1]))
    return urls


def _as_browser_reads(value: str) -> str:
    return value.strip(_URL_STRIPPED).translate(_URL_REMOVED)


def _unsafe_reason(tag: str, attribute: str, value: str) -> str | None:
    scheme = link_scheme(value)
    if scheme in _CODE_SCHEMES:
        return f"a {scheme}: link runs code in the shopper's browser; remove it"
    if scheme == "data":
        media = _as_browser_reads(value)[len("data:"):].split(",", 1)[0].split(";", 1)[0].strip().lower()
        if media.startswith("image/") and (tag, attribute) in _IMAGE_ONLY:
            return None
        if media.startswith("image/"):
            return f"a data: image in {tag} {attribute} can open as a page; use an image file, or data: only in img src"
        return f"a data:{media or 'text/plain'} URL carries a page or a script; link to a file of the site instead"
    return None


def _printable(url: str) -> str:
    """The URL with control characters shown as escapes (\\t, \\n), so a problem stays on one line."""
    return "".join(repr(char)[1:-1] if ord(char) < 0x20 or ord(char) == 0x7F else char for char in url)


def parse_page(path: str, data: bytes) -> ParsedPage:
    parser = _PageParser()
    parser.feed(data.decode("utf-8", errors="replace"))
    parser.close()
    return ParsedPage(path, len(data), tuple(parser.links), frozenset(parser.ids), tuple(parser.unsafe))


def _scan(output: Path) -> tuple[set[str], set[str], list[str]]:
    """Every file and folder in the output (relative, forward slashes), and the HTML files among them."""
    files: set[str] = set()
    folders: set[str] = {""}
    for dirpath, dirnames, filenames in os.walk(output):
        relative = Path(dirpath).relative_to(output).as_posix()
        prefix = "" if relative == "." else relative + "/"
        folders.update(prefix + name for name in dirnames)
        files.update(prefix + name for name in filenames)
    return files, folders, sorted(f for f in files if f.endswith(HTML_SUFFIXES))


# Resolving URLs


class Resolver:
    """Turns a URL written in a page into a `Target`, as the shop's host would serve it."""

    def __init__(self, base_url: str):
        base = urlsplit(base_url)
        self.base_url = base_url
        self.host = base.netloc.lower()
        self.base_path = base.path or "/"
        self._cache: dict[tuple[str, str], Target] = {}

    def resolve(self, url: str, page: str) -> Target:
        # a root-relative or absolute URL means the same on every page: resolve it once
        context = "" if (url.startswith("/") and not url.startswith("//")) or _SCHEME.match(url) else page
        key = (url, context)
        target = self._cache.get(key)
        if target is None:
            target = self._cache[key] = self._resolve(url, page)
        return target

    def _resolve(self, url: str, page: str) -> Target:
        absolute = urlsplit(urljoin(self.base_url + quote(page), url))  # relative URLs against the page's folder
        if absolute.scheme.lower() not in ("http", "https"):
            return SKIP  # mailto:, tel:, data:, javascript:...
        if absolute.netloc.lower() != self.host:
            if (absolute.hostname or "") in SKIPPED_HOSTS:
                return SKIP
            return Target("external", urlunsplit(absolute._replace(fragment="")))
        path = absolute.path or "/"
        if not path.startswith(self.base_path):
            return Target("broken", reason=f"outside the shop: every link must start with {self.base_path}")
        inside = unquote(path[len(self.base_path):])
        if inside == "" or inside.endswith("/"):
            inside += "index.html"
        return Target("internal", inside, unquote(absolute.fragment))


# Checking


class SiteChecker:
    """Checks one output folder; `run()` gives every problem, page by page."""

    def __init__(self, output: Path, base_url: str, max_page_kb: int, fetch: Callable[[str], str | None] | None = None):
        self.output = output
        self.resolver = Resolver(base_url)
        self.max_page_kb = max_page_kb
        self.fetch = fetch  # None: outside links are not checked
        self.files: set[str] = set()
        self.folders: set[str] = set()
        self.pages: dict[str, ParsedPage] = {}
        self._sizes: dict[str, int] = {}

    def run(self) -> CheckResult:
        self.files, self.folders, html_files = _scan(self.output)
        if not html_files:
            raise SiteMissing(f"{self.output}: no HTML pages here; build the shop first (`etalase build`), or drop --no-build")
        self.pages = {path: parse_page(path, (self.output / path).read_bytes()) for path in html_files}
        result = CheckResult(pages=len(self.pages))
        outside: dict[str, list[tuple[str, str]]] = {}  # URL -> (page, URL as written) linking to it
        for page in self.pages.values():
            for link in page.links:
                target = self.resolver.resolve(link.url, page.path)
                if target.kind == "external":
                    outside.setdefault(target.path, []).append((page.path, link.url))
                elif target.kind != "skip":
                    result.links += 1
                    reason = target.reason or self._internal_problem(target)
                    if reason:
                        result.problems.append(link_problem(page.path, link.url, reason))
            result.links += len(page.unsafe)
            result.problems.extend(link_problem(page.path, _printable(url), reason, "unsafe") for url, reason in page.unsafe)
            weight = self._weight_problem(page)
            if weight:
                result.problems.append(weight)
        if self.fetch is not None and outside:
            result.links += sum(len(uses) for uses in outside.values())
            result.problems.extend(self._outside_problems(outside))
        result.problems = sorted(dict.fromkeys(result.problems), key=lambda p: p.path)  # stable: page order kept
        return result

    def _internal_problem(self, target: Target) -> str | None:
        if target.path not in self.files:
            if target.path in self.folders:
                return "is a folder: end the link with /"
            return "file not found"
        fragment = target.fragment
        page = self.pages.get(target.path)
        if not fragment or page is None or fragment in page.ids or fragment.lower() == "top":
            return None  # "#top" scrolls to the top without an element (HTML standard)
        return f'no element with id="{fragment}" in {target.path}'

    def _weight_problem(self, page: ParsedPage) -> Problem | None:
        loaded = {
            target.path
            for target in (self.resolver.resolve(link.url, page.path) for link in page.links if link.upfront)
            if target.kind == "internal" and target.path in self.files
        }
        total = page.size + sum(self._size(path) for path in loaded)
        if total <= self.max_page_kb * 1024:
            return None
        return link_problem(
            page.path, WEIGHT_TARGET,
            f"{total / 1024:.1f} KB of HTML, CSS and JS up front; the budget is {self.max_page_kb} KB (quality.max_page_kb)", "page",
        )

    def _size(self, path: str) -> int:
        if path not in self._sizes:
            self._sizes[path] = (self.output / path).stat().st_size
        return self._sizes[path]

    def _outside_problems(self, outside: dict[str, list[tuple[str, str]]]) -> list[Problem]:
        """Each outside URL is asked once, in parallel; every page linking to a failing one is named."""
        urls = sorted(outside)
        assert self.fetch is not None
        with ThreadPoolExecutor(max_workers=EXTERNAL_WORKERS) as pool:
            answers = dict(zip(urls, pool.map(self.fetch, urls)))
        return [link_problem(page, written, answers[url]) for url in urls if answers[url] for page, written in outside[url]]


def fetch_problem(url: str, timeout: float | None = None) -> str | None:
    """Why an outside URL fails (an HTTP status of 400 or more, or no answer), or None when it works.

    HEAD first, so nothing is downloaded; a server that answers HEAD with an
    error (many refuse HEAD outright) is asked again with GET. Both, with any
    redirects, must be done within `timeout` seconds (EXTERNAL_TIMEOUT): a
    socket timeout alone bounds each read, and a server sending a byte every
    few seconds would hold the check for minutes.
    """
    import http.client
    import urllib.error

    limit = EXTERNAL_TIMEOUT if timeout is None else timeout
    deadline = _Deadline(limit)
    opener = _deadline_opener(deadline)
    status = None
    try:
        for method in ("HEAD", "GET"):
            request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
            try:
                with opener.open(request, timeout=max(deadline.remaining(), 0.001)):
                    return None
            except urllib.error.HTTPError as error:
                error.close()
                status = f"HTTP {error.code}"
            except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as error:
                reason = getattr(error, "reason", error)
                if deadline.passed() or isinstance(reason, TimeoutError):
                    return f"did not answer within {limit:g} s"
                return f"cannot connect: {reason}"
    finally:
        deadline.cancel()
    return status


class _Deadline:
    """A time limit for all the connections of one address: when it passes, their sockets are shut,
    which ends a read blocked in any thread (and so in http.client's readline)."""

    def __init__(self, seconds: float):
        self.ends = time.monotonic() + seconds
        self.connections: list[http.client.HTTPConnection] = []
        self._expired = False
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def remaining(self) -> float:
        return self.ends - time.monotonic()

    def passed(self) -> bool:
        return self._expired or self.remaining() <= 0

    def watch(self, connection: http.client.HTTPConnection) -> None:
        with self._lock:
            self.connections.append(connection)
        if self._expired:
            self._shut(connection)

    def cancel(self) -> None:
        self._timer.cancel()

    def _expire(self) -> None:
        with self._lock:
            self._expired = True
            connections = list(self.connections)
        for connection in connections:
            self._shut(connection)

    @staticmethod
    def _shut(connection: http.client.HTTPConnection) -> None:
        sock = connection.sock  # the plain socket until TLS is set up, then the TLS one
        if sock is not None:
            try:
                socket.socket.shutdown(sock, socket.SHUT_RDWR)  # the plain call: no TLS goodbye to wait on
            except OSError:
                pass


def _deadline_opener(deadline: _Deadline) -> urllib.request.OpenerDirector:
    """urllib's opener (proxies and redirects as usual) whose connections answer to `deadline`."""

    def connection_class(base: type[http.client.HTTPConnection]):
        class Connection(base):  # type: ignore[misc, valid-type]
            def connect(self) -> None:
                deadline.watch(self)
                self.timeout = max(min(self.timeout or EXTERNAL_TIMEOUT, deadline.remaining()), 0.001)
                super().connect()

        return Connection

    class HTTPHandler(urllib.request.HTTPHandler):
        def do_open(self, http_class, request, **options):
            return super().do_open(connection_class(http_class), request, **options)

    class HTTPSHandler(urllib.request.HTTPSHandler):
        def do_open(self, http_class, request, **options):
            return super().do_open(connection_class(http_class), request, **options)

    return urllib.request.build_opener(HTTPHandler, HTTPSHandler)


def check_site(output: Path, base_url: str, max_page_kb: int, external: bool = False,
               fetch: Callable[[str], str | None] = fetch_problem) -> CheckResult:
    """Check the built site in `output`, published at `base_url`."""
    return SiteChecker(output, base_url, max_page_kb, fetch if external else None).run()


def check_shop_site(root: Path, output: Path, base_url: str | None = None, external: bool = False) -> CheckResult:
    """Check a shop's built site with its settings from shop.toml (`base_url` overrides, as in build).

    Raises BuildError when shop.toml has problems, SiteMissing when there is nothing built.
    """
    from ..config import load_shop

    problems = ProblemList(root, "config")
    shop = load_shop(root, problems, base_url)
    problems.raise_if_any()
    assert shop is not None
    if not output.is_dir():
        raise SiteMissing(f"{output}: no built site here; build the shop first (`etalase build`), or drop --no-build")
    return check_site(output, shop.base_url, shop.quality.max_page_kb, external)
