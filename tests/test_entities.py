"""People and organisations: the registry, inflected and CJK matching, discovery of new names."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pipeline.errors import BriefpressError
from pipeline.model import Entity
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


def loose(name: str) -> str:
    """Case- and punctuation-free, with the acronyms the corpus README allows."""
    folded = re.sub(r"[\W_]+", " ", name.casefold()).strip()
    return ACRONYMS.get(folded, folded)


def fixture(name: str, language: str, registry: Registry = EMPTY) -> list[Entity]:
    return find_entities((FIXTURES / name).read_text(encoding="utf-8"), language, registry)


def table(entities: list[Entity]) -> list[tuple[str, str]]:
    return [(e.name, e.kind) for e in entities]


# --- the registry ----------------------------------------------------------------------------


def test_registry_file_loads_and_knows_the_seed_people() -> None:
    names = {e.name: e for e in REGISTRY.entries}
    assert names["Sam Altman"].kind == "person"
    assert "サム・アルトマン" in names["Sam Altman"].aliases
    assert names["National Bank of Poland"].kind == "organisation"


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
    found = find_entities(text, "en", REGISTRY, ["Daniel Okafor", "The Northgate Wire"])
    assert [e.name for e in found] == ["Quillon Risk"]
    assert [e.name for e in find_entities(text, "en", EMPTY)] == [
        "Quillon Risk",
        "Daniel Okafor",
        "Northgate Wire",
    ]


# --- discovering names the registry lacks ----------------------------------------------------


def test_polish_genitive_organisation_back_in_the_nominative() -> None:
    found = fixture("inflection_pl_banku_genitive_unknown.txt", "pl")
    assert table(found) == [("Tomasz Mazur", "person"), ("Bank Nadwiślański", "organisation")]
    assert found[1].aliases == ["Banku Nadwiślańskiego"] and not found[1].known


def test_polish_genitive_people_back_in_the_nominative() -> None:
    found = fixture("inflection_pl_person_genitive_unknown.txt", "pl")
    assert table(found) == [
        ("Paweł Nowak", "person"),
        ("Anna Zawadzka", "person"),
        ("Kreda Partners", "organisation"),
    ]


def test_ukrainian_people_romanized_in_the_nominative() -> None:
    found = fixture("inflection_uk_person_genitive_unknown.txt", "uk")
    assert table(found) == [
        ("ICU Group", "organisation"),
        ("Maryna Savchenko", "person"),
        ("Taras Bondarenko", "person"),
    ]


def test_katakana_names_with_honorifics_and_latin_before_shi() -> None:
    found = fixture("discovery_ja_katakana_honorific.txt", "ja")
    assert table(found) == [("Jeison Kwon", "person"), ("Chris Lehane", "person")]
    assert found[0].aliases == ["ジェイソン・クォン"]


def test_kanji_name_before_a_title_but_not_titles_alone() -> None:
    found = fixture("discovery_ja_kanji_name_title.txt", "ja")
    assert [(e.name, e.aliases) for e in found] == [("Daisuke Suzuki", ["鈴木大輔"])]


def test_japanese_gloss_gives_the_english_name() -> None:
    found = fixture("discovery_ja_gloss_organisation.txt", "ja")
    assert [(e.name, e.kind, e.aliases) for e in found] == [
        ("Minato Energy", "organisation", ["ミナトエナジー", "Minato Energy"])
    ]


def test_chinese_gloss_and_titles() -> None:
    found = fixture("discovery_zh_title_before_name.txt", "zh")
    assert table(found) == [
        ("Hualan Energy", "organisation"),
        ("Chen Zhiyuan", "person"),
        ("Li Na", "person"),
    ]


def test_places_are_not_entities() -> None:
    assert fixture("discovery_places_not_entities.txt", "en") == []


def test_laws_and_products_are_not_entities() -> None:
    assert fixture("discovery_law_and_product_not_entities.txt", "pt") == []


def test_german_descriptors_and_sentence_initial_nouns() -> None:
    found = fixture("discovery_de_leading_descriptors.txt", "de")
    assert table(found) == [
        ("Jens Albrecht", "person"),
        ("Sabine Krüger", "person"),
        ("Kernwert Analytics", "organisation"),
    ]


def test_english_sentence_starts_and_surnames() -> None:
    found = fixture("discovery_en_sentence_start_and_surnames.txt", "en")
    assert table(found) == [
        ("Helix Growth Partners", "organisation"),
        ("Erik Lindqvist", "person"),
        ("Baltic Ridge Ventures", "organisation"),
    ]
    assert found[1].aliases == ["Erik Lindqvist", "Lindqvist"]


def test_single_word_company_needs_several_acting_mentions() -> None:
    found = fixture("discovery_en_single_word_company.txt", "en")
    assert table(found) == [("Altostrata", "organisation")]
    assert find_entities("A seven-hour outage at Altostrata's region.", "en", EMPTY) == []


def test_camel_case_brand_and_cyrillic_person() -> None:
    found = fixture("discovery_uk_camelcase_and_cyrillic_person.txt", "uk")
    assert table(found) == [("DniproEx", "organisation"), ("Andrii Shevchuk", "person")]
    assert found[1].aliases == ["Андрій Шевчук", "Шевчук"]


def test_run_together_language_menu_is_not_a_name() -> None:
    found = fixture("discovery_language_menu_not_entity.txt", "pl")
    assert table(found) == [("Kompas Research", "organisation")]


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


def _score(registry: Registry) -> tuple[float, float]:
    """Recall and precision of entity names over the corpus."""
    wanted = right = found_total = 0
    for name, expected in EXPECTED.items():
        exclude = [n for n in (expected["author"], expected["source"]) if n]
        found = {
            loose(e.name)
            for e in find_entities(_own_text(name), expected["language"], registry, exclude)
        }
        truth = {loose(n) for n in expected["entities"]}
        wanted, right, found_total = (
            wanted + len(truth),
            right + len(truth & found),
            found_total + len(found),
        )
    return right / wanted, right / found_total


def test_corpus_with_the_registry() -> None:
    recall, precision = _score(REGISTRY)
    assert recall >= 0.85, recall
    assert precision >= 0.9, precision


def test_corpus_by_discovery_alone() -> None:
    """Without any registry, the names unseen articles would bring are still found."""
    recall, precision = _score(EMPTY)
    assert recall >= 0.7, recall
    assert precision >= 0.85, precision
