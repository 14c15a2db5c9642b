"""Discovering names in Japanese and Chinese text, which has no word boundaries.

Three cues are trusted:

- a gloss in Latin script right after a name, "ミナトエナジー（Minato Energy）" or
  "华澜储能（Hualan Energy）": the Latin name becomes the canonical one;
- an honorific or title next to a person's name: "鈴木大輔社長", "高橋健太アナリスト",
  "ジェイソン・クォン氏", "chris lehane 氏", "董事长陈志远". Kanji names must start
  with a common family name, which keeps "経済産業大臣" and "同社社長" out;
- a company word before a katakana name: "調査会社カエデ・リサーチ".

Katakana names with a middle dot and no such cue are left alone (they are as
often places or publications as people).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import entities_words as words
from .entities_places import is_place
from .entities_romanize import romanize_name

KATAKANA_NAME = "[ァ-ヺー]+(?:[・･][ァ-ヺー]+)*"
JA_HONORIFICS = (
    "氏|さん|様|社長|会長|代表|副社長|専務|常務|取締役|部長|所長|理事長|総裁|頭取|教授|准教授|"
    "アナリスト|エコノミスト|首相|大臣|長官|議員|知事|市長|大統領|最高経営責任者|CEO"
)
ZH_TITLES = (
    "董事长|总经理|总裁|副总裁|首席执行官|首席经济学家|经济学家|创始人|联合创始人|分析师|"
    "研究员|主任|部长|局长|行长|主席|总理|总统|发言人|教授|院长|董事|负责人|秘书长|CEO"
)
JA_FAMILY_NAMES = frozenset(
    words.words_of("""佐藤 鈴木 高橋 田中 伊藤 渡辺 渡邉 山本 中村 小林 加藤 吉田 山田 佐々木 山口
    松本 井上 木村 清水 山崎 池田 橋本 阿部 石川 山下 中島 石井 小川 前田 岡田 長谷川 藤田 後藤
    近藤 村上 遠藤 青木 坂本 斉藤 斎藤 福田 太田 西村 藤井 金子 岡本 藤原 中野 三浦 原田 中川
    松田 竹内 小野 田村 中山 和田 石田 森田 上田 内田 柴田 酒井 宮崎 横山 高木 安藤 宮本 大野
    小島 谷口 今井 工藤 高田 増田 丸山 杉山 村田 大塚 新井 小山 平野 藤本 河野 上野 野口 武田
    松井 千葉 岩崎 菅原 木下 久保 佐野 野村 松尾 市川 菊地 杉本 古川 大西 島田 水野 桜井 高野
    渡部 吉川 山内 西田 飯田 菊池 西川 小松 北村 安田 五十嵐 川口 平田 中田 久保田 服部 岩田
    土屋 川崎 福島 本田 樋口 秋山 田口 永井 山中 中西 吉村 川上 石原 大橋 松岡 馬場 浜田 森本
    星野 矢野 浅野 大久保 松下 吉岡 小池 野田 荒木 大谷 内藤 松浦 熊谷 黒田 尾崎 永田 川村 望月
    田辺 松村 荒井 大島 平井 早川 菅野 栗原 西山 広瀬 横田 石橋 萩原 岩本 片山 関口 宮田 大石
    本間 須藤 高山 岡崎 小田 伊東 鎌田 上原 篠原 小西 松原 福井 古田 大森 小泉 成田 奥村 内山
    沢田 川島 桑原 三宅 片岡 富田 杉浦 八木 奥田 小沢 松永 北川 関根 河合 平山 牧野 白石 今村
    寺田 青山 中尾 小倉 渋谷 上村 小野寺 大山 足立 岡村 坂口 天野 多田 佐久間 根本 豊田 田島
    飯塚 角田 村山 武藤 白井 宇野 矢島 林 森 原 関 東 辻 堀 岡 西 南 北""")
)
ZH_FAMILY_NAMES = frozenset(
    words.words_of("""王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 唐 许
    韩 冯 邓 曹 彭 曾 肖 田 董 袁 潘 于 蒋 蔡 余 杜 叶 程 苏 魏 吕 丁 任 沈 姚 卢 姜 崔 钟 谭 陆
    汪 范 金 石 廖 贾 夏 韦 付 方 白 邹 孟 熊 秦 邱 江 尹 薛 闫 段 雷 侯 龙 史 陶 黎 贺 顾 毛 郝
    龚 邵 万 钱 严 覃 武 戴 莫 孔 向 汤 欧阳 司马 诸葛 上官""")
)
# Characters that end a Chinese given name early: "陈志远在…" is 陈志远, "王伟表示" is 王伟.
ZH_STOP_CHARS = frozenset("在表说称是的等和与指认介透告也已就对于将并曾还向为今近")
COMPANY_WORDS = "会社|企業|メーカー|大手|ファンド|銀行|公司|企业|集团|机构|基金"
KATAKANA_ORG_TAILS = (
    "ホールディングス",
    "グループ",
    "エナジー",
    "リサーチ",
    "トレード",
    "キャピタル",
    "テクノロジーズ",
    "システムズ",
    "ラボ",
    "バンク",
    "パートナーズ",
    "ベンチャーズ",
    "コンサルティング",
    "モーターズ",
    "ネットワークス",
)
# Patterns are anchored on the cheap part (a bracket, an honorific) and look back
# for the name with ``search(text, start, end)``, so long texts are scanned once.
GLOSS = re.compile(r"[（(](?P<latin>[A-Z][A-Za-z0-9&.'’\- ]{1,60}?)[）)]")
BEFORE_GLOSS = re.compile(r"(?:[ァ-ヺー・･A-Za-z&]+|[一-鿿々ァ-ヺー]{2,12})$")
HONORIFIC = re.compile(f"(?:{JA_HONORIFICS})")
BEFORE_HONORIFIC = re.compile(
    rf"(?<![一-鿿々])(?P<name>[一-鿿々]{{2,6}})$"
    rf"|(?P<kana>{KATAKANA_NAME}) ?$"
    rf"|(?<![A-Za-z])(?P<latin>[A-Za-z]{{2,}}(?: [A-Za-z]{{2,}}){{1,2}}) ?$"
)
ZH_PERSON = re.compile(rf"(?:{ZH_TITLES})(?=(?P<name>[一-鿿]{{2,4}}))")
KATAKANA_ORG = re.compile(rf"(?:{COMPANY_WORDS})(?P<name>{KATAKANA_NAME})")


@dataclass
class CjkName:
    """A discovered name: canonical Latin form, the forms seen, where it starts."""

    name: str
    kind: str
    forms: list[str]
    start: int


def _gloss_kind(latin: str, text: str, end: int) -> str | None:
    """Organisation, person, or ``None`` when the gloss is not a name (acronyms, laws).

    Glossed names are organisations unless an honorific follows the gloss.
    """
    latin_words = latin.split()
    folded = [w.casefold() for w in latin_words]
    if len(latin_words) == 1 and (latin.isupper() or len(latin) <= 3):
        return None
    if any(w in words.NON_ENTITY_WORDS for w in folded) or is_place(latin, "en"):
        return None
    if re.match(f"(?:{JA_HONORIFICS}|先生|女士)", text[end : end + 8]):
        return "person"
    return "organisation"


def _gloss_alias(cjk: str, text: str, start: int) -> str:
    """The CJK name before a gloss: a katakana/Latin run, or the shortest kanji tail
    of two or more characters that the text repeats elsewhere."""
    if re.fullmatch(r"[ァ-ヺー・･A-Za-z&]+", cjk) or re.search("[ァ-ヺー]$", cjk):
        tail = re.search(r"[ァ-ヺー・･A-Za-z&]+$", cjk)
        return tail.group() if tail else cjk
    rest = text[:start] + text[start + len(cjk) :]
    for size in range(2, len(cjk) + 1):
        if cjk[-size:] in rest and size >= 2:
            return cjk[-size:] if size > 2 or len(cjk) == 2 else cjk[-4:]
    return cjk[-4:]


def _family_split(name: str, families: frozenset[str]) -> str | None:
    """``name`` cut to family name + given name, or ``None`` if no family name fits."""
    for size in (3, 2, 1):
        if (name[:size] in families and len(name) > size) or name == name[:size] in families:
            return name
    return None


def _chinese_given(name: str) -> str:
    """Family name plus a given name of one or two characters."""
    family = 2 if name[:2] in ZH_FAMILY_NAMES else 1
    given = name[family : family + 2]
    if len(given) == 2 and given[1] in ZH_STOP_CHARS:
        given = given[:1]
    return name[:family] + given


def discover_cjk(text: str, language: str) -> list[CjkName]:
    """Glossed, titled and company-cued names in Japanese or Chinese text."""
    found: dict[str, CjkName] = {}

    def add(name: str, kind: str, forms: list[str], start: int) -> None:
        entry = found.setdefault(name.casefold(), CjkName(name, kind, [], start))
        entry.forms.extend(f for f in forms if f not in entry.forms)

    for gloss in GLOSS.finditer(text):
        before = BEFORE_GLOSS.search(text, max(0, gloss.start() - 12), gloss.start())
        latin = gloss.group("latin").strip()
        kind = _gloss_kind(latin, text, gloss.end()) if before else None
        if before and kind:
            alias = _gloss_alias(before.group(), text, before.start())
            add(latin, kind, [alias, latin], before.start())
    for mark in HONORIFIC.finditer(text) if language != "zh" else ():
        hit = BEFORE_HONORIFIC.search(text, max(0, mark.start() - 24), mark.start())
        if not hit or (hit.group("latin") and not mark.group().startswith(("氏", "さん"))):
            continue
        if hit.group("name"):
            name = _family_split(hit.group("name"), JA_FAMILY_NAMES)
        else:
            name = hit.group("kana") or hit.group("latin")
            if hit.group("kana") and is_place(hit.group("kana"), "ja"):
                name = None
        if name and not any(name in e.forms for e in found.values()):
            romanized = name.title() if name.isascii() else romanize_name(name, "ja")
            add(romanized, "person", [name], hit.start())
    for hit in ZH_PERSON.finditer(text) if language == "zh" else ():
        name = _chinese_given(hit.group("name"))
        if name[:1] in ZH_FAMILY_NAMES or name[:2] in ZH_FAMILY_NAMES:
            add(romanize_name(name, "zh"), "person", [name], hit.start("name"))
    for hit in KATAKANA_ORG.finditer(text):
        name = hit.group("name")
        if not any(name in e.forms for e in found.values()) and not is_place(name, language):
            add(romanize_name(name, "ja"), "organisation", [name], hit.start("name"))
    return _merge_surnames(sorted(found.values(), key=lambda e: e.start))


def _merge_surnames(names: list[CjkName]) -> list[CjkName]:
    """Fold "アルトマン氏" into "サム・アルトマン": a lone katakana name that ends a dotted one."""
    kept: list[CjkName] = []
    for entry in names:
        host = next(
            (
                k
                for k in kept
                if any(re.search(f"[・･]{re.escape(f)}$", g) for f in entry.forms for g in k.forms)
            ),
            None,
        )
        if host is None:
            kept.append(entry)
        else:
            host.forms.extend(f for f in entry.forms if f not in host.forms)
    return kept
