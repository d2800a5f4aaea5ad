"""The spam guard every public form carries: a honeypot and a minimum fill time."""

from __future__ import annotations

import time

import pytest
from django import forms
from pytest_django import Settings

from callidarity.core.forms import SpamGuardFormMixin, started_stamp


class NoteForm(SpamGuardFormMixin, forms.Form):
    note = forms.CharField()


@pytest.fixture(autouse=True)
def _two_seconds(settings: Settings) -> None:
    settings.FORM_MIN_FILL_SECONDS = 2


def _sent(seconds_after_shown: float, **extra: str) -> NoteForm:
    return NoteForm(
        {"note": "hi", "started": started_stamp(time.time() - seconds_after_shown), **extra}
    )


def test_a_shown_form_carries_a_fresh_stamp() -> None:
    stamp = NoteForm().initial["started"]

    assert NoteForm({"note": "hi", "started": stamp}).is_bot()  # sent back at once
    assert 'type="hidden" name="started"' in str(NoteForm()["started"])


def test_a_person_filling_the_form_is_no_bot() -> None:
    assert not _sent(5).is_bot()


@pytest.mark.parametrize(
    "data",
    [
        {"note": "hi"},
        {"note": "hi", "started": ""},
        {"note": "hi", "started": "1700000000.0"},
        {"note": "hi", "started": started_stamp(time.time() - 60)[:-2] + "xx"},
    ],
    ids=["missing", "empty", "unsigned", "forged"],
)
def test_a_missing_or_forged_stamp_is_a_bot(data: dict[str, str]) -> None:
    assert NoteForm(data).is_bot()


def test_too_fast_is_a_bot() -> None:
    assert _sent(1).is_bot()


def test_a_filled_honeypot_is_a_bot_however_slow() -> None:
    assert _sent(60, website="http://spam.example").is_bot()


def test_without_a_minimum_only_the_honeypot_counts(settings: Settings) -> None:
    settings.FORM_MIN_FILL_SECONDS = 0

    assert not NoteForm({"note": "hi"}).is_bot()
    assert NoteForm({"note": "hi", "website": "x"}).is_bot()


def test_a_prefixed_form_reads_its_own_guard_fields() -> None:
    stamp = started_stamp(time.time() - 5)

    assert not NoteForm({"w-note": "hi", "w-started": stamp}, prefix="w").is_bot()
    assert NoteForm({"w-note": "hi", "w-started": stamp, "w-website": "x"}, prefix="w").is_bot()
    # The unprefixed fields belong to another form on the page.
    assert NoteForm({"w-note": "hi", "started": stamp}, prefix="w").is_bot()
    assert not NoteForm({"w-note": "hi", "w-started": stamp, "website": "x"}, prefix="w").is_bot()
