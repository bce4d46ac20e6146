"""The words of typed dates in Polish, Ukrainian and English: months, weekdays, days, units."""

from __future__ import annotations

from typing import Final

# Polish letters folded to Latin ones, so "piatek" typed without diacritics is still Friday.
# Ukrainian has none of these letters, so folding never changes a Ukrainian word.
_FOLD: Final = str.maketrans("ąćęłńóśźż", "acelnoszz")


def fold(text: str) -> str:
    """Lower case, Polish diacritics folded, apostrophes unified (п'ятниця, п’ятниця, пʼятниця)."""
    return text.lower().translate(_FOLD).replace("’", "'").replace("ʼ", "'").replace("`", "'")


def _spellings(words: str) -> list[str]:
    """The folded spellings in a space-separated list, in order."""
    return [fold(word) for word in words.split()]


def _table(groups: dict[int, str]) -> dict[str, int]:
    """Each space-separated (unfolded) spelling of a group -> the group's number."""
    return {word: number for number, words in groups.items() for word in _spellings(words)}


# The genitive ("15 stycznia", "15 січня") comes first; nominatives and abbreviations follow.
MONTHS: Final = _table(
    {
        1: "stycznia styczeń sty січня січень january jan",
        2: "lutego luty lut лютого лютий february feb",
        3: "marca marzec mar березня березень march",
        4: "kwietnia kwiecień kwi квітня квітень april apr",
        5: "maja maj травня травень may",
        6: "czerwca czerwiec cze червня червень june jun",
        7: "lipca lipiec lip липня липень july jul",
        8: "sierpnia sierpień sie серпня серпень august aug",
        9: "września wrzesień wrz вересня вересень september sep sept",
        10: "października październik paź жовтня жовтень october oct",
        11: "listopada listopad lis листопада листопад november nov",
        12: "grudnia grudzień gru грудня грудень december dec",
    }
)
ROMAN_MONTHS: Final = {
    numeral: number
    for number, numeral in enumerate(_spellings("i ii iii iv v vi vii viii ix x xi xii"), 1)
}
# Monday is 0, as in date.weekday(). Polish and Ukrainian accusatives ("w środę", "у середу").
WEEKDAYS: Final = _table(
    {
        0: "poniedziałek pon понеділок пн monday mon",
        1: "wtorek wt вівторок вт tuesday tue tues",
        2: "środa środę śr середа середу ср wednesday wed",
        3: "czwartek czw четвер чт thursday thu thur thurs",
        4: "piątek pt п'ятниця п'ятницю пт friday fri",
        5: "sobota sobotę sob субота суботу сб saturday sat",
        6: "niedziela niedzielę ndz niedz неділя неділю нд sunday sun",
    }
)
# Days counted from today.
DAYS_FROM_TODAY: Final = _table(
    {
        0: "dziś dzisiaj today сьогодні",
        1: "jutro tomorrow завтра",
        2: "pojutrze післязавтра",
    }
)
AFTER_TOMORROW: Final = "day after tomorrow"
# "za tydzień", "in a week", "через тиждень": the word before a number of units.
IN_WORDS: Final = frozenset({"za", "in", "через"})
# Units in days; a month is counted on the calendar instead (see MONTH_UNIT).
UNITS: Final = _table(
    {
        1: "dzień dni dnia day days день дні днів добу доби",
        7: "tydzień tygodnie tygodni week weeks тиждень тижні тижнів",
        30: "miesiąc miesiące miesięcy month months місяць місяці місяців",
    }
)
MONTH_UNIT: Final = 30
NUMBER_WORDS: Final = _table(
    {
        1: "a an one jeden jedną jedna один одну одна",
        2: "two dwa dwie два дві",
        3: "three trzy три",
        4: "four cztery чотири",
    }
)
# Words that only frame a date or a time: "dnia 15 stycznia 2027 r. o godz. 15", "do piątku".
FILLERS: Final = frozenset(
    _spellings(
        "o godz godz. godzinie godzina dnia dn. dniu r. r rok roku w we na do "
        "najbliższy najbliższą najbliższe the of on at by until this "
        "о об у в во на до року р. р цей цю цього найближчий найближчу"
    )
)
