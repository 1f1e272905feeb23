"""Fravær pga syke barn uten trekk i basistilskuddet (ASA 4310 pkt. 13.4). Pure function → CalcResult."""
from __future__ import annotations

from assistant.calc.result import CalcResult, ResultBuilder
from assistant.calc.rules import RuleBook


def calculate_barn_syk(antall_barn: int, rules: RuleBook, alene: bool = False, kronisk: bool = False) -> CalcResult:
    b = ResultBuilder("barn_syk", rules, {"antall_barn": antall_barn, "alene": alene, "kronisk": kronisk})
    base = b.cite(rules.get("barn_syk.grunnkvote"))
    many = b.cite(rules.get("barn_syk.flere_enn_to"))
    chronic = b.cite(rules.get("barn_syk.kronisk")) if kronisk else None
    double = b.cite(rules.get("barn_syk.alene")) if alene else None
    b.conventions.append("Gjelder barn under 12 år, eller under 16 år ved kronisk sykdom eller funksjonshemning; "
                         "kvoten gjelder per kalenderår.")
    values: dict = {}
    if antall_barn > 2 and chronic is not None:
        days = int(chronic.value)
        b.step(f"Mer enn to barn og barnet er kronisk sykt/funksjonshemmet: {days} dager")
    elif antall_barn > 2:
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
    values.setdefault("tolkning_uavklart", False)
    summary = f"Inntil {days} dager per kalenderår med fravær pga syke barn uten trekk i basistilskuddet."
    return b.build(values, summary)


__all__ = ["calculate_barn_syk"]
