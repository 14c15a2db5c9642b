"""Word tables for key figures: currencies, scale words, percent and time units.

Kept apart from the matching code in ``figures`` so a new language is a data
change. Tables are written as "value: word | word; value: word" strings; words
are matched case-insensitively in Latin and Cyrillic script. A language missing
from a table falls back to the union of all languages (see ``figures.tables_for``).
"""

from __future__ import annotations


def _words(spec: str) -> dict[str, str]:
    """ "USD: dollars | dollar; EUR: euro" → {"dollars": "USD", "dollar": "USD", ...}."""
    table = {}
    for group in spec.split(";"):
        value, _, names = group.partition(":")
        table.update({name.strip(): value.strip() for name in names.split("|")})
    return table


def _numbers(spec: str) -> dict[str, int]:
    """Like ``_words`` with numeric values: "1e6: million | mln" → {"million": 1000000}."""
    return {word: int(float(value)) for word, value in _words(spec).items()}


# Languages whose decimal separator is the comma; the others use the point.
DECIMAL_COMMA = frozenset(
    {
        "pl",
        "de",
        "it",
        "pt",
        "uk",
        "ru",
        "fr",
        "es",
        "nl",
        "cs",
        "sk",
        "sl",
        "hr",
        "sr",
        "bg",
        "ro",
        "hu",
        "da",
        "sv",
        "nb",
        "no",
        "fi",
        "tr",
        "el",
        "id",
        "lt",
        "lv",
        "et",
    }
)

# Symbols and codes written before the number ("$4.2 billion", "R$ 2,5 milhões").
PREFIX_CURRENCIES: dict[str, str] = _words(
    "USD: US$ | $ | USD; BRL: R$ | BRL; CAD: C$ | CA$; AUD: A$ | AU$; HKD: HK$; "
    "NZD: NZ$; SGD: S$; TWD: NT$; EUR: € | EUR; GBP: £ | GBP; JPY: ¥ | ￥ | JPY; "
    "CNY: CN¥ | CNY | RMB; UAH: ₴ | UAH; KRW: ₩ | KRW; INR: ₹; RUB: ₽ | RUB; CHF: CHF; "
    "PLN: PLN"
)
# Symbols and codes that may follow the number in any language ("100 €", "5 Mio. CHF").
SUFFIX_SYMBOLS: dict[str, str] = _words(
    "EUR: € | EUR; USD: $ | USD; GBP: £ | GBP; UAH: ₴ | UAH; RUB: ₽ | RUB; PLN: zł | PLN; "
    "JPY: JPY; CNY: CNY; BRL: BRL; KRW: KRW; CHF: CHF"
)

# Currency words written after the number, per language.
CURRENCY_WORDS: dict[str, dict[str, str]] = {
    "en": _words(
        "USD: dollars | dollar | US dollars; EUR: euros | euro; "
        "GBP: pounds sterling | sterling; JPY: yen; CNY: yuan | renminbi; "
        "UAH: hryvnias | hryvnia; PLN: zlotys | zloty; BRL: reais; KRW: won; "
        "CHF: Swiss francs; RUB: roubles | rubles"
    ),
    "pl": _words(
        "USD: dolarów | dolary | dolara | dolarach | dolarami | dolar; EUR: euro | eurów; "
        "PLN: złotych | złote | złotego | złoty | zł; GBP: funtów | funty; "
        "JPY: jenów | jeny; CNY: juanów | juany; UAH: hrywien | hrywny; "
        "CHF: franków szwajcarskich | franków; RUB: rubli; BRL: reali; KRW: wonów"
    ),
    "de": _words(
        "USD: US-Dollar | Dollar; EUR: Euro; GBP: Pfund; JPY: Yen; CNY: Yuan; "
        "CHF: Franken; PLN: Złoty | Zloty; RUB: Rubel; UAH: Hrywnja"
    ),
    "it": _words(
        "USD: dollari | dollaro; EUR: euro; GBP: sterline; JPY: yen; CNY: yuan; "
        "CHF: franchi svizzeri | franchi; BRL: reais; RUB: rubli"
    ),
    "pt": _words(
        "BRL: reais; USD: dólares | dólar; EUR: euros | euro; GBP: libras; "
        "JPY: ienes | iene; CNY: yuans | yuan"
    ),
    "uk": _words(
        "UAH: гривень | гривні | гривня | гривнях | грн; "
        "USD: доларів | долари | долара | долар | дол.; EUR: євро; GBP: фунтів; JPY: єн; "
        "CNY: юанів; PLN: злотих; CHF: франків; RUB: рублів"
    ),
    "ru": _words(
        "USD: долларов | доллара | доллары | доллар; EUR: евро; "
        "RUB: рублей | рубля | руб.; UAH: гривен | грн; GBP: фунтов; JPY: иен; CNY: юаней; "
        "PLN: злотых"
    ),
    "fr": _words("USD: dollars; EUR: euros; GBP: livres; JPY: yens; CHF: francs"),
    "es": _words("USD: dólares; EUR: euros; GBP: libras; JPY: yenes; BRL: reales"),
}

# Currency words of Chinese, Japanese and Korean, written right after the number or
# its scale character. "元" alone is the yuan only in Chinese and Japanese.
CJK_CURRENCIES: dict[str, dict[str, str]] = {
    "ja": _words(
        "USD: 米ドル | ドル; EUR: ユーロ; JPY: 円; CNY: 人民元 | 元; KRW: ウォン; "
        "GBP: ポンド; CHF: スイスフラン; PLN: ズウォティ; UAH: フリヴニャ; BRL: レアル; "
        "RUB: ルーブル"
    ),
    "zh": _words(
        "USD: 美元; EUR: 欧元; JPY: 日元 | 日圆; HKD: 港元 | 港币; GBP: 英镑; "
        "KRW: 韩元; CHF: 瑞士法郎; RUB: 卢布; CNY: 人民币 | 元"
    ),
    "ko": _words("KRW: 원; USD: 달러; EUR: 유로; JPY: 엔; CNY: 위안"),
}

# Scale words after the number, per language.
SCALE_WORDS: dict[str, dict[str, int]] = {
    "en": _numbers(
        "1e3: thousand | k; 1e6: million | mn | m; 1e9: billion | bn; 1e12: trillion | tn"
    ),
    "pl": _numbers(
        "1e3: tysięcy | tysiące | tysiąc | tys.; "
        "1e6: milionów | miliony | miliona | milion | mln; "
        "1e9: miliardów | miliardy | miliarda | miliard | mld; "
        "1e12: bilionów | biliony | bilion | bln"
    ),
    "de": _numbers(
        "1e3: Tausend | Tsd.; 1e6: Millionen | Million | Mio.; "
        "1e9: Milliarden | Milliarde | Mrd.; 1e12: Billionen | Billion | Bio."
    ),
    "it": _numbers("1e3: mila; 1e6: milioni | milione | mln; 1e9: miliardi | miliardo | mld | mrd"),
    "pt": _numbers(
        "1e3: mil; 1e6: milhões | milhão | mi; 1e9: bilhões | bilhão | bi; "
        "1e12: trilhões | trilhão | tri"
    ),
    "uk": _numbers(
        "1e3: тисяч | тисячі | тис.; 1e6: мільйонів | мільйони | мільйона | мільйон | млн; "
        "1e9: мільярдів | мільярди | мільярда | мільярд | млрд; 1e12: трлн"
    ),
    "ru": _numbers(
        "1e3: тысяч | тыс.; 1e6: миллионов | миллиона | миллион | млн; "
        "1e9: миллиардов | миллиарда | млрд; 1e12: трлн"
    ),
    "fr": _numbers("1e3: mille; 1e6: millions | million; 1e9: milliards"),
    "es": _numbers("1e9: mil millones; 1e6: millones | millón"),
}

# Connectors allowed between a scale word and the currency word ("2,1 miliardi di euro").
CONNECTORS = ("di ", "de ", "d’", "d'", "of ")

# CJK scale characters; 十百千 multiply the number before the large units.
CJK_SMALL = {"十": 10, "百": 100, "千": 1000, "천": 1000, "백": 100, "십": 10}
CJK_LARGE = {
    "万亿": 10**12,
    "兆": 10**12,
    "億": 10**8,
    "亿": 10**8,
    "萬": 10**4,
    "万": 10**4,
    "조": 10**12,
    "억": 10**8,
    "만": 10**4,
}
# "数百億" (several tens of billions): the vague digit spans one order of magnitude.
CJK_VAGUE = ("数", "几", "幾", "몇")

PERCENT_SIGNS = ("%", "％", "٪")
PERCENT_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("per cent", "percent"),
    "pl": ("procent", "procenta", "procentów", "proc."),
    "de": ("Prozent",),
    "it": ("per cento",),
    "pt": ("por cento",),
    "uk": ("відсотків", "відсотки", "відсотка", "відс."),
    "ru": ("процентов", "процента", "процент"),
    "fr": ("pour cent",),
    "es": ("por ciento",),
    "ja": ("パーセント",),
    "ko": ("퍼센트",),
}

# Time units written after a number, per language; values are the unit names.
DURATION_WORDS: dict[str, dict[str, str]] = {
    "en": _words(
        "year: years | year; month: months | month; week: weeks | week; day: days | day; "
        "hour: hours | hour; minute: minutes | minute"
    ),
    "pl": _words(
        "year: lat | lata | rok | roku; month: miesięcy | miesiące | miesiąc; "
        "week: tygodni | tygodnie | tydzień; day: dni | dzień; "
        "hour: godzin | godziny | godzinę; minute: minut | minuty"
    ),
    "de": _words(
        "year: Jahren | Jahre | Jahr; month: Monaten | Monate | Monat; "
        "week: Wochen | Woche; day: Tagen | Tage | Tag; hour: Stunden | Stunde; "
        "minute: Minuten | Minute"
    ),
    "it": _words(
        "year: anni | anno; month: mesi | mese; week: settimane | settimana; "
        "day: giorni | giorno; hour: ore | ora; minute: minuti"
    ),
    "pt": _words(
        "year: anos | ano; month: meses | mês; week: semanas | semana; day: dias | dia; "
        "hour: horas | hora; minute: minutos"
    ),
    "uk": _words(
        "year: років | роки | рік; month: місяців | місяці | місяць; "
        "week: тижнів | тижні | тиждень; day: днів | дні | день; "
        "hour: годин | години | годину; minute: хвилин"
    ),
    "ru": _words(
        "year: лет | года | год; month: месяцев | месяца; week: недель | недели; "
        "day: дней | дня; hour: часов | часа; minute: минут"
    ),
}

# Durations in Chinese and Japanese: only unambiguous unit forms ("3年" alone may be
# a year count or part of a date, "3年間" is a duration).
CJK_DURATIONS: dict[str, dict[str, str]] = {
    "ja": _words(
        "year: 年間; month: カ月間 | カ月 | ヵ月 | ヶ月 | ケ月 | か月; week: 週間; "
        "day: 日間; hour: 時間; minute: 分間 | 分"
    ),
    "zh": _words(
        "year: 年内 | 年间 | 年时间; month: 个月 | 個月; week: 周 | 星期; day: 天; "
        "hour: 小时 | 小時; minute: 分钟 | 分鐘"
    ),
}

# Number words that may stand for the digits of a duration ("seven hours", "trzech lat").
NUMBER_WORDS: dict[str, dict[str, int]] = {
    "en": _numbers(
        "1: one; 2: two; 3: three; 4: four; 5: five; 6: six; 7: seven; 8: eight; 9: nine; "
        "10: ten; 11: eleven; 12: twelve; 18: eighteen; 20: twenty; 30: thirty; "
        "48: forty-eight; 24: twenty-four"
    ),
    "pl": _numbers(
        "1: jeden | jednego; 2: dwa | dwie | dwóch; 3: trzy | trzech; "
        "4: cztery | czterech; 5: pięć | pięciu; 6: sześć | sześciu; 7: siedem | siedmiu; "
        "8: osiem | ośmiu; 9: dziewięć | dziewięciu; 10: dziesięć | dziesięciu; "
        "12: dwanaście | dwunastu"
    ),
    "de": _numbers(
        "2: zwei; 3: drei; 4: vier; 5: fünf; 6: sechs; 7: sieben; 8: acht; 9: neun; "
        "10: zehn; 11: elf; 12: zwölf"
    ),
    "it": _numbers(
        "2: due; 3: tre; 4: quattro; 5: cinque; 6: sei; 7: sette; 8: otto; 9: nove; "
        "10: dieci; 11: undici; 12: dodici"
    ),
    "pt": _numbers(
        "2: dois | duas; 3: três; 4: quatro; 5: cinco; 6: seis; 10: dez; 7: sete; 8: oito; "
        "9: nove; 12: doze"
    ),
    "uk": _numbers(
        "2: два | дві; 3: три; 4: чотири; 5: п'ять | п’ять; 6: шість; 7: сім; 8: вісім; "
        "10: десять; 12: дванадцять"
    ),
    "ru": _numbers("2: два | две; 3: три; 4: четыре; 5: пять; 6: шесть; 10: десять"),
}

# Words after a duration that make it an age or a point in time ("four years old",
# "vier Jahre alte Anlage", "trzy lata temu", "tre anni fa"): not a duration.
NOT_DURATION_AFTER = frozenset(
    {"old", "ago", "alt", "alte", "alten", "alter", "altes", "temu", "fa", "atrás", "тому", "назад"}
)

# Kanji numerals for CJK durations ("三年間", "两个月").
CJK_DIGITS = {
    "一": 1,
    "二": 2,
    "两": 2,
    "兩": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}
