"""Place names and calendar words, so that discovery does not report them as entities.

Countries and regions come from Babel's territory names in many languages; a
modest hand list adds cities, states and provinces that news articles name often,
in the spellings of the languages the pipeline reads. Names are compared by their
inflection-free keys (``entities_match.name_key``), so "Unii Europejskiej" is the
place "Unia Europejska" and "Krakowie" is "Kraków".
"""

from __future__ import annotations

from functools import cache

from .entities_match import name_key
from .entities_words import words_of
from .tables import kept

BABEL_LOCALES = words_of("en pl de it pt uk ru fr es nl cs ja zh ko")

CITIES_AND_REGIONS = """
Europe|Europa|Европа|Європа|欧州|ヨーロッパ|欧洲|Asia|Azja|Asien|Азія|アジア|亚洲|Africa|America
Brussels|Bruxelles|Brüssel|Bruksela|Bruxelas|Брюссель|ブリュッセル|布鲁塞尔|Strasbourg|Luxembourg
London|Londyn|Londra|Londres|Лондон|ロンドン|伦敦|Paris|Paryż|Parigi|Париж|パリ|巴黎
Berlin|Berlino|Берлін|Берлин|ベルリン|柏林|Frankfurt|Francoforte|Frankfurt am Main|Франкфурт
Munich|München|Monachium|Monaco di Baviera|Hamburg|Amburgo|Cologne|Köln|Kolonia|Stuttgart
Düsseldorf|Leipzig|Dresden|Hannover|Bonn|Rhein-Main|Rhine-Main|Ruhrgebiet|Bavaria|Bayern
Hesse|Hessen|Saxony|Sachsen|Baden-Württemberg|Nordrhein-Westfalen|North Rhine-Westphalia
Warsaw|Warszawa|Varsavia|Varsóvia|Варшава|ワルシャワ|华沙|Kraków|Krakow|Cracow|Cracovia
Gdańsk|Gdansk|Wrocław|Poznań|Łódź|Lodz|Katowice|Lublin|Szczecin|Rzeszów|Bydgoszcz|Toruń
Prague|Praga|Prag|Прага|Bucharest|Bukareszt|Bucarest|Bukarest|Бухарест|Budapest|Budapeszt
Vienna|Wien|Wiedeń|Viena|Відень|Вена|Bratislava|Bratysława|Vilnius|Wilno|Riga|Ryga|Tallinn
Stockholm|Sztokholm|Stoccolma|Estocolmo|Стокгольм|Copenhagen|Kopenhaga|Oslo|Helsinki
Amsterdam|Amsterdã|Rotterdam|Eindhoven|Veldhoven|The Hague|Den Haag|Haga|Dublin|Dublino
Lisbon|Lisboa|Lizbona|Lisbona|Madrid|Madryt|Barcelona|Barcellona|Rome|Roma|Rzym|Рим
Milan|Milano|Mediolan|Milão|Мілан|Turin|Torino|Turyn|Naples|Napoli|Florence|Firenze
Bologna|Genoa|Genova|Venice|Venezia|Catania|Palermo|Agrate Brianza|Lombardy|Lombardia
Piedmont|Piemonte|Sicily|Sicilia|Zurich|Zürich|Geneva|Genève|Genf|Genewa|Basel|Bern|Zug
Kyiv|Kiev|Kijów|Kiew|Київ|Киев|キーウ|基辅|Kharkiv|Charków|Харків|Lviv|Lwów|Львів|Odesa
Odessa|Одеса|Dnipro|Дніпро|Zaporizhzhia|Запоріжжя|Donbas|Донбас|Crimea|Krym|Крим
Moscow|Moskwa|Mosca|Moskau|Москва|Minsk|Мінськ|Istanbul|Ankara
New York|Nowy Jork|Nova Iorque|Нью-Йорк|ニューヨーク|纽约|Washington|Waszyngton|Вашингтон
ワシントン|华盛顿|San Francisco|Los Angeles|Chicago|Boston|Seattle|Silicon Valley
Dolina Krzemowa|Northern Virginia|Virginia|California|Kalifornia|Texas|Teksas|Florida
New Jersey|Delaware|Ohio|Arizona|Nevada|Oregon|Toronto|Montreal|Vancouver|Ottawa
Tokyo|Tokio|Токіо|Токио|東京|东京|Osaka|Osaka|大阪|Kyoto|京都|Nagoya|名古屋|Yokohama|横浜
Aichi|愛知|愛知県|Fukuoka|福岡|Hokkaido|北海道|Kumamoto|熊本|Hiroshima|広島|Kobe|神戸
Beijing|Pekin|Pechino|Pequim|Пекін|北京|Shanghai|Szanghaj|Xangai|上海|Shenzhen|深圳
Guangzhou|广州|Hong Kong|Hongkong|香港|Wuhu|芜湖|Hefei|合肥|Anhui|安徽|安徽省|芜湖市|Jiangsu
江苏|Zhejiang|浙江|Guangdong|广东|Fujian|福建|Ningde|宁德|Sichuan|四川|Taipei|台北|Hsinchu
Seoul|Seul|Сеул|ソウル|首尔|Busan|Singapore|Singapur|Cingapura|Сінгапур|Dubai|Dubaj|Дубай
Mumbai|Bombaj|Delhi|New Delhi|Bangalore|Bengaluru|Sydney|Melbourne
São Paulo|Sao Paulo|Rio de Janeiro|Brasília|Brasilia|Belo Horizonte|Porto Alegre|Curitiba
Salvador|Recife|Fortaleza|Manaus|Goiânia|Campinas|Minas Gerais|Mato Grosso
Mato Grosso do Sul|Goiás|Paraná|Rio Grande do Sul|Santa Catarina|Bahia|Pernambuco|Ceará
Amazonas|Pará|Tocantins|Maranhão|Espírito Santo|Distrito Federal|Buenos Aires|Santiago
Lima|Bogotá|Mexico City|Ciudad de México
米国|米|英国|欧州|欧|日|中|韓|露|独|仏|美国|英国|欧盟|欧洲|中东|中東|台湾|臺灣
Polacy|Polaków|Polakom|Niemców|Ukraińcy|Ukraińców|Amerykanie|Amerykanów|Europejczycy
EU|UE|ЄС|ЕС|Ukraine|Polska|Polen|Polonia|Polônia|Польща|Россия|Росія
"""


@kept
def _place_names() -> frozenset[str]:
    """Every known place name: Babel's territories and the list above."""
    from babel import Locale  # heavy: load once, and only when discovery needs it

    names = {n.strip() for n in CITIES_AND_REGIONS.replace("\n", "|").split("|") if n.strip()}
    for code in BABEL_LOCALES:
        names.update(Locale.parse(code).territories.values())
    return frozenset(names)


@cache
def _place_keys(language: str) -> frozenset[str]:
    """Place names as written and as inflection-free keys of ``language``."""
    names = _place_names()
    return frozenset({n.casefold() for n in names} | {name_key(n, language) for n in names})


@kept
def _calendar_words() -> frozenset[str]:
    """Month and day names, written out in full (abbreviations such as French "sam."
    for samedi would swallow names), in the languages read."""
    from babel import Locale

    words: set[str] = set()
    for code in BABEL_LOCALES:
        locale = Locale.parse(code)
        for table in (locale.months, locale.days):
            for context in table.values():
                words.update(str(v).casefold() for v in context["wide"].values())
    return frozenset(words)


@kept
def _language_names() -> frozenset[str]:
    """Names of languages, in the languages read and in their own ("Polski", "English")."""
    from babel import Locale

    names: set[str] = set()
    for code in BABEL_LOCALES:
        locale = Locale.parse(code)
        names.update(n.casefold() for n in locale.languages.values())
        names.add(locale.get_display_name(code).casefold())
    return frozenset(names)


def is_language_name(word: str) -> bool:
    """Whether ``word`` names a language, as in run-together language menus."""
    return word.casefold() in _language_names()


def is_place(name: str, language: str) -> bool:
    """Whether ``name`` (in any case form) is a country, region or city we know."""
    keys = _place_keys(language)
    if name.casefold() in keys:
        return True
    key = name_key(name, language)
    return len(key.replace(" ", "")) >= 5 and key in keys  # short keys collide: "Samem", Samoa


def is_place_adjective(word: str, language: str) -> bool:
    """German adjectives of cities: "Frankfurter", "Münchner" (München), "Kölner"."""
    if language != "de" or not word.endswith("er") or len(word) < 6:
        return False
    return any(is_place(base, language) for base in (word[:-2], word[:-3] + "en", word[:-3]))


def is_calendar_word(word: str) -> bool:
    """Whether ``word`` is a month or a day of the week ("April", "marca", "Montag")."""
    return word.casefold().strip(".") in _calendar_words()
