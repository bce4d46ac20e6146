"""The /settings screen: a chat's reminders, lead times, quiet hours and weekly digest."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from bot.calendar.period_labels import (
    clock_label,
    lead_label,
    leads_label,
    quiet_label,
    weekday_label,
)
from bot.calendar.preferences import LeadKind, Preferences, PreferenceService
from bot.core.callbacks import Button, Keyboard, pack, unpack
from bot.core.i18n import N_, Translator
from bot.core.render import Html
from bot.core.screens import Screen
from bot.numbers import parse_natural
from bot.periods import DigestTime, Lead, QuietHours

PREFIX: Final = "set"
ON, OFF = "✅", "▫️"
# Marks which lead buttons are for which dates; the text's lines carry the same marks.
# "14 dni przed terminem", not "⏳ 14 dni": what the lead time is for, in words.
LEAD_LABELS: Final = {
    LeadKind.DEADLINE: N_("{lead} before the deadline"),
    LeadKind.EVENT: N_("{lead} before the event"),
}
LEADS_PER_ROW: Final = 2
_SWITCHES: Final = {"r": "reminders", "d": "digest"}


@dataclass(frozen=True, slots=True)
class Choices:
    """What /settings offers in this deployment."""

    deadline_leads: tuple[Lead, ...]
    event_leads: tuple[Lead, ...]
    quiet: tuple[QuietHours | None, ...]
    digest: DigestTime | None  # None: the deployment sends no digest, so it is not offered

    def leads(self, which: LeadKind) -> tuple[Lead, ...]:
        return self.deadline_leads if which is LeadKind.DEADLINE else self.event_leads


def choices_of(service: PreferenceService, digest: DigestTime | None) -> Choices:
    return Choices(
        service.lead_choices(LeadKind.DEADLINE),
        service.lead_choices(LeadKind.EVENT),
        service.quiet_choices(),
        digest,
    )


@dataclass(frozen=True, slots=True)
class SettingsAction:
    """A parsed /settings button."""

    action: str  # "reminders" | "digest" | "lead" | "quiet" | "reset" | "done"
    on: bool = False
    kind: LeadKind | None = None
    code: str = ""  # a lead's code ('7d'), checked against the offer by the service
    index: int = 0  # a position in Choices.quiet, checked by the service


def settings_screen(
    t: Translator,
    prefs: Preferences,
    choices: Choices,
    *,
    group_title: str | None = None,
    done: bool = False,
) -> Screen:
    """The settings and their buttons; after Done, the settings alone."""
    text = settings_text(t, prefs, choices, group_title=group_title)
    if done:
        again = t.gettext("Change them again with /settings.")
        return Screen(Html(f"{text}\n\n{again}"))
    hint = t.gettext("Tap a button to change a setting: ✅ is on, ▫️ is off.")
    return Screen(Html(f"{text}\n\n{hint}"), settings_keyboard(t, prefs, choices))


def settings_text(
    t: Translator, prefs: Preferences, choices: Choices, *, group_title: str | None = None
) -> Html:
    heading = (
        t.gettext("⚙️ <b>Settings of the group {title}</b>", title=group_title)
        if group_title
        else t.gettext("⚙️ <b>Your settings</b>")
    )
    parts = [heading, _reminders_text(t, prefs), _quiet_text(t, prefs.quiet)]
    if choices.digest is not None:
        parts.append(_digest_text(t, prefs.digest, choices.digest))
    return Html("\n\n".join(parts))


def _reminders_text(t: Translator, prefs: Preferences) -> Html:
    if not prefs.reminders:
        return t.gettext(
            "🔕 <b>Reminders:</b> off. Announcements still arrive, but no reminders before "
            "their dates."
        )
    lines = [
        t.gettext("🔔 <b>Reminders:</b> on, sent ahead of the dates in what you receive:"),
        _deadlines_line(t, prefs.deadline_leads),
        _events_line(t, prefs.event_leads),
    ]
    return Html("\n".join(lines))


def _deadlines_line(t: Translator, leads: tuple[Lead, ...]) -> Html:
    if not leads:
        return t.gettext("⏳ no reminders before deadlines (calls for proposals, consultations)")
    return t.gettext(
        "⏳ {leads} before deadlines (calls for proposals, consultations)",
        leads=leads_label(leads, t.language),
    )


def _events_line(t: Translator, leads: tuple[Lead, ...]) -> Html:
    if not leads:
        return t.gettext("📅 no reminders before events and trainings")
    return t.gettext(
        "📅 {leads} before events and trainings", leads=leads_label(leads, t.language)
    )


def _quiet_text(t: Translator, quiet: QuietHours | None) -> Html:
    if quiet is None:
        return t.gettext("🌙 <b>Quiet hours:</b> none (reminders may come at any hour)")
    return t.gettext(
        "🌙 <b>Quiet hours:</b> {window} (reminders then wait for the morning)",
        window=quiet_label(quiet, t.language),
    )


def _digest_text(t: Translator, on: bool, digest: DigestTime) -> Html:
    if not on:
        return t.gettext("📬 <b>Weekly digest:</b> off")
    return t.gettext(
        "📬 <b>Weekly digest:</b> on ({day}, {time}): the week's deadlines and events in one "
        "message, when there are any.",
        day=weekday_label(digest, t.language),
        time=clock_label(digest.at, t.language),
    )


def settings_keyboard(t: Translator, prefs: Preferences, choices: Choices) -> Keyboard:
    """Reminders; their lead times (when on); quiet hours; the digest; reset; Done."""
    # Each button says its state in words too: a screen reader reads "✅" as "check mark".
    reminders = t.plain("Reminders: on") if prefs.reminders else t.plain("Reminders: off")
    rows: Keyboard = [[(_mark(prefs.reminders) + reminders, _switch("r", prefs))]]
    if prefs.reminders:
        for which in LeadKind:
            rows += _lead_rows(t, which, choices.leads(which), prefs.leads(which))
    rows.append([_quiet_button(t, prefs.quiet, choices.quiet)])
    if choices.digest is not None:
        digest = t.plain("Weekly digest: on") if prefs.digest else t.plain("Weekly digest: off")
        rows.append([(_mark(prefs.digest) + digest, _switch("d", prefs))])
    last: list[Button] = []
    if prefs.customised:
        last.append((t.plain("↩️ Reset to defaults"), pack(PREFIX, "reset")))
    rows.append([*last, (t.plain("Done"), pack(PREFIX, "done"))])
    return rows


def _switch(shape: str, prefs: Preferences) -> str:
    # The data carries the wanted state, not "toggle": an old message pressed twice is harmless.
    current = prefs.reminders if shape == "r" else prefs.digest
    return pack(PREFIX, shape, int(not current))


def _lead_rows(
    t: Translator, which: LeadKind, offered: tuple[Lead, ...], chosen: tuple[Lead, ...]
) -> Keyboard:
    buttons = [
        (
            _mark(lead in chosen) + t.plain(LEAD_LABELS[which], lead=lead_label(lead, t.language)),
            pack(PREFIX, "l", which.value, lead.code),
        )
        for lead in offered
    ]
    return [buttons[i : i + LEADS_PER_ROW] for i in range(0, len(buttons), LEADS_PER_ROW)]


def _quiet_button(
    t: Translator, current: QuietHours | None, offered: tuple[QuietHours | None, ...]
) -> Button:
    """Shows the current window; a press moves to the next one offered (cycling)."""
    position = offered.index(current) if current in offered else -1
    window = t.plain("none") if current is None else quiet_label(current, t.language)
    label = t.plain("🌙 Quiet hours: {window}", window=window)
    return label, pack(PREFIX, "q", (position + 1) % len(offered))


def _mark(on: bool) -> str:
    return f"{ON if on else OFF} "


def parse(data: str | None, *, digest_offered: bool) -> SettingsAction | None:
    """Parse a /settings button; None for anything malformed or forged."""
    if data is not None and data in (pack(PREFIX, "reset"), pack(PREFIX, "done")):
        return SettingsAction(data.removeprefix(f"{PREFIX}:"))
    parts = unpack(data, PREFIX, 2)
    if parts is not None:
        shape, value = parts
        if shape in _SWITCHES and value in ("0", "1"):
            if shape == "d" and not digest_offered:
                return None
            return SettingsAction(_SWITCHES[shape], on=value == "1")
        if shape == "q" and (index := parse_natural(value, max_digits=3)) is not None:
            return SettingsAction("quiet", index=index)
        return None
    parts = unpack(data, PREFIX, 3)
    if parts is not None and parts[0] == "l" and parts[1] in {k.value for k in LeadKind}:
        return SettingsAction("lead", kind=LeadKind(parts[1]), code=parts[2])
    return None
