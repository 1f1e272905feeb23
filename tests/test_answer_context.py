"""The composer's context: the best passage's whole (short) section joins right after it."""
from datetime import date

from assistant.answer.pipeline import _search, _section_index, with_section
from assistant.types import Chunk, Passage, chunk_id_for


def _chunk(doc: str, section: str, text: str) -> Chunk:
    return Chunk(chunk_id_for(doc, section, text), doc, doc, f"{doc}.txt", section, "Overskrift", ("Overskrift",),
                 None, 0, len(text), text)


SECTION = [_chunk("rapport", "4.2", f"Del {i} av punkt 4.2.") for i in range(3)]
OTHER = [_chunk("rapport", "5.1", "Noe annet."), _chunk("avtale", "16", "Oppsigelse med seks måneders frist.")]
LONG = [_chunk("rapport", "9.9", f"Lang del {i}.") for i in range(8)]
CHUNKS = SECTION + OTHER + LONG


def _p(c: Chunk, score: float = 1.0) -> Passage:
    return Passage(c, score, None, None)


def test_rest_of_the_best_sections_follows_the_best_passage():
    ranked = [_p(SECTION[1]), _p(OTHER[1]), _p(SECTION[0])]
    out = with_section(ranked, _section_index(CHUNKS))
    assert [p.chunk for p in out] == [SECTION[1], SECTION[2], OTHER[1], SECTION[0]]


def test_long_sections_and_empty_results_are_left_alone():
    ranked = [_p(LONG[3]), _p(OTHER[0])]
    assert with_section(ranked, _section_index(CHUNKS)) == ranked
    assert with_section([], _section_index(CHUNKS)) == []


class _Retriever:
    chunks = CHUNKS

    def search(self, question, k=5, doc_ids=None, valid_on=None):
        return [_p(SECTION[0]), _p(OTHER[0])][:k]


def test_search_for_the_composer_adds_the_section_of_the_best_hit():
    out = _search(_Retriever(), "punkt 4.2")
    assert [p.chunk for p in out] == [SECTION[0], SECTION[1], SECTION[2], OTHER[0]]
