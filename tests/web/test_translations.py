"""Tests that the web's Danish catalogue translates every message its pages and views use.

Message ids are extracted with Babel: the Python extractor for `web/**/*.py` and Jinja's
extractor for `web/templates/**/*.html`. Ids that reach `_()` through a variable are added from
where they are defined: a module's dict literal looked up inside `_()` or looped over into it
(`TITLES` in `web/errors.py`, `EMPTY` in `web/views/demand.py`), the `LABELS` dict the demand
form's template looks up, the roles (`_(o.kind)`, `_(u.role)`), the job statuses
(`_(job.status)`), the actions of request changes (`_(ch.action)`), dict literals inside a
template's `_()` call and literal tuples a template loops over into `_()`. A `_()` given any
other variable fails a test until its source is added here.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path
from string import Formatter

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po
from jinja2 import Environment, nodes

from pooling import i18n
from pooling.i18n import _, use_language
from web import TRANSLATIONS
from web.models import JobStatus, Role
from web.views.demand import LABELS

WEB = Path(__file__).resolve().parents[2] / "web"
TEMPLATES = WEB / "templates"
DANISH = TRANSLATIONS / "da" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2)}

Message = str | tuple[str, ...]


def _where(path: Path, line: int | None = None) -> str:
    name = str(path.relative_to(WEB.parent))
    return f"{name}:{line}" if line else name


def _direct_messages() -> dict[Message, str]:
    """Literal ids in `_()`, `gettext()` and `ngettext()` calls, with where each is first used."""
    found: dict[Message, str] = {}
    for path in sorted(WEB.rglob("*.py")):
        for line, message, _comments, _context in extract_from_file("python", path, KEYWORDS):
            found.setdefault(message, _where(path, line))
    for path in sorted(TEMPLATES.rglob("*.html")):
        extracted = extract_from_file(
            "jinja2.ext.babel_extract", path, KEYWORDS, options={"silent": "false"}
        )
        for line, message, _comments, _context in extracted:
            found.setdefault(message, _where(path, line))
    return found


def _is_gettext_call(node: nodes.Node) -> bool:
    return (
        isinstance(node, nodes.Call)
        and isinstance(node.node, nodes.Name)
        and (node.node.name in KEYWORDS)
    )


def _template_trees():
    env = Environment(extensions=["jinja2.ext.i18n"])
    for path in sorted(TEMPLATES.rglob("*.html")):
        yield path, env.parse(path.read_text(encoding="utf-8"))


def _translated_loops(tree: nodes.Template):
    """The `{% for x in ("a", "b") %}` loops whose body calls `_(x)`."""
    for loop in tree.find_all(nodes.For):
        if not isinstance(loop.target, nodes.Name) or not isinstance(
            loop.iter, nodes.Tuple | nodes.List
        ):
            continue
        if any(
            _is_gettext_call(call)
            and call.args
            and isinstance(call.args[0], nodes.Name)
            and call.args[0].name == loop.target.name
            for body in loop.body
            for call in body.find_all(nodes.Call)
        ):
            yield loop


def _template_indirect_messages() -> dict[Message, str]:
    """Ids a template gives `_()` through a dict literal or a loop over a literal tuple."""
    found: dict[Message, str] = {}
    for path, tree in _template_trees():
        for call in tree.find_all(nodes.Call):
            if not _is_gettext_call(call) or not call.args or isinstance(call.args[0], nodes.Const):
                continue
            for mapping in call.args[0].find_all(nodes.Dict):
                for pair in mapping.items:
                    if isinstance(pair.value, nodes.Const) and isinstance(pair.value.value, str):
                        found.setdefault(pair.value.value, _where(path, pair.value.lineno))
        for loop in _translated_loops(tree):
            for item in loop.iter.items:
                if isinstance(item, nodes.Const) and isinstance(item.value, str):
                    found.setdefault(item.value, _where(path, item.lineno))
    return found


def _describe(node) -> str:
    """A short shape of an expression, e.g. `o.kind`, `labels[]`, `TITLES.get()`, `{...}[]`."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, ast.Attribute | nodes.Getattr):
        inner = node.value if isinstance(node, ast.Attribute) else node.node
        return f"{_describe(inner)}.{node.attr}"
    if isinstance(node, ast.Subscript | nodes.Getitem):
        inner = node.value if isinstance(node, ast.Subscript) else node.node
        return f"{_describe(inner)}[]"
    if isinstance(node, ast.Call):
        return f"{_describe(node.func)}()"
    if isinstance(node, nodes.Call):
        return f"{_describe(node.node)}()"
    if isinstance(node, ast.Dict | nodes.Dict):
        return "{...}"
    return type(node).__name__


def _module_dicts(tree: ast.Module) -> dict[str, ast.Dict]:
    """A module's top-level `NAME = {...}` dict literals by name."""
    found = {}
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Dict):
            for target in statement.targets:
                if isinstance(target, ast.Name):
                    found[target.id] = statement.value
        elif (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and isinstance(statement.value, ast.Dict)
        ):
            found[statement.target.id] = statement.value
    return found


def _loop_values(tree: ast.Module, dicts: dict[str, ast.Dict]) -> dict[str, ast.Dict]:
    """Names bound to a module dict's values by `for v in D.values()` / `for k, v in D.items()`."""
    found = {}
    for loop in ast.walk(tree):
        if not (
            isinstance(loop, ast.For | ast.comprehension)
            and isinstance(loop.iter, ast.Call)
            and isinstance(loop.iter.func, ast.Attribute)
            and isinstance(loop.iter.func.value, ast.Name)
            and loop.iter.func.value.id in dicts
        ):
            continue
        mapping, method, target = dicts[loop.iter.func.value.id], loop.iter.func.attr, loop.target
        if method == "values" and isinstance(target, ast.Name):
            found[target.id] = mapping
        elif (
            method == "items"
            and isinstance(target, ast.Tuple)
            and len(target.elts) == 2
            and isinstance(target.elts[1], ast.Name)
        ):
            found[target.elts[1].id] = mapping
    return found


def _python_variable_calls():
    """Every `_()` call in the web's Python whose id is not a literal: (path, call, dict).

    `dict` is the module's dict literal the id comes from (`_(NAME[k])`, `_(NAME.get(k, ...))`,
    `_(v)` inside `for k, v in NAME.items()` or `for v in NAME.values()`), or None.
    """
    for path in sorted(WEB.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        dicts = _module_dicts(tree)
        loops = _loop_values(tree, dicts)
        for call in ast.walk(tree):
            if not (
                isinstance(call, ast.Call)
                and getattr(call.func, "id", "") in KEYWORDS
                and call.args
                and not isinstance(call.args[0], ast.Constant)
            ):
                continue
            shape = _describe(call.args[0])
            name = shape.removesuffix("[]").removesuffix(".get()")
            yield path, call, dicts.get(name) if name != shape else loops.get(shape)


def _python_dict_messages() -> dict[Message, str]:
    """Ids a view gives `_()` by looking them up in one of its module's dict literals."""
    found: dict[Message, str] = {}
    for path, _call, mapping in _python_variable_calls():
        if mapping is None:
            continue
        for value in mapping.values:
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                found.setdefault(value.value, _where(path, value.lineno))
    return found


def _variable_arguments() -> list[tuple[str, str]]:
    """Every `_()` call whose id is not a literal nor in a dict literal: (shape, where)."""
    found = [
        (_describe(call.args[0]), _where(path, call.lineno))
        for path, call, mapping in _python_variable_calls()
        if mapping is None
    ]
    for path, tree in _template_trees():
        loop_names = {loop.target.name for loop in _translated_loops(tree)}
        for call in tree.find_all(nodes.Call):
            if not _is_gettext_call(call) or not call.args or isinstance(call.args[0], nodes.Const):
                continue
            shape = _describe(call.args[0])
            if shape not in loop_names:
                found.append((shape, _where(path, call.lineno)))
    return found


# The variable arguments of `_()` whose possible values `_indirect_messages` collects.
KNOWN_VARIABLE_ARGUMENTS = {
    "labels[]": "web/views/demand.py LABELS",
    "labels.get()": "web/views/demand.py LABELS",
    "o.kind": "Role",
    "org.kind": "Role",
    "u.role": "Role",
    "job.status": "JobStatus",
    "j.status": "JobStatus",
    "ch.action": "RequestChange(action=...)",
    "{...}[]": "the dict literal's values",
}


def _request_change_actions() -> dict[Message, str]:
    """The `action="..."` of every `RequestChange(...)` and `add_request(...)` in the web
    (`_(ch.action)`)."""
    found: dict[Message, str] = {}
    for path in sorted(WEB.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for call in ast.walk(tree):
            name = getattr(call.func, "id", "") if isinstance(call, ast.Call) else ""
            if name not in ("RequestChange", "add_request"):
                continue
            for keyword in call.keywords:
                value = keyword.value
                if keyword.arg == "action" and isinstance(value, ast.Constant):
                    found.setdefault(value.value, _where(path, call.lineno))
    return found


def _indirect_messages() -> dict[Message, str]:
    """Ids that reach `_()` through a variable, with where they are defined."""
    found: dict[Message, str] = {}
    for text in LABELS.values():
        found.setdefault(text, "web/views/demand.py LABELS")
    for role in Role:
        found.setdefault(role.value, "web/models/accounts.py Role")
    for name, value in vars(JobStatus).items():
        if name.isupper() and isinstance(value, str):
            found.setdefault(value, "web/models/proposals.py JobStatus")
    for source in (
        _python_dict_messages(),
        _request_change_actions(),
        _template_indirect_messages(),
    ):
        for message, where in source.items():
            found.setdefault(message, where)
    return found


@cache
def used_messages() -> dict[Message, str]:
    """Every message id the web uses (a tuple for a plural), with where it is used (read once)."""
    found = _direct_messages()
    for message, where in _indirect_messages().items():
        found.setdefault(message, where)
    return found


def danish_entries() -> list:
    with DANISH.open("rb") as handle:
        return [m for m in read_po(handle, locale="da") if m.id]


def _fields(text: str) -> list[str]:
    return sorted(name for _, name, _, _ in Formatter().parse(text) if name is not None)


def test_extraction_finds_direct_and_indirect_messages():
    """Tests that the extraction finds ids in views, templates, plurals and indirect places."""
    used = used_messages()
    expected = [
        "Request {reference} is saved.",  # a view
        "My requests",  # a template
        ("{n} request", "{n} requests"),  # a plural in a template
        "Your reference",  # LABELS
        "Page not found",  # TITLES, looked up inside _() in web/errors.py
        "Enter the number of learners",  # EMPTY, looped over into _() in web/views/demand.py
        "Waiting for the worker",  # a dict literal inside _() in a template
        "a-kasse",  # a role
        "cancelled",  # a job status
        "withdrawn",  # a request change's action
    ]
    assert [m for m in expected if m not in used] == []


def test_variable_ids_are_collected():
    """Tests that every `_()` given a variable is one whose possible ids the test collects."""
    unknown = [
        f"{where}: _({shape})"
        for shape, where in _variable_arguments()
        if shape not in KNOWN_VARIABLE_ARGUMENTS
    ]
    assert not unknown, (
        "_() calls with a variable id this test cannot see the values of; add their source "
        "to _indirect_messages and KNOWN_VARIABLE_ARGUMENTS:\n" + "\n".join(unknown)
    )


def test_every_message_has_a_danish_translation():
    """Tests that every message id of the web has a Danish entry, plural ids a plural one."""
    translations = {
        (m.id[0] if isinstance(m.id, tuple | list) else m.id): m
        for m in danish_entries()
        if m.string and not m.fuzzy
    }
    missing = []
    for message, where in sorted(used_messages().items(), key=lambda item: item[1]):
        key = message[0] if isinstance(message, tuple) else message
        entry = translations.get(key)
        if entry is None or isinstance(message, tuple) != entry.pluralizable:
            missing.append(f"{where}: {message!r}")
    assert not missing, "messages without a Danish translation:\n" + "\n".join(missing)


def test_no_danish_entry_is_fuzzy_or_empty():
    """Tests that the Danish catalogue has no fuzzy entry and no empty translation."""
    bad = []
    for m in danish_entries():
        strings = m.string if isinstance(m.string, tuple | list) else (m.string,)
        if m.fuzzy or not all(strings):
            bad.append(m.id)
    assert bad == []


def test_placeholders_are_kept():
    """Tests that each Danish translation has exactly the placeholders of its English id."""
    different = []
    for m in danish_entries():
        ids = m.id if isinstance(m.id, tuple | list) else (m.id,)
        strings = m.string if isinstance(m.string, tuple | list) else (m.string,)
        for i, text in enumerate(strings):
            source = ids[min(i, len(ids) - 1)]
            if _fields(text) != _fields(source):
                different.append(f"{source!r} -> {text!r}")
    assert different == []


def test_catalogue_is_well_formed():
    """Tests that the catalogue is Danish with two plural forms and holds each id once."""
    with DANISH.open("rb") as handle:
        catalogue = read_po(handle, locale="da", abort_invalid=True)
    assert str(catalogue.locale) == "da"
    assert catalogue.plural_forms == "nplurals=2; plural=(n != 1);"
    lines = DANISH.read_text(encoding="utf-8").splitlines()
    ids = [line for line in lines if line.startswith("msgid ") and line != 'msgid ""']
    assert sorted({i for i in ids if ids.count(i) > 1}) == []
    plurals = [m for m in catalogue if m.pluralizable]
    assert [m.id for m in plurals if len(m.string) != 2] == []


@pytest.mark.parametrize(
    ("message", "danish"),
    [
        ("My requests", "Mine behov"),
        ("New request", "Nyt behov"),
        ("Upload requests", "Upload behov"),
        ("Demand in your area", "Behov i dit område"),
        ("Cohorts for your school", "Hold til din skole"),
        ("Organisations", "Organisationer"),
    ],
)
def test_main_page_headings_in_danish(message, danish):
    """Tests that the main pages' headings the smoke test looks for come out in Danish."""
    i18n.add_catalogue_dir(TRANSLATIONS)
    with use_language("da"):
        assert _(message) == danish
    with use_language("en"):
        assert _(message) == message
