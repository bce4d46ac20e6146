"""A seeded generator of everything Telegram sends a bot, aimed at a running bot in the emulator.

Texts follow the forms people really send (commands with arguments, Polish and Ukrainian
with diacritics, emoji, RTL marks, zero-width joiners, digits of other scripts), interleaved
with buttons pressed from the bot's own messages so that conversations get junk mid-flow.
"""

from __future__ import annotations

import random
import string
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from bot.core.commands import COMMANDS
from bot.sandbox import BotApiEmulator, SimulatedGroup, SimulatedUser
from bot.sandbox.driver_kinds import MEDIA, MoreKinds
from bot.sandbox.markup import buttons
from bot.sandbox.model import ChatRecord

BOT = "ngobot_test_bot"
# Pieces of odd Unicode: combining marks, RTL and zero-width, astral emoji, other digits,
# HTML that must stay text, Polish and Ukrainian letters, and Telegram's own markup.
ODD = [
    "Zażółć gęślą jaźń",
    "Їжак ґава є",
    "e\u0301\u0301\u0301",
    "\u202eolleh\u202c",
    "\u200b\u200d\u2060",
    "👩‍👩‍👧‍👦",
    "🏳️‍🌈",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "²³¹",
    "١٢٣",
    "１２３",
    "①②",
    "<b>bold</b>",
    "&amp; &lt; &#55357;",
    "</a><script>",
    "@ngobot_test_bot",
    "#hasztag",
    "https://www.krakow.pl/a[b]",
    "www.bip.krakow.pl",
    "00000000000000000000000",
    "-1",
    "0",
    "9" * 30,
    "15.01.2027 15:00",
    "31.02.2027",
    "jutro o 25:61",
    "\t\n\n  ",
    "'; DROP TABLE users; --",
    "%s %d {0} {name}",
    "\\",
    "ﷺ",
    "\ufeff",
    "\U0010fffd",
]
PREFIXES = [
    "dir", "role", "sub", "tadm", "anl", "set", "inv", "org", "fd", "pst", "prv", "upc",
    "onb", "lang", "pex", "rnd", "ann", "apub", "prv", "fdh", "priv", "dlg", "x",
]  # fmt: skip
FIRST_NAMES = ["Anna", "Олена", "Jan", "<i>Mal</i>", "Ζωή", "😀", "O'Brien & Co", "محمد"]


def odd_text(rng: random.Random, longest: int = 300) -> str:
    """A message text as people (and mischief) write them."""
    parts = [rng.choice(ODD) for _ in range(rng.randint(1, 4))]
    if rng.random() < 0.3:
        parts.append("".join(rng.choices(string.printable, k=rng.randint(1, 40))))
    if rng.random() < 0.03:
        parts.append("długi tekst " * rng.randint(100, 370))  # near Telegram's 4,096
    text = " ".join(parts)[: max(longest, 1)]
    return text if text.strip() else "?"


def command_text(rng: random.Random, *, in_group: bool) -> str:
    name = rng.choice(COMMANDS).name if rng.random() < 0.9 else rng.choice(["nosuch", "Start"])
    addressee = ""
    roll = rng.random()
    if (in_group and roll < 0.7) or roll < 0.15:
        addressee = f"@{BOT}"
    elif roll < 0.25:
        addressee = "@OtherBot"
    args = "" if rng.random() < 0.5 else " " + odd_text(rng, 80)
    return f"/{name}{addressee}{args}"


def forged_data(rng: random.Random) -> str:
    """Callback data a modified client could send: known prefixes with odd parts, or junk."""
    roll = rng.random()
    if roll < 0.6:
        parts = [
            rng.choice(["", "0", "1", "²", "-1", "99999999999999", "x", "١", "p", "t", "v"])
            for _ in range(rng.randint(0, 4))
        ]
        return ":".join([rng.choice(PREFIXES), *parts])
    if roll < 0.8:
        return "".join(rng.choices(string.printable, k=rng.randint(1, 64)))
    return rng.choice(PREFIXES) + ":" + "x" * rng.randint(60, 200)  # oversized


@dataclass
class FuzzWorld:
    """The people, groups and channel the fuzzer acts through."""

    emulator: BotApiEmulator
    rng: random.Random
    users: list[SimulatedUser]
    groups: list[SimulatedGroup]
    channel: ChatRecord
    kinds: MoreKinds
    pressed: list[tuple[SimulatedUser, str, SimulatedGroup | None]] = field(default_factory=list)
    sent: list[dict[str, Any]] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)

    @classmethod
    def create(cls, emulator: BotApiEmulator, seed: int, admin_id: int) -> FuzzWorld:
        rng = random.Random(seed)
        users = [emulator.user(admin_id, "Admin", language_code="pl", username="admin")]
        for index in range(11):
            users.append(
                emulator.user(
                    7100 + index,
                    FIRST_NAMES[index % len(FIRST_NAMES)],
                    language_code=[None, "pl", "uk", "en", "de", "en-GB"][index % 6],
                    username=None if index % 3 else f"user_{index}",
                    last_name=None if index % 2 else "Kowalska-Nowak",
                )
            )
        groups = [
            emulator.group(-7001, "Fundacja <b>Razem</b>", admins=users[:2], members=users[2:6]),
            emulator.group(
                -7002, "Klub & Seniora", admins=users[3:5], members=users, bot_is_admin=True
            ),
            emulator.group(-7003, "Супергрупа", admins=[users[6]], supergroup=True),
        ]
        kinds = MoreKinds(emulator.state)
        channel = kinds.channel(-1007004, "Kanał MOPS")
        return cls(emulator, rng, users, groups, channel, kinds)

    def actions(self) -> list[tuple[float, Callable[[], Awaitable[None]]]]:
        """(weight, action): conversations and buttons most, rarer kinds less."""
        return [
            (14, self.private_command),
            (10, self.private_text),
            (8, self.group_command),
            (3, self.group_text),
            (22, self.press_a_button),
            (6, self.press_forged),
            (3, self.replay),
            (3, self.edit),
            (2, self.channel_post),
            (2, self.anonymous_admin),
            (1, self.membership),
            (2, self.document),
            (5, self.media),
            (2, self.forward),
        ]

    async def step(self) -> None:
        actions = self.actions()
        weights = [weight for weight, _ in actions]
        action = self.rng.choices([a for _, a in actions], weights)[0]
        self.counts[action.__name__] += 1
        await action()

    def user(self) -> SimulatedUser:
        return self.rng.choice(self.users)

    def group_and_member(self) -> tuple[SimulatedGroup, SimulatedUser]:
        group = self.rng.choice(self.groups)
        member_ids = list(group.chat.members) or [self.users[0].id]
        user_id = self.rng.choice(member_ids)
        return group, next(u for u in self.users if u.id == user_id)

    async def private_command(self) -> None:
        self.sent.append(await self.user().send(command_text(self.rng, in_group=False)))

    async def private_text(self) -> None:
        self.sent.append(await self.user().send(odd_text(self.rng)))

    async def group_command(self) -> None:
        group, user = self.group_and_member()
        self.sent.append(await user.send_in(group, command_text(self.rng, in_group=True)))

    async def group_text(self) -> None:
        group, user = self.group_and_member()
        replied = [e.message_id for e in group.chat.history if e.from_bot and not e.deleted]
        reply_to = self.rng.choice(replied) if replied and self.rng.random() < 0.5 else None
        self.sent.append(await user.send_in(group, odd_text(self.rng), reply_to=reply_to))

    async def press_a_button(self) -> None:
        """A real button of one of the bot's recent messages (older ones are stale)."""
        if self.rng.random() < 0.7:
            user, group = self.user(), None
            chat = self.emulator.state.chats.get(user.chat_id)
        else:
            group, user = self.group_and_member()
            chat = group.chat
        found = [
            (entry.message_id, button["callback_data"])
            for entry in (chat.history[-6:] if chat else [])
            if entry.from_bot and not entry.deleted
            for button in buttons(entry.reply_markup)
            if "callback_data" in button
        ]
        if not found:
            return await self.private_command()
        message_id, data = self.rng.choice(found)
        await user.press_data(data, message_id=message_id, chat=group)
        self.pressed.append((user, data, group))

    async def press_forged(self) -> None:
        user = self.user()
        if not [e for e in user.messages()]:
            return await self.private_command()
        await user.press_data(forged_data(self.rng))

    async def replay(self) -> None:
        """A button pressed again later: the same data, maybe by someone else."""
        if not self.pressed:
            return await self.press_a_button()
        user, data, group = self.rng.choice(self.pressed)
        other = self.user() if group is None else user
        if group is None and not other.messages():
            return
        try:
            await other.press_data(data, chat=group)
        except AssertionError:  # no bot message in that chat to attach the data to
            return

    async def edit(self) -> None:
        if not self.sent:
            return await self.private_text()
        self.kinds.edit(self.rng.choice(self.sent), odd_text(self.rng, 100))

    async def channel_post(self) -> None:
        text = command_text(self.rng, in_group=True) if self.rng.random() < 0.5 else "Wpis"
        if self.rng.random() < 0.8:
            self.kinds.post_in_channel(self.channel, text)
        else:
            self.kinds.edit_channel_post(self.channel, text)

    async def anonymous_admin(self) -> None:
        group = self.rng.choice(self.groups)
        self.kinds.anonymous_in(group, command_text(self.rng, in_group=True))
        if self.rng.random() < 0.3:
            self.kinds.automatic_forward_in(group, self.channel, odd_text(self.rng, 60))

    async def membership(self) -> None:
        """Block or unblock the bot; remove it from a group or add it back."""
        if self.rng.random() < 0.6:
            user = self.rng.choice(self.users[1:])  # the admin keeps the bot: the probe is theirs
            user.block() if self.rng.random() < 0.5 else user.unblock()
            return
        group = self.rng.choice(self.groups)
        creator = next(
            (u for u in self.users if group.chat.members.get(u.id) == "creator"), self.users[0]
        )
        if group.chat.bot_status in ("member", "administrator"):
            group.remove_bot(by=creator)
        else:
            group.add_bot(by=creator)

    async def document(self) -> None:
        user = self.user()
        name = self.rng.choice(["wniosek.pdf", "lista.csv", "../../etc/passwd", "плакат.png", "x"])
        data = bytes(self.rng.randrange(256) for _ in range(self.rng.randint(1, 2000)))
        caption = odd_text(self.rng, 100) if self.rng.random() < 0.5 else None
        group = self.rng.choice(self.groups) if self.rng.random() < 0.2 else None
        await user.send_document(data, name, caption=caption, chat=group)

    async def media(self) -> None:
        user = self.user()
        group = self.rng.choice(self.groups) if self.rng.random() < 0.3 else None
        self.kinds.media(user, self.rng.choice(sorted(MEDIA)), group)

    async def forward(self) -> None:
        user = self.user()
        if self.rng.random() < 0.3:
            return self.kinds.forward_from_channel(user, self.channel, odd_text(self.rng, 80))
        if not self.sent:
            return await self.private_text()
        original = self.rng.choice(self.sent)
        if "from" in original:
            await user.forward(original, hidden_sender=self.rng.random() < 0.3)
