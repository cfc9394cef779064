"""Tests of the shared message catalogue."""

import pytest

from pooling import i18n
from pooling.i18n import _, ngettext, use_language


def test_danish_is_the_default():
    """Tests that a message with a Danish translation comes out in Danish by default."""
    assert i18n.current_language() == "da"
    assert _("proven optimal") == "bevist optimal"


def test_english_by_choice_and_back():
    """Tests that English is used inside use_language('en') and Danish after it."""
    with use_language("en"):
        assert _("proven optimal") == "proven optimal"
    assert _("proven optimal") == "bevist optimal"


def test_plural_forms():
    """Tests that the Danish plural form follows the count."""
    assert ngettext("{n} learner", "{n} learners", 1).format(n=1) == "1 kursist"
    assert ngettext("{n} learner", "{n} learners", 4).format(n=4) == "4 kursister"
    with use_language("en"):
        assert ngettext("{n} learner", "{n} learners", 4).format(n=4) == "4 learners"


def test_unknown_message_falls_back_to_its_id():
    """Tests that a message without a translation is shown as written."""
    assert _("no such message 123") == "no such message 123"


def test_unknown_language_is_refused():
    """Tests that only Danish and English can be chosen."""
    with pytest.raises(ValueError, match="unknown language"), use_language("sv"):
        pass


def test_every_danish_entry_is_translated():
    """Tests that the Danish catalogue has no empty or fuzzy entry."""
    from babel.messages.pofile import read_po

    path = i18n.TRANSLATIONS_DIR / "da" / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        parsed = read_po(handle, locale="da")
    missing = [m.id for m in parsed if m.id and (not m.string or m.fuzzy)]
    assert missing == []
