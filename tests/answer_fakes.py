"""Readable fakes for the answer tests: a tiny corpus (incl. three ASA 4310 versions that disagree about
its duration) and a retriever that ranks chunks by shared content words."""
from __future__ import annotations

from datetime import date

from assistant.answer.normalize import search_text
from assistant.answer.sentences import content_stems
from assistant.types import Chunk, DocumentInfo, Passage, chunk_id_for

DOCS = {
    "asa4310-2024": DocumentInfo("asa4310-2024", "Rammeavtalen (ASA 4310) 2024–2025", "003.txt", kind="avtale",
                                 valid_from=date(2024, 4, 1), valid_to=date(2025, 7, 1),
                                 validity_note="forlenges automatisk for ett år om gangen", supersedes=("ks-2019",)),
    "ks-2018": DocumentInfo("ks-2018", "KS: Takstforhandlinger (2018)", "002.txt", kind="brev",
                            valid_from=date(2018, 1, 1), valid_to=date(2018, 12, 31)),
    "ks-2019": DocumentInfo("ks-2019", "KS: ASA 4310 forlenges (2019)", "004.txt", kind="brev", supersedes=("ks-2018",),
                            valid_from=date(2019, 1, 1), valid_to=date(2020, 8, 31)),
    "asa4301-2022": DocumentInfo("asa4301-2022", "Statsavtalen (ASA 4301) 2022–2023", "000.txt", kind="avtale",
                                 full_title="Statsavtalen ASA 4301", valid_from=date(2022, 7, 1),
                                 valid_to=date(2023, 6, 30)),
    "rapport-2023": DocumentInfo("rapport-2023", "Ekspertutvalgets rapport (2023)", "001.txt", kind="rapport"),
}

TEXTS = [
    ("asa4310-2024", "1", "Varighet",
     "Avtalen gjelder fra 01.04.2024 – 01.07.2025 og forlenges automatisk for ett år om \ngangen dersom ingen av "
     "partene sier den opp til opphør eller revisjon med minst 3 \nmåneders varsel."),
    ("ks-2018", "Innledning", "Rammeavtalen",
     "Rammeavtalen ASA 4310 gjelder til 31.12.2018. Partene forhandler om ny avtale."),
    ("ks-2019", "Forlengelse", "Rammeavtalen forlenges",
     "Rammeavtalen ASA 4310 er forlenget til 31.08.2020. Forhandlingene om fastlønn og veiledning var vanskelige."),
    ("asa4310-2024", "8.5", "Hjemfall",
     "Fastlegeavtalen hjemfaller til kommunen dersom det etter seks måneder etter \noppsigelsesfristens utløp og "
     "etter minst tre korrekte utlysninger ikke er kvalifisert søker."),
    ("asa4310-2024", "4.2", "Samarbeidsutvalg",
     "Samarbeidsutvalget består av like mange representanter fra kommunen og legene. Leder velges for ett år. "
     "Kommuneoverlegen kan ikke være legenes representant."),
    ("asa4310-2024", "17", "Tvister",
     "Tvister om forståelsen av avtalen søkes løst ved forhandlinger. Fører ikke forhandlinger fram, kan partene "
     "bringe saken inn for voldgift eller domstol."),
    ("asa4301-2022", "2.1", "Basistilskudd",
     "Fra 1. juli 2022 utgjør basistilskuddet 675 kroner per listeinnbygger inntil 1 000 listeinnbyggere. "
     "Fra listeinnbygger 1001 og opptil 2500 utgjør basistilskuddet 544 kroner pr listeinnbygger."),
    ("rapport-2023", "2.1", "Fastleger i Norge",
     "I 2022 var det 5 003 fastleger i Norge. Takst 2ad omtales som kontorkonsultasjon."),
]


def make_chunks() -> list[Chunk]:
    out = []
    for doc_id, section, heading, text in TEXTS:
        info = DOCS[doc_id]
        out.append(Chunk(chunk_id_for(doc_id, section, text), doc_id, info.title, info.source_file, section, heading,
                         (heading,), None, 0, len(text), text))
    return out


class FakeRetriever:
    """Ranks chunks by the number of shared content stems (ties keep corpus order)."""

    def __init__(self, chunks: list[Chunk] | None = None):
        self.chunks = chunks or make_chunks()
        self.calls: list[str] = []

    def search(self, question: str, k: int = 5, doc_ids: list[str] | None = None, valid_on: date | None = None) -> list[Passage]:
        self.calls.append(question)
        # The real retriever rewrites the question and matches meaning (dense); synonyms stand in for that here.
        q = set(content_stems(search_text(question)))
        scored = []
        for i, c in enumerate(self.chunks):
            if doc_ids and c.doc_id not in doc_ids:
                continue
            s = len(q & set(content_stems(c.text + " " + c.heading)))
            if s:
                scored.append((-s, i, c))
        scored.sort()
        info = DOCS
        return [Passage(c, float(-s), info[c.doc_id].valid_from, info[c.doc_id].valid_to) for s, _, c in scored[:k]]
