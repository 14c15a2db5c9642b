"""Discovery of people and organisations in Japanese and Chinese text.

Split from test_entities.py, whose helpers it shares; one invented fixture per rule.
"""

from __future__ import annotations

from test_entities import fixture, names_and_forms, table


def test_katakana_names_with_honorifics_and_latin_before_shi() -> None:
    found = fixture("discovery_ja_katakana_honorific.txt", "ja")
    assert table(found) == [("Jeison Kwon", "person"), ("Chris Lehane", "person")]
    assert found[0].aliases == ["ジェイソン・クォン"]


def test_kanji_name_before_a_title_but_not_titles_alone() -> None:
    found = fixture("discovery_ja_kanji_name_title.txt", "ja")
    assert [(e.name, e.aliases) for e in found] == [("Koji Morita", ["森田浩二"])]


def test_japanese_family_name_alone_folds_into_the_full_name() -> None:
    found = fixture("discovery_ja_family_name_after_full_name.txt", "ja")
    assert names_and_forms(found) == [("Taro Yamada", "person", ["山田太郎", "山田"])]


def test_japanese_gloss_gives_the_english_name() -> None:
    found = fixture("discovery_ja_gloss_organisation.txt", "ja")
    assert names_and_forms(found) == [
        ("Asagi Tech", "organisation", ["アサギテック", "Asagi Tech"])
    ]


def test_japanese_glossed_people_after_a_title_or_spelled_by_the_gloss() -> None:
    found = fixture("discovery_ja_glossed_person.txt", "ja")
    assert names_and_forms(found) == [
        ("Erik Hansen", "person", ["エリック・ハンセン", "Erik Hansen"]),
        ("Mayumi Konishi", "person", ["小西真由美", "Mayumi Konishi"]),
    ]


def test_japanese_companies_after_company_words_and_kabushiki_gaisha() -> None:
    found = fixture("discovery_ja_company_cues_and_kabushiki.txt", "ja")
    assert names_and_forms(found) == [
        ("Hokuto Seiki", "organisation", ["北斗精機"]),
        ("Toho Kasei", "organisation", ["東邦化成"]),
        ("Midori Denko", "organisation", ["ミドリ電工"]),
        ("Sakura Inoue", "person", ["井上さくら"]),
    ]


def test_japanese_katakana_companies_by_tail_and_sha() -> None:
    """Loanword tails are translated; common compounds ending in one are not names."""
    found = fixture("discovery_ja_katakana_company_tails.txt", "ja")
    assert names_and_forms(found) == [
        ("Shinsei Trading", "organisation", ["シンセイ・トレーディング"]),
        ("Sorarisu", "organisation", ["ソラリス"]),
        ("Aoi Robotics", "organisation", ["アオイ・ロボティクス"]),
    ]


def test_chinese_gloss_and_titles() -> None:
    found = fixture("discovery_zh_title_before_name.txt", "zh")
    assert table(found) == [
        ("Lanhai Power", "organisation"),
        ("Guo Jianping", "person"),
        ("He Li", "person"),
    ]


def test_chinese_glossed_person() -> None:
    found = fixture("discovery_zh_glossed_person.txt", "zh")
    assert names_and_forms(found) == [
        ("Zhou Kai", "person", ["周凯", "Zhou Kai"]),
        ("Vista Power", "organisation", ["远景动力", "Vista Power"]),
    ]


def test_chinese_gloss_after_a_company_word_names_the_whole_firm() -> None:
    found = fixture("discovery_zh_gloss_after_company_word.txt", "zh")
    assert names_and_forms(found) == [
        ("Xinyuan Microelectronics", "organisation", ["芯源微电子", "Xinyuan Microelectronics"]),
        ("Lin Zhenhua", "person", ["林振华"]),
    ]


def test_chinese_companies_by_suffix_and_company_word() -> None:
    """Generic phrases ("多家电池企业加快布局", "该公司日前") name nothing."""
    found = fixture("discovery_zh_company_suffixes.txt", "zh")
    assert names_and_forms(found) == [
        ("Xinghe Group", "organisation", ["星河集团"]),
        ("Wu Lixin", "person", ["吴立新"]),
        ("Guanghe Research Institute", "organisation", ["光合研究院"]),
        ("Zhang Min", "person", ["张敏"]),
        ("Beichen Bank", "organisation", ["北辰银行"]),
        ("Zhao Jianguo", "person", ["赵建国"]),
        ("Lanfeng Power Technology", "organisation", ["蓝峰动力科技有限公司"]),
    ]
