"""People and organisations: the registry, inflected and CJK matching, discovery of new names.

Discovery fixtures are invented articles of their own (no corpus text and no corpus
names), one rule per file, so that they test what unseen articles will need.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pipeline.errors import BriefpressError
from pipeline.evaluate import evaluate_corpus, format_table
from pipeline.model import Entity
from pipeline.settings import load_settings
from pipeline.text.entities import (
    Registry,
    RegistryEntry,
    find_entities,
    load_registry,
    romanize_name,
)

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"
SEEDS = SHARED / "seeds"
EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "entities"
REGISTRY = load_registry(REPO / "content" / "entities.toml")
EMPTY = Registry()
ACRONYMS = {"esma": "european securities and markets authority", "nbp": "national bank of poland"}
ACRONYMS["meti"] = "ministry of economy trade and industry"
# The corpus README: all its people and outlets are invented, and so are these firms.
CORPUS_PEOPLE = """Agnieszka Wróbel|Andrii Shevchuk|Chen Zhiyuan|Daisuke Suzuki|Erik Lindqvist|
Fernanda Albuquerque|Jens Albrecht|Kenta Takahashi|Marco Bellandi|Mariko Matsumoto|
Marta Zielińska|Nadia Brooks|Olena Kovalenko|Owen Gallagher|Piotr Nowicki|Priya Raman|
Rogério Tavares|Sabine Krüger|Sam Whitaker|Tomasz Mazur"""
CORPUS_FIRMS = """Altostrata|Baltic Ridge Ventures|Banco Aroeira|Bank Nadwiślański|
Blockline Weekly|Cerrado Verde|Cobalt Insights|DniproEx|Finwave Payments|Glosa AI|Harbor Air|
Helix Growth Partners|Horizon Trade|Horizonte Digital|Hualan Energy|Kaede Research|
Kaldera Analytics|Kernwert Analytics|Kompas Research|KyivChain Research|Lavoura Digital|
Legal Bridge|Meridian Deal Tracker|Minato Energy|Nebelhorn Cloud|Norvane Exchange|
Osservatorio Export Tecnologico|Quillon Risk"""


def loose(name: str) -> str:
    """Case- and punctuation-free, with the acronyms the corpus README allows."""
    folded = re.sub(r"[\W_]+", " ", name.casefold()).strip()
    return ACRONYMS.get(folded, folded)


def fixture(name: str, language: str, registry: Registry = EMPTY) -> list[Entity]:
    return find_entities((FIXTURES / name).read_text(encoding="utf-8"), language, registry)


def table(entities: list[Entity]) -> list[tuple[str, str]]:
    return [(e.name, e.kind) for e in entities]


def names_and_forms(entities: list[Entity]) -> list[tuple[str, str, list[str]]]:
    return [(e.name, e.kind, e.aliases) for e in entities]


# --- the registry ----------------------------------------------------------------------------


def test_registry_file_loads_and_knows_the_seed_people() -> None:
    names = {e.name: e for e in REGISTRY.entries}
    assert names["Sam Altman"].kind == "person"
    assert "サム・アルトマン" in names["Sam Altman"].aliases
    assert names["National Bank of Poland"].kind == "organisation"


def test_registry_holds_nothing_the_corpus_invented() -> None:
    """The corpus measures discovery: names it invented must not be looked up."""
    invented = {loose(n) for n in (CORPUS_PEOPLE + "|" + CORPUS_FIRMS).split("|")}
    invented |= {loose(e[key]) for e in EXPECTED.values() for key in ("author", "source") if e[key]}
    corpus_names = {loose(n) for e in EXPECTED.values() for n in e["entities"]}
    assert len(invented & corpus_names) == 48  # the lists above are the corpus's own names
    assert {loose(form) for form, _ in REGISTRY.forms} & invented == set()


def test_invalid_registry_reports_every_problem_at_once() -> None:
    path = FIXTURES / "registry_invalid.toml"
    with pytest.raises(BriefpressError) as caught:
        load_registry(path)
    message = str(caught.value)
    assert str(path) in message
    assert "entity #1: 'name' must be a non-empty string" in message
    assert "entity #2 (Acme): 'kind' must be 'person' or 'organisation'" in message
    assert "entity #3 (Beta Corp): 'aliases' must be a list" in message
    assert "entity #4 (Gamma): unknown keys colour" in message
    assert "'Acme Labs' names both Delta and Epsilon" in message


def test_unreadable_registry_names_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "entities.toml"
    broken.write_text("[[entity]\nname = ", encoding="utf-8")
    with pytest.raises(BriefpressError, match=re.escape(str(broken))):
        load_registry(broken)


# --- matching known names --------------------------------------------------------------------


def test_polish_genitive_of_a_known_company() -> None:
    found = fixture("inflection_pl_nvidii_genitive.txt", "pl", REGISTRY)
    nvidia = next(e for e in found if e.name == "Nvidia")
    assert (nvidia.aliases, nvidia.known) == (["Nvidii"], True)


def test_polish_genitive_of_a_known_multi_word_name() -> None:
    found = fixture("inflection_pl_registry_name_genitive.txt", "pl", REGISTRY)
    assert names_and_forms(found) == [
        ("National Bank of Poland", "organisation", ["Narodowego Banku Polskiego"])
    ]


def test_polish_instrumental_of_a_known_person() -> None:
    found = fixture("inflection_pl_samem_altmanem_instrumental.txt", "pl", REGISTRY)
    assert table(found) == [("OpenAI", "organisation"), ("Sam Altman", "person")]
    assert found[1].aliases == ["Samem Altmanem", "Altmanem"]


def test_alias_not_matched_inside_a_longer_katakana_word() -> None:
    registry = Registry([RegistryEntry("Sam Altman", "person", ("アルトマン",))])
    found = fixture("cjk_katakana_boundary.txt", "ja", registry)
    assert [(e.name, e.aliases) for e in found] == [("Sam Altman", ["アルトマン"])]


def test_two_kanji_alias_needs_a_boundary() -> None:
    found = fixture("cjk_short_kanji_alias_boundary.txt", "ja", REGISTRY)
    united = [e for e in found if e.name == "United Nations"]
    assert len(united) == 1
    assert united[0].aliases == ["国連"]  # once: 首長国連邦 is the UAE, not the UN


def test_lower_case_latin_names_in_japanese_text() -> None:
    found = fixture("cjk_lowercase_latin_aliases.txt", "ja", REGISTRY)
    assert [e.name for e in found] == ["OpenAI", "Sam Altman", "Microsoft", "Apple", "Nvidia"]


def test_capitalised_alias_does_not_match_a_common_word() -> None:
    found = find_entities("He ate an apple while Apple shares rose.", "en", REGISTRY)
    assert [(e.name, e.aliases) for e in found] == [("Apple", ["Apple"])]


def test_author_and_source_are_excluded() -> None:
    text = (FIXTURES / "exclude_author_and_source.txt").read_text(encoding="utf-8")
    found = find_entities(text, "en", REGISTRY, ["Daniel Okafor", "The Harbourline Post"])
    assert [e.name for e in found] == ["Marlow Risk"]
    assert [e.name for e in find_entities(text, "en", EMPTY)] == [
        "Marlow Risk",
        "Daniel Okafor",
        "Harbourline Post",
    ]


# --- discovering names in Latin and Cyrillic script ------------------------------------------


def test_polish_genitive_organisation_back_in_the_nominative() -> None:
    found = fixture("inflection_pl_banku_genitive_unknown.txt", "pl")
    assert table(found) == [("Michał Zając", "person"), ("Bank Warmiński", "organisation")]
    assert found[1].aliases == ["Banku Warmińskiego"] and not found[1].known


def test_polish_organisation_head_noun_back_in_the_nominative() -> None:
    """Only the head and its adjectives inflect: "Biura Analiz Rynkowych"."""
    found = fixture("inflection_pl_organisation_head_genitive.txt", "pl")
    assert names_and_forms(found) == [
        ("Paweł Wiśniewski", "person", ["Pawła Wiśniewskiego"]),
        ("Biuro Analiz Rynkowych", "organisation", ["Biura Analiz Rynkowych"]),
        ("Ewa Lis", "person", ["Ewa Lis"]),
        ("Pomorska Izba Cyfrowa", "organisation", ["Pomorskiej Izby Cyfrowej"]),
    ]


def test_polish_genitive_people_back_in_the_nominative() -> None:
    found = fixture("inflection_pl_person_genitive_unknown.txt", "pl")
    assert table(found) == [
        ("Paweł Nowak", "person"),
        ("Anna Zawadzka", "person"),
        ("Kreda Partners", "organisation"),
    ]


def test_polish_instrumental_and_dative_people_back_in_the_nominative() -> None:
    found = fixture("inflection_pl_person_instrumental_dative.txt", "pl")
    assert table(found) == [
        ("Jan Nowak", "person"),
        ("Piotr Wiśniewski", "person"),
        ("Paweł Kowalczyk", "person"),
    ]


def test_polish_company_noun_and_place_word_inside_a_name() -> None:
    found = fixture("discovery_pl_company_noun_and_place_word.txt", "pl")
    assert table(found) == [
        ("Kolejowe Systemy", "organisation"),
        ("Jan Kowalski", "person"),
        ("Cyfrowa Polska", "organisation"),
        ("Miedziany Las", "organisation"),  # "Las" is a stop word in Spanish only
    ]


def test_ukrainian_people_romanized_in_the_nominative() -> None:
    found = fixture("inflection_uk_person_genitive_unknown.txt", "uk")
    assert table(found) == [
        ("ICU Group", "organisation"),
        ("Maryna Savchenko", "person"),
        ("Taras Bondarenko", "person"),
    ]


def test_ukrainian_instrumental_people() -> None:
    found = fixture("inflection_uk_person_instrumental.txt", "uk")
    assert names_and_forms(found) == [
        ("Ihor Melnyk", "person", ["Ігорем Мельником"]),
        ("Taras Bondarenko", "person", ["Тарасом Бондаренком"]),
    ]


def test_ukrainian_quoted_company_after_a_sentence_initial_company_noun() -> None:
    found = fixture("discovery_uk_quoted_company_at_sentence_start.txt", "uk")
    assert table(found) == [("Smart Enerdzhi", "organisation"), ("Olha Lytvyn", "person")]


def test_camel_case_brand_and_cyrillic_person() -> None:
    found = fixture("discovery_uk_camelcase_and_cyrillic_person.txt", "uk")
    assert table(found) == [("LvivPay", "organisation"), ("Bohdan Kravchuk", "person")]
    assert found[1].aliases == ["Богдан Кравчук", "Кравчук"]


def test_places_are_not_entities() -> None:
    assert fixture("discovery_places_not_entities.txt", "en") == []


def test_laws_and_products_are_not_entities() -> None:
    assert fixture("discovery_law_and_product_not_entities.txt", "pt") == []


def test_german_descriptors_and_sentence_initial_nouns() -> None:
    found = fixture("discovery_de_leading_descriptors.txt", "de")
    assert table(found) == [
        ("Henrik Malmberg", "person"),
        ("Leonie Brandt", "person"),
        ("Stellwerk Insights", "organisation"),
    ]


def test_german_compound_organisation_words_and_affiliation() -> None:
    found = fixture("discovery_de_compound_org_words.txt", "de")
    assert table(found) == [
        ("Sparkasse Oberland", "organisation"),
        ("Volksbank Mittelrhein", "organisation"),
        ("Hansewerk Technik", "organisation"),
        ("Claudia Vogel", "person"),
        ("Nordlicht Consulting", "organisation"),
    ]


def test_english_sentence_starts_and_surnames() -> None:
    found = fixture("discovery_en_sentence_start_and_surnames.txt", "en")
    assert table(found) == [
        ("Corvid Growth Fund", "organisation"),
        ("Tobias Wren", "person"),
        ("Fjordline Ventures", "organisation"),
    ]
    assert found[1].aliases == ["Tobias Wren", "Wren"]


def test_english_organisation_after_a_person_and_of() -> None:
    found = fixture("discovery_en_affiliation_after_of.txt", "en")
    assert table(found) == [
        ("Joanna Pike", "person"),
        ("Redfern Capital", "organisation"),
        ("Daniel Hale", "person"),
        ("Northmoor Bank", "organisation"),
    ]


def test_english_apposition_tells_the_kind() -> None:
    found = fixture("discovery_en_apposition_kind.txt", "en")
    assert table(found) == [("Lumen Freight", "organisation"), ("Clara Novak", "person")]


def test_english_legal_form_after_the_name() -> None:
    found = fixture("discovery_en_legal_form_after_name.txt", "en")
    assert names_and_forms(found) == [
        ("Tallis Harbour", "organisation", ["Tallis Harbour"]),
        ("Calder Stone", "organisation", ["Calder Stone"]),
    ]


def test_single_word_company_needs_several_acting_mentions() -> None:
    found = fixture("discovery_en_single_word_company.txt", "en")
    assert table(found) == [("Veltrion", "organisation")]
    assert find_entities("A short outage at Veltrion's region.", "en", EMPTY) == []


def test_italian_elided_descriptor_and_postposed_adjective() -> None:
    found = fixture("discovery_it_elided_descriptor.txt", "it")
    assert table(found) == [
        ("Metallica Sud", "organisation"),
        ("Paolo Conti", "person"),
        ("Banca Alpina di Credito", "organisation"),
    ]


def test_portuguese_descriptor_with_a_complement() -> None:
    found = fixture("discovery_pt_descriptor_with_complement.txt", "pt")
    assert table(found) == [
        ("Banco Jacarandá", "organisation"),
        ("Serra Azul", "organisation"),
        ("Ana Beatriz Souza", "person"),
        ("Instituto Ipê de Pesquisas", "organisation"),
    ]


def test_run_together_language_menu_is_not_a_name() -> None:
    found = fixture("discovery_language_menu_not_entity.txt", "pl")
    assert table(found) == [("Wektor Research", "organisation")]


def test_name_particles_and_two_banks_joined_by_and() -> None:
    found = fixture("discovery_particle_and_paired_banks.txt", "en")
    assert table(found) == [
        ("Joost van Dam", "person"),
        ("Bank of Portugal", "organisation"),
        ("De Nederlandsche Bank", "organisation"),
    ]


# --- romanization ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "language", "latin"),
    [
        ("鈴木大輔", "ja", "Daisuke Suzuki"),
        ("佐藤雄一郎", "ja", "Yuichiro Sato"),
        ("田村浩一", "ja", "Koichi Tamura"),
        ("大石洋一", "ja", "Yoichi Oishi"),
        ("井上さくら", "ja", "Sakura Inoue"),
        ("長谷川真由美", "ja", "Mayumi Hasegawa"),
        ("井上", "ja", "Inoue"),
        ("ジェイソン・クォン", "ja", "Jeison Kwon"),
        ("陈志远", "zh", "Chen Zhiyuan"),
        ("欧阳娜娜", "zh", "Ouyang Nana"),
        ("Андрій Шевчук", "uk", "Andrii Shevchuk"),
        ("Євген Згурський", "uk", "Yevhen Zghurskyi"),
        ("Сергей Лавров", "ru", "Sergei Lavrov"),
        ("Marta Zielińska", "pl", "Marta Zielińska"),
    ],
)
def test_romanize_name(name: str, language: str, latin: str) -> None:
    assert romanize_name(name, language) == latin


# --- seeds and corpus ------------------------------------------------------------------------


def test_polish_seed() -> None:
    text = next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8")
    found = {e.name: e for e in find_entities(text, "pl", REGISTRY)}
    assert {"Changpeng Zhao", "Binance", "OpenAI", "Sam Altman", "Ronghui Gu"} <= set(found)
    assert {"The New York Times", "Columbia University"} <= set(found)
    assert "Samem Altmanem" in found["Sam Altman"].aliases


def test_japanese_seed() -> None:
    text = next(SEEDS.glob("002_*.txt")).read_text(encoding="utf-8")
    found = find_entities(text, "ja", REGISTRY, ["劉瑞", "financial ap通信"])
    assert [e.name for e in found] == [
        "OpenAI",
        "Sam Altman",
        "Microsoft",
        "Jason Kwon",
        "Chris Lehane",
        "Thrive Capital",
        "Apple",
        "Nvidia",
        "The Washington Post",
        "US National Security Council",
    ]


def _own_text(name: str) -> str:
    raw = (CORPUS / "src" / name).read_text(encoding="utf-8")
    if not name.endswith(".html"):
        return raw
    trafilatura = pytest.importorskip("trafilatura", reason="trafilatura cannot be imported")
    return trafilatura.extract(raw) or ""


def test_corpus_through_the_pipeline_with_the_registry() -> None:
    """The real pipeline (ingest, noise, language, author and source) with the
    registry of content/entities.toml, which knows none of the corpus's own names."""
    settings = load_settings()
    assert settings.entities == REPO / "content" / "entities.toml"
    score = evaluate_corpus(CORPUS, settings)["entities"]
    assert score.recall >= 0.85, format_table({"entities": score})
    assert score.precision >= 0.9, format_table({"entities": score})


def test_corpus_by_discovery_alone() -> None:
    """Without any registry the real-world names are lost, the invented ones are not."""
    wanted = right = found_total = 0
    for name, expected in EXPECTED.items():
        exclude = [n for n in (expected["author"], expected["source"]) if n]
        text, language = _own_text(name), expected["language"]
        found = {loose(e.name) for e in find_entities(text, language, EMPTY, exclude)}
        truth = {loose(n) for n in expected["entities"]}
        wanted, right = wanted + len(truth), right + len(truth & found)
        found_total += len(found)
    assert right / wanted >= 0.7, right / wanted
    assert right / found_total >= 0.85, right / found_total
