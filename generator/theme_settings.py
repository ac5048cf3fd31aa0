"""What a theme declares in theme.toml about the files around its pages.

`[content_security_policy]`: the sources its templates, styles and scripts need (written into `_headers`).
`brand_color`: its colour, for the plain icon made without a logo and the manifest's `theme_color`.
They are facts about a theme (a theme that loads a web font needs a font source; the icon should match the
header), so the theme says them and hosting.py and icons.py only write them.

A theme that declares nothing gets safe defaults: a policy that allows the site's own files and nothing
inline, and a neutral grey. A child theme inherits its parent's colour unless it sets its own, and each
policy directive of its parent unless it writes that directive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .config import toml_key_lines
from .errors import did_you_mean
from .contract.schema import quote

Directives = tuple[tuple[str, tuple[str, ...]], ...]  # (name, sources) in the order written

# Strict: own files only, no plugins, no framing, forms and <base> only to this site.
DEFAULT_POLICY: Directives = (
    ("default-src", ("'self'",)),
    ("object-src", ("'none'",)),
    ("base-uri", ("'self'",)),
    ("form-action", ("'self'",)),
    ("frame-ancestors", ("'none'",)),
)
DEFAULT_BRAND_COLOR = "#555555"  # neutral grey; the icon's white initial on it reads at 7.5:1

# Directives that take a list of sources (CSP level 3); the others (sandbox, upgrade-insecure-requests…)
# are not needed by a static shop.
DIRECTIVES = frozenset({
    "default-src", "script-src", "script-src-elem", "script-src-attr", "style-src", "style-src-elem", "style-src-attr",
    "img-src", "font-src", "connect-src", "media-src", "object-src", "frame-src", "child-src", "worker-src",
    "manifest-src", "base-uri", "form-action", "frame-ancestors",
})
# Keywords a CSP only understands in single quotes; unquoted, `self` is a host named "self".
KEYWORDS = frozenset({"self", "none", "unsafe-inline", "unsafe-eval", "wasm-unsafe-eval", "unsafe-hashes",
                      "strict-dynamic", "report-sample"})
_SOURCE = re.compile(r"[!-+\--:<-~]+")  # printable ASCII without space, "," and ";": one token of a header line
_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
TABLE = "content_security_policy"


@dataclass(frozen=True)
class ContentSecurityPolicy:
    directives: Directives = DEFAULT_POLICY

    def header(self) -> str:
        """The Content-Security-Policy header's value."""
        return "; ".join(f"{name} {' '.join(sources)}" for name, sources in self.directives)


@dataclass(frozen=True)
class Declared:
    """What one theme.toml writes (None: not written, inherit)."""

    policy: Directives | None = None
    brand_color: str | None = None


class SettingError(ValueError):
    def __init__(self, message: str, line: int | None):
        super().__init__(message)
        self.line = line


def read_declared(meta: dict, text: str) -> Declared:
    """The settings of one parsed theme.toml (`text` for the lines), checked."""
    lines = toml_key_lines(text)
    color = meta.get("brand_color")
    if color is not None:
        if not isinstance(color, str) or not _COLOR.fullmatch(color):
            raise SettingError(f'brand_color: must be "#" and six hex digits, e.g. brand_color = "#0b5e55" (got {_show(color)})',
                               lines.get("brand_color"))
        color = color.lower()  # as the manifest writes it
    table = meta.get(TABLE)
    if table is None:
        return Declared(None, color)
    example = f'[{TABLE}] and under it a line per directive, e.g. img-src = ["\'self\'", "data:"]'
    if not isinstance(table, dict):
        raise SettingError(f"{TABLE}: must be a table: {example}", lines.get(TABLE))
    if not table:
        raise SettingError(f"{TABLE}: is empty: leave it out for the default policy (own files only), or write {example}",
                           lines.get(TABLE))
    directives = []
    for name, sources in table.items():
        key = f"{TABLE}.{name}"
        line = lines.get(key) or lines.get(TABLE)
        if name not in DIRECTIVES:
            raise SettingError(f"{key}: not a Content-Security-Policy directive that takes sources;"
                               f"{did_you_mean(name, DIRECTIVES) or ' e.g. img-src, style-src, script-src, font-src'}", line)
        if not isinstance(sources, list) or not all(isinstance(source, str) for source in sources):
            raise SettingError(f'{key}: must be a list of sources, e.g. {name} = ["\'self\'"] (got {_show(sources)})', line)
        if not sources:
            raise SettingError(f'{key}: needs at least one source: write {name} = ["\'none\'"] to allow nothing', line)
        for source in sources:
            if source in KEYWORDS:
                raise SettingError(f'{key}: write the keyword {source} in single quotes inside the string: "\'{source}\'"', line)
            if not _SOURCE.fullmatch(source):
                raise SettingError(f'{key}: {quote(source)} is not one source: write each source as its own string, '
                                   'without spaces, "," or ";"', line)
        directives.append((name, tuple(sources)))
    return Declared(tuple(directives), color)


def resolve(chain: list[Declared]) -> tuple[ContentSecurityPolicy, str]:
    """The policy and colour of a theme from its own settings and its parents' (`chain`: the theme first)."""
    color = next((d.brand_color for d in chain if d.brand_color is not None), DEFAULT_BRAND_COLOR)
    merged: dict[str, tuple[str, ...]] = {}
    for declared in reversed(chain):  # the farthest parent first; a child's directive replaces its parent's
        merged.update(declared.policy or ())
    return ContentSecurityPolicy(tuple(merged.items()) or DEFAULT_POLICY), color


def _show(value: object) -> str:
    if isinstance(value, str):
        return quote(value)
    return "a table" if isinstance(value, dict) else "a list" if isinstance(value, list) else repr(value)
