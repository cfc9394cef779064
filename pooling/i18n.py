"""The message catalogue shared by the CLI and the web: English message ids, Danish by default.

Catalogues are gettext `.po` files under `pooling/translations/<lang>/LC_MESSAGES/`, read with
Babel when first needed (no compile step). The language is a context variable, so the CLI sets
it once (`--lang`) and the web sets it per request. A message id without a translation falls
back to the English id. Placeholders are `str.format` fields, filled by the caller:
`_("{n} more learners").format(n=3)`. The web adds its own folder of catalogues
(`add_catalogue_dir`) and sets the language per request; it has no other translation layer.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

LANGUAGES = ("da", "en")
DEFAULT_LANGUAGE = "da"
TRANSLATIONS_DIR = Path(__file__).parent / "translations"
# Folders whose catalogues are merged, later ones winning: the engine's, then the web's.
_catalogue_dirs: list[Path] = [TRANSLATIONS_DIR]

_language: ContextVar[str] = ContextVar("language", default=DEFAULT_LANGUAGE)


def current_language() -> str:
    return _language.get()


def set_language(lang: str) -> None:
    """Use `lang` ("da" or "en") from here on in this context."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    _language.set(lang)


@contextmanager
def use_language(lang: str) -> Iterator[None]:
    """Translate into `lang` inside the block, then return to the previous language."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    token = _language.set(lang)
    try:
        yield
    finally:
        _language.reset(token)


def add_catalogue_dir(folder: Path) -> None:
    """Also read the catalogues under `folder` (as `<lang>/LC_MESSAGES/messages.po`)."""
    folder = Path(folder)
    if folder not in _catalogue_dirs:
        _catalogue_dirs.append(folder)
        catalogue.cache_clear()


@cache
def catalogue(lang: str) -> dict[str, str | tuple[str, ...]]:
    """The translations of `lang` by message id (empty for English, the ids' own language)."""
    found: dict[str, str | tuple[str, ...]] = {}
    for folder in _catalogue_dirs:
        path = folder / lang / "LC_MESSAGES" / "messages.po"
        if path.exists():
            found.update(_read(path, lang))
    return found


def _read(path: Path, lang: str) -> dict[str, str | tuple[str, ...]]:
    with path.open("rb") as handle:
        parsed = read_po(handle, locale=lang)
    found: dict[str, str | tuple[str, ...]] = {}
    for message in parsed:
        if not message.id or not message.string or message.fuzzy:
            continue
        key = message.id[0] if isinstance(message.id, tuple | list) else message.id
        value = message.string
        found[key] = tuple(value) if isinstance(value, tuple | list) else value
    return found


def gettext(message: str) -> str:
    """`message` in the current language."""
    translated = catalogue(_language.get()).get(message)
    return translated if isinstance(translated, str) else message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form of a message for `n`, in the current language."""
    translated = catalogue(_language.get()).get(singular)
    if isinstance(translated, tuple) and len(translated) >= 2:
        return translated[0] if n == 1 else translated[1]
    return singular if n == 1 else plural


_ = gettext
