"""Fravær pga syke barn uten trekk i basistilskuddet (ASA 4310 pkt. 13.4). Pure function → CalcResult.

Pkt. 13.4 covers children under 12, or under 16 when the child has a chronic illness or disability. With the
children's ages given, only those children count (for the quota and for «mer enn to barn»).
"""
from __future__ import annotations

from collections.abc import Sequence

from assistant.calc.labels import field_name
from assistant.calc.result import CalcResult, ResultBuilder
from assistant.calc.rules import RuleBook
from assistant.errors import InputError

AGE_LIMIT, AGE_LIMIT_CHRONIC = 12, 16


def _qualifying(b: ResultBuilder, ages: Sequence[int], kronisk: bool) -> list[int]:
    covered = [a for a in ages if a < AGE_LIMIT or (kronisk and a < AGE_LIMIT_CHRONIC)]
    shown = ", ".join(f"{a} år" for a in ages)
    limit = f"under {AGE_LIMIT} år" + (f", eller under {AGE_LIMIT_CHRONIC} år ved kronisk sykdom" if kronisk else "")
    b.step(f"Barnas alder: {shown}; omfattet ({limit}): {len(covered)} av {len(ages)}")
    b.conventions.append("«Mer enn to barn» regnes av barna som er omfattet av aldersgrensen.")
    if kronisk and len(ages) > 1 and any(AGE_LIMIT <= a < AGE_LIMIT_CHRONIC for a in ages):
        b.conventions.append(f"Kronisk sykdom er lagt til grunn for barna mellom {AGE_LIMIT} og {AGE_LIMIT_CHRONIC - 1} år.")
    return covered


def calculate_barn_syk(antall_barn: int, rules: RuleBook, alene: bool = False, kronisk: bool = False,
                       barn_alder: Sequence[int] | None = None) -> CalcResult:
    if barn_alder and len(barn_alder) != antall_barn:
        raise InputError(f"«{field_name('barn_alder')}» har {len(barn_alder)} alder(e), men "
                         f"«{field_name('antall_barn')}» er {antall_barn}. "
                         "Oppgi alderen til hvert barn.", field="barn_alder")
    b = ResultBuilder("barn_syk", rules, {"antall_barn": antall_barn, "alene": alene, "kronisk": kronisk,
                                          "barn_alder": list(barn_alder) if barn_alder else None})
    base = b.cite(rules.get("barn_syk.grunnkvote"))
    many = b.cite(rules.get("barn_syk.flere_enn_to"))
    values: dict = {}
    if barn_alder:
        count = len(_qualifying(b, barn_alder, kronisk))
        values["barn_omfattet"] = count
        if count == 0:
            ages = " og ".join(f"{a} år" for a in barn_alder)
            reason = (f"pkt. 13.4 gjelder barn under {AGE_LIMIT} år, eller under {AGE_LIMIT_CHRONIC} år når barnet "
                      "er kronisk sykt eller funksjonshemmet")
            who = "barnet er" if len(barn_alder) == 1 else "barna er"
            values.update({"dager": 0, "berettiget": False, "tolkning_uavklart": False})
            return b.build(values, f"Ingen dager med fravær pga syke barn uten trekk i basistilskuddet: {who} "
                                   f"{ages}, og {reason}.")
    else:
        count = antall_barn
        b.conventions.append(f"Gjelder barn under {AGE_LIMIT} år, eller under {AGE_LIMIT_CHRONIC} år ved kronisk "
                             f"sykdom eller funksjonshemning; oppgi {field_name('barn_alder')} for å få det sjekket. "
                             "Kvoten gjelder per kalenderår.")
    chronic = b.cite(rules.get("barn_syk.kronisk")) if kronisk else None
    double = b.cite(rules.get("barn_syk.alene")) if alene else None
    if count > 2 and chronic is not None:
        days = int(chronic.value)
        b.step(f"Mer enn to barn og barnet er kronisk sykt/funksjonshemmet: {days} dager")
    elif count > 2:
        days = int(many.value)
        b.step(f"Mer enn to barn: {days} dager")
    else:
        days = int(base.value)
        b.step(f"Inntil to barn: {days} dager")
        if chronic is not None:
            alt = int(chronic.value) * (int(double.value) if double else 1)
            values["tolkning_uavklart"] = True
            values["dager_alternativ_lesing"] = alt
            b.warn(
                "Pkt. 13.4 nevner 20 dager for kronisk sykt eller funksjonshemmet barn i samme setning som regelen om "
                "«mer enn to barn». Det er uklart om 20 dager også gjelder med ett eller to barn; første ledd gir "
                f"uansett inntil 10 dager også ved kronisk sykdom. Beregningen bruker {days * (2 if alene else 1)} "
                f"dager; den andre lesingen gir {alt}."
            )
    if double is not None:
        b.step(f"Alene om omsorgen: {days} × {double.value} = {days * int(double.value)} dager")
        days *= int(double.value)
    values["dager"] = days
    values["berettiget"] = True
    values.setdefault("tolkning_uavklart", False)
    summary = f"Inntil {days} dager per kalenderår med fravær pga syke barn uten trekk i basistilskuddet."
    return b.build(values, summary)


__all__ = ["calculate_barn_syk"]
