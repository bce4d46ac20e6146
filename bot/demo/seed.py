"""The demo's starting data, written through the real services as people and staff would."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.announcements.model import Field, Refusal, Source
from bot.config import Settings
from bot.container import Services
from bot.core.topics import Kind
from bot.demo.people import GROUP_ADMIN_ID, GROUP_ID, STAFF_ID
from bot.feeds.model import Mode
from bot.organisations.service import Organisation
from bot.postulates.model import Draft, Postulate, Round, Status
from bot.subscriptions.service import ChatType
from bot.wiring import build_services
from storage import Database

ANNA, OKSANA = 1001, 1002
OTHER_FOUNDER = 2001  # founded the third organisation; not one of the page's people
# A deadline a week and two minutes ahead (of the whole minute): the 7-day reminder comes one
# to two minutes after the first start.
REMINDER_SOON = timedelta(days=7, minutes=2)


async def seed(settings: Settings, db: Database, feed_url: str) -> None:
    """Organisations, subscriptions, announcements, a consultation round and a feed."""
    services = build_services(settings, db)
    topics = {topic.code: topic.id for topic in await services.topics.list_topics()}
    await services.users.register(STAFF_ID, "pl")
    verified = await _organisation(
        services, ANNA, "Fundacja Pomocy Sąsiedzkiej", "0000412345", "Nowa Huta"
    )
    await services.organisations.review(STAFF_ID, verified.id, True)
    group_org = await _organisation(
        services, GROUP_ADMIN_ID, "Stowarzyszenie Razem dla Podgórza", "0000523456", "Podgórze"
    )
    await _organisation(services, OTHER_FOUNDER, "Klub Seniora „Pod Wawelem”", None, "Dębniki")
    await _subscribe(services, ANNA, ChatType.PRIVATE, [topics["seniors"], topics["families"]])
    await _subscribe(
        services,
        GROUP_ID,
        ChatType.GROUP,
        [topics["seniors"], topics["civil-society"]],
        organisation_id=group_org.id,
    )
    await _announcements(services, topics)
    await _round(services, topics)
    # Its items arrive as notices about civil society, published as they come.
    await services.feeds.add(feed_url, Kind.NOTICE, [topics["civil-society"]], Mode.AUTO, None)


async def _organisation(
    services: Services, founder: int, name: str, krs: str | None, district: str
) -> Organisation:
    await services.users.register(founder, "pl")
    email = "kontakt@example.org"
    registered = await services.organisations.register(founder, name, krs, district, email)
    if not isinstance(registered, Organisation):
        raise RuntimeError(f"demo organisation {name!r} refused: {registered}")
    return registered


async def _subscribe(
    services: Services,
    chat_id: int,
    chat_type: ChatType,
    topic_ids: list[int],
    organisation_id: int | None = None,
) -> None:
    title = "Stowarzyszenie Razem · grupa" if chat_type is ChatType.GROUP else None
    await services.subscriptions.ensure_chat(
        chat_id, chat_type, title=title, organisation_id=organisation_id
    )
    for topic_id in topic_ids:
        await services.subscriptions.toggle_topic(chat_id, topic_id)


async def _announcements(services: Services, topics: dict[str, int]) -> None:
    now = _whole_minute(services.announcements.now().astimezone(services.announcements.zone))
    await _publish(
        services,
        Kind.CALL,
        [topics["seniors"], topics["families"]],
        {
            Field.TITLE: "Konkurs ofert: wsparcie seniorów w 2027 r.",
            Field.TEXT: "Miejski Ośrodek Pomocy Społecznej zaprasza organizacje pozarządowe do "
            "składania ofert na <b>usługi opiekuńcze dla osób starszych</b>. Oferty składa się "
            "w generatorze, a wzór umowy jest w załączniku do ogłoszenia.",
            Field.DEADLINE: now + REMINDER_SOON,
            Field.LINK: "https://example.org/konkurs-seniorzy",
        },
    )
    await _publish(
        services,
        Kind.TRAINING,
        [topics["seniors"], topics["civil-society"]],
        {
            Field.TITLE: "Szkolenie: jak rozliczyć dotację",
            Field.TEXT: "Dwugodzinne szkolenie dla księgowych i koordynatorów projektów. "
            "<i>Liczba miejsc ograniczona.</i>",
            Field.STARTS: (now + timedelta(days=5)).replace(hour=10, minute=0),
            Field.PLACE: "ul. Józefińska 14, sala 2",
        },
    )
    await _publish(
        services,
        Kind.NOTICE,
        [topics["families"]],
        {
            Field.TITLE: "Dyżur telefoniczny w święta",
            Field.TEXT: "W dni wolne od pracy dyżur pełni Zespół Interwencji Kryzysowej.",
        },
    )


async def publish_sample(settings: Settings, db: Database) -> str:
    """A call for proposals to every topic, due in a week and two minutes: whoever follows
    any topic gets it now and its 7-day reminder a minute or two later (the demo's button)."""
    services = build_services(settings, db)
    now = _whole_minute(services.announcements.now().astimezone(services.announcements.zone))
    title = f"Mikrogranty na działania sąsiedzkie (nabór z {now:%H:%M})"
    values: dict[Field, object] = {
        Field.TITLE: title,
        Field.TEXT: "Do 5000 zł na małe działania lokalne. To przykładowe ogłoszenie demo: "
        "<b>przypomnienie o terminie</b> przyjdzie za minutę lub dwie.",
        Field.DEADLINE: now + REMINDER_SOON,
        Field.LINK: "https://example.org/mikrogranty",
    }
    await _publish(services, Kind.CALL, [], values, all_topics=True)
    return title


async def _publish(
    services: Services,
    kind: Kind,
    topic_ids: list[int],
    values: dict[Field, object],
    *,
    all_topics: bool = False,
) -> None:
    service = services.announcements
    draft = await service.create_draft(kind, Source.CLI, STAFF_ID)
    await service.update_draft(draft.id, values)
    await service.set_audience(draft.id, topic_ids, all_topics=all_topics)
    result = await service.publish(draft.id)
    if isinstance(result, Refusal):
        raise RuntimeError(f"demo announcement {values[Field.TITLE]!r} refused: {result}")


async def _round(services: Services, topics: dict[str, int]) -> None:
    now = _whole_minute(services.announcements.now())
    opened = await services.rounds.open_round(
        "Konsultacje programu współpracy na 2027 r.",
        "Zbieramy postulaty organizacji do rocznego programu współpracy miasta z NGO.",
        [topics["seniors"], topics["families"], topics["refugees"]],
        now,
        now + timedelta(days=14),
        STAFF_ID,
    )
    if not isinstance(opened, Round):
        raise RuntimeError(f"demo round refused: {opened}")
    answered = await _submit(
        services,
        ANNA,
        Draft(
            opened.id,
            topics["seniors"],
            "Więcej miejsc w klubach seniora",
            "W Nowej Hucie brakuje miejsc w klubach seniora; proponujemy dwa nowe kluby.",
            "Seniorzy z Nowej Huty",
        ),
    )
    await _submit(
        services,
        GROUP_ADMIN_ID,
        Draft(
            opened.id,
            topics["families"],
            "Dłuższe godziny świetlic",
            "Świetlice środowiskowe powinny być otwarte do 19:00 w dni robocze.",
            "Dzieci i rodzice pracujący na zmiany",
        ),
    )
    desk = services.postulate_review
    await desk.draft_answer(
        answered.id,
        Status.PARTLY_ACCEPTED,
        "Jeden nowy klub powstanie w 2027 r. przy os. Szkolnym; drugi rozważymy w 2028 r.",
        STAFF_ID,
    )
    await desk.publish_answer(answered.id, STAFF_ID)


def _whole_minute(moment: datetime) -> datetime:
    """Dates as people type them: a reminder's tag keeps whole seconds only, and one planned
    for a moment with a fraction of a second would not match it when due (and be skipped)."""
    return moment.replace(second=0, microsecond=0)


async def _submit(services: Services, author: int, draft: Draft) -> Postulate:
    submitted = await services.postulates.submit(author, draft)
    if not isinstance(submitted, Postulate):
        raise RuntimeError(f"demo postulate {draft.title!r} refused: {submitted}")
    return submitted
