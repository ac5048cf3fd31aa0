"""What a template's source says, found by parsing it: the templates it refers to, the names it reads, whether
it may be rendered as a fragment (fragments.py).

The build graph (graph.TemplateDigests) and the fragment memo both need these, and each parsed every template
for them: twice a template, in every `etalase build` (~60 ms of an edit's own work). They are parsed once now
and kept in the compiled templates' folder (`.etalase-cache/templates-<version>-<compiled form>/facts.json`) by the digest of
the source and the Jinja version, so a build in a new process parses only a template that changed.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import jinja2
from jinja2 import meta, nodes

FACTS_FILE = "facts.json"
KEPT = 500  # entries: a theme has a few dozen templates; each edit of one adds an entry
_NOT_FRAGMENTS = (nodes.Extends, nodes.Block, nodes.Macro, nodes.CallBlock, nodes.Import, nodes.FromImport)


@dataclass(frozen=True)
class TemplateFacts:
    referenced: tuple[str | None, ...]  # what it extends, includes or imports; None: a name computed at render time
    names: tuple[str, ...]  # the names it reads that it does not set itself (sorted)
    fragment_ok: bool  # no extends, block, macro, call block or import: it may be rendered once for its values


def _parse(env: jinja2.Environment, name: str, source: str) -> TemplateFacts:
    tree = env.parse(source, name)
    return TemplateFacts(tuple(meta.find_referenced_templates(tree)), tuple(sorted(meta.find_undeclared_variables(tree))),
                         not any(True for _ in tree.find_all(_NOT_FRAGMENTS)))


class TemplateFactsCache:
    """One environment's facts, by the digest of each source; read from and written to `folder` when given."""

    def __init__(self, env: jinja2.Environment, folder: Path | None) -> None:
        self.env = env
        self.folder = folder
        self._facts: dict[str, TemplateFacts] | None = None  # read on first use
        self._changed = False  # facts parsed since the file was written
        self.parsed = 0  # for tests: how many sources were parsed

    def of(self, name: str, source: str) -> TemplateFacts:
        """The facts of a template's source; a template that does not parse raises Jinja's error (never kept)."""
        facts = self._known()
        key = hashlib.sha256(f"{jinja2.__version__}\0{source}".encode("utf-8", "surrogatepass")).hexdigest()
        found = facts.pop(key, None)
        if found is None:
            found = _parse(self.env, name, source)
            self.parsed += 1
            self._changed = True
        facts[key] = found  # last: the entries kept are those used most lately
        return found

    def _known(self) -> dict[str, TemplateFacts]:
        if self._facts is None:
            self._facts = {}
            if self.folder is not None:
                try:
                    stored = json.loads((self.folder / FACTS_FILE).read_text(encoding="utf-8"))
                    self._facts = {key: TemplateFacts(tuple(value["referenced"]), tuple(value["names"]), bool(value["fragment_ok"]))
                                   for key, value in stored.items()}
                except (OSError, ValueError, TypeError, KeyError, AttributeError):
                    self._facts = {}  # absent or damaged: the templates are parsed again
        return self._facts

    def save(self) -> None:
        """Write the facts when some were parsed since (the build calls it once its pages are rendered)."""
        if self.folder is None or self._facts is None or not self._changed:
            return
        self._changed = False
        kept = dict(list(self._facts.items())[-KEPT:])
        part = self.folder / f".{FACTS_FILE}.{os.getpid()}"
        try:
            part.write_text(json.dumps({key: {"referenced": list(facts.referenced), "names": list(facts.names),
                                              "fragment_ok": facts.fragment_ok} for key, facts in kept.items()}), encoding="utf-8")
            os.replace(part, self.folder / FACTS_FILE)  # whole or not at all: a killed build leaves the last file
        except OSError:  # a read-only cache: parsed again next time
            try:
                part.unlink(missing_ok=True)
            except OSError:
                pass


def facts_of(env: jinja2.Environment, name: str, source: str) -> TemplateFacts:
    """The facts of `source`, from the environment's cache when it has one (themes.make_environment gives it one)."""
    cache = getattr(env, "template_facts", None)
    return cache.of(name, source) if cache is not None else _parse(env, name, source)
