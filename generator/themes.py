"""Find a theme (and its parents), and make the Jinja environment for it.

Lookup order for a template: the shop's own `templates/`, then the theme,
then the theme's parent, and so on; a seller overrides one file without
copying the theme. Themes are searched in the shop's `themes/` folder first,
then among the themes bundled with Etalase.
"""

from __future__ import annotations

import gettext
import hashlib
import io
import stat
import tomllib
from dataclasses import dataclass
from pathlib import Path

import rcssmin

from .boundaries import resolves_inside
from .theme_settings import DEFAULT_BRAND_COLOR, ContentSecurityPolicy, Declared, SettingError, read_declared, resolve

THEME_FILE = "theme.toml"


def bundled_themes_dir() -> Path:
    """Installed: generator/themes (package data). From a checkout: the repository's themes/."""
    packaged = Path(__file__).parent / "themes"
    if packaged.is_dir():
        return packaged
    return Path(__file__).parent.parent / "themes"


@dataclass(frozen=True)
class Theme:
    name: str
    folders: tuple[Path, ...]  # this theme first, then its parents
    content_security_policy: ContentSecurityPolicy = ContentSecurityPolicy()  # see theme_settings.py
    brand_color: str = DEFAULT_BRAND_COLOR  # "#rrggbb"

    @property
    def template_dirs(self) -> list[Path]:
        return [folder / "templates" for folder in self.folders if (folder / "templates").is_dir()]

    def files_key(self, shop_root: Path) -> tuple[tuple[str, int, int], ...]:
        """The time and size of every file a Jinja environment reads: the templates (the shop's own
        templates/ first) and the translation catalogs. Environments do not check their templates'
        files on each use (auto_reload is off: that stat ran for every include inside every loop),
        so a change of any of these files needs a new environment."""
        folders = [shop_root / "templates"]
        for folder in self.folders:
            folders += [folder / "templates", folder / "locales"]
        key = []
        for top in folders:
            for path in sorted(top.rglob("*")) if top.is_dir() else []:
                info = path.stat()
                if stat.S_ISREG(info.st_mode):
                    key.append((str(path), info.st_mtime_ns, info.st_size))
        return tuple(key)

    def static_files(self) -> dict[str, Path]:
        """Static assets by name; a child theme's file wins over its parent's."""
        found: dict[str, Path] = {}
        for folder in reversed(self.folders):
            static = folder / "static"
            if static.is_dir():
                for path in sorted(static.rglob("*")):
                    if path.is_file() and path.resolve().is_relative_to(folder.resolve()):  # find_theme refused the rest
                        found[path.relative_to(static).as_posix()] = path
        return found

    def catalog(self, language: str) -> Path | None:
        for folder in self.folders:
            po = folder / "locales" / language / "LC_MESSAGES" / "messages.po"
            if po.is_file():
                return po
        return None


class ThemeError(Exception):
    def __init__(self, message: str, path: Path | None = None, line: int | None = None):
        super().__init__(message)
        self.path = path  # the theme or template file at fault, when there is one
        self.line = line


def _outside_links(folder: Path, boundary: Path) -> list[Path]:
    """Files and folders under `folder` that are links resolving outside `boundary` or into its private folders
    (or that cannot be resolved)."""
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_symlink() and not resolves_inside(path, boundary):
            found.append(path)
    return found


def check_links(theme: Theme, shop_root: Path) -> None:
    """The shop's templates/ may only link inside the shop, and a theme's files only inside that theme's folder:
    a template that is a link to /etc/passwd or ~/.ssh would be rendered into the site."""
    checks = [(shop_root / "templates", shop_root, "the shop folder")] + [(folder, folder, "its theme folder") for folder in theme.folders]
    for folder, boundary, where in checks:
        if folder.is_dir():
            for path in _outside_links(folder, boundary):
                raise ThemeError(f"is a link to a file outside {where} (or into .git or .etalase-cache): copy the file here instead", path)


def available_themes(shop_root: Path) -> list[str]:
    names = set()
    for base in (shop_root / "themes", bundled_themes_dir()):
        if base.is_dir():
            names.update(p.parent.name for p in base.glob(f"*/{THEME_FILE}"))
    return sorted(names)


def find_theme(name: str, shop_root: Path) -> Theme:
    folders: list[Path] = []
    declared: list[Declared] = []
    current: str | None = name
    while current:
        folder = next(
            (base / current for base in (shop_root / "themes", bundled_themes_dir()) if (base / current / THEME_FILE).is_file()),
            None,
        )
        if folder is None:
            raise ThemeError(f'theme: no theme named "{current}" (available: {", ".join(available_themes(shop_root))})')
        if folder in folders:
            raise ThemeError(f'theme: "{current}" is its own parent (check `parent` in {THEME_FILE})')
        folders.append(folder)
        try:
            text = (folder / THEME_FILE).read_text(encoding="utf-8")
            meta = tomllib.loads(text)
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise ThemeError(f"theme: {folder / THEME_FILE} cannot be read: {error}") from None
        try:
            declared.append(read_declared(meta, text))
        except SettingError as error:
            raise ThemeError(str(error), folder / THEME_FILE, error.line) from None
        current = meta.get("parent")
    policy, color = resolve(declared)
    theme = Theme(name=name, folders=tuple(folders), content_security_policy=policy, brand_color=color)
    check_links(theme, shop_root)
    return theme


def load_translations(theme: Theme, language: str) -> gettext.NullTranslations:
    """Theme strings are written in English; other languages come from a gettext catalog."""
    po = theme.catalog(language)
    if po is None:
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo  # Babel is slow to import: only when needed
    from babel.messages.pofile import read_po

    with open(po, "rb") as f:
        catalog = read_po(f, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def translations_digest(theme: Theme, language: str) -> str:
    """The content of the catalog that translates the theme's words into `language` ("" for none)."""
    po = theme.catalog(language)
    return f"{language}:" + (hashlib.sha256(po.read_bytes()).hexdigest() if po is not None else "")


def _contained_loader(folder: Path, boundary: Path):
    """A Jinja loader for `folder` that will not open a template resolving outside `boundary` (a link made after
    find_theme checked, or a linked sub-folder)."""
    import jinja2

    class ContainedLoader(jinja2.FileSystemLoader):
        def get_source(self, environment, template):
            source, filename, uptodate = super().get_source(environment, template)
            if not Path(filename).resolve().is_relative_to(boundary.resolve()):
                raise jinja2.TemplateNotFound(template)
            return source, filename, uptodate

    return ContainedLoader(str(folder))


def make_environment(theme: Theme, shop_root: Path, language: str, environment_class: type | None = None,
                     compiled: Path | None = None):
    """The Jinja environment of a theme in one language. `compiled`: a folder where Jinja keeps each template's
    compiled code between processes (found again by the template's name, file and source checksum), so that
    a build after an edit does not compile the theme again."""
    import jinja2

    cache = None
    if compiled is not None:
        try:
            compiled.mkdir(parents=True, exist_ok=True)
            cache = jinja2.FileSystemBytecodeCache(str(compiled))
        except OSError:
            cache = None  # a read-only cache folder: templates are compiled each time
    loaders = [_contained_loader(shop_root / "templates", shop_root)] if (shop_root / "templates").is_dir() else []
    loaders += [_contained_loader(folder / "templates", folder) for folder in theme.folders if (folder / "templates").is_dir()]
    env = (environment_class or jinja2.Environment)(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,  # every template, whatever its name: seller text is always escaped
        undefined=jinja2.StrictUndefined,  # a typo in a template fails the build, not the page
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # a caller keeps an environment only while Theme.files_key stays the same
        bytecode_cache=cache,
    )
    env.install_gettext_translations(load_translations(theme, language), newstyle=True)  # type: ignore[attr-defined]
    from .template_facts import TemplateFactsCache

    env.template_facts = TemplateFactsCache(env, compiled if cache is not None else None)  # type: ignore[attr-defined]
    return env


def published_asset(path: Path) -> bytes:
    """A theme file's bytes as the site serves them: stylesheets without comments and spaces.

    Every page loads the stylesheet up front, so its comments (there for the next theme author)
    would count against each page's weight budget; the theme's own file keeps them.
    """
    data = path.read_bytes()
    if path.suffix.lower() == ".css":
        return rcssmin.cssmin(data)
    return data


def asset_name(path: Path, data: bytes) -> str:
    """style.css -> style.3f2a9c1b.css: a new name for new content, so hosts may cache forever."""
    digest = hashlib.sha256(data).hexdigest()[:8]
    return f"{path.stem}.{digest}{path.suffix}"
