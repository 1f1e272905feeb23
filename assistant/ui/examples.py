"""Example questions shown in the main column, one group per kind of user (clicking one asks it)."""
from __future__ import annotations

EXAMPLE_QUESTIONS: dict[str, tuple[str, ...]] = {
    "Kommune": (
        "Hvor mye er basistilskuddet for en fastlege med 1 200 listeinnbyggere?",
        "Hvor lang tid har legen på å akseptere kommunens tilbud om fastlegeavtale?",
        "Hvilken versjon av rammeavtalen ASA 4310 gjelder nå?",
    ),
    "Ny fastlege": (
        "Hva regnes som praksis når jeg overtar en fastlegepraksis?",
        "Tilbudet om fastlegeavtale ble mottatt 2. juni 2025. Når må prisen for praksisen være avtalt?",
        "Har jeg plikt til å delta i legevakt?",
    ),
    "Brukerstøtte": (
        "Når skal basistilskuddet for en måned senest være utbetalt?",
        "Hvem avgjør prisen hvis legene ikke blir enige om overdragelsen?",
        "Hva sier avtalen om truende og voldelige pasienter?",
    ),
}
