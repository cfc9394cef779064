"""Jinja helpers: translation, dates as dd-mm-yyyy, numbers as Danes write them."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.numbers import format_decimal
from flask import Flask, g

from pooling.i18n import _, ngettext

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def day(value: date | datetime | None) -> str:
    """A date as dd-mm-yyyy (the same in both languages, as Danish users write it)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(COPENHAGEN).date() if value.tzinfo else value.date()
    return value.strftime("%d-%m-%Y")


def moment(value: datetime | None) -> str:
    """A time as dd-mm-yyyy hh:mm, Copenhagen time."""
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone(COPENHAGEN)
    return value.strftime("%d-%m-%Y %H:%M")


def number(value: float | int | None, digits: int = 0) -> str:
    """12.345 and 3,5 in Danish; 12,345 and 3.5 in English."""
    if value is None:
        return ""
    locale = "en_GB" if g.get("lang") == "en" else "da_DK"
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=locale)


def percent(value: float | None, digits: int = 1) -> str:
    if value is None:
        return ""
    return number(value * 100, digits) + " %"


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(_=_, ngettext=ngettext)
    app.jinja_env.filters.update(day=day, moment=moment, number=number, percent=percent)
    app.jinja_env.autoescape = True
