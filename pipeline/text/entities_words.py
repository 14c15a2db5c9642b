"""Word lists for name matching and discovery: case endings, cue words, stop words.

Data only, so a language is added by editing lists. Every list is matched on
case-folded words; entries ending in "-" are prefixes (they cover inflected forms).
"""

from __future__ import annotations


def words_of(text: str) -> list[str]:
    """The words of a space-separated list (long vocabularies stay readable)."""
    return text.split()


# Case endings per language: an alias "Altman" also matches "Altmanem", "Nvidia"
# matches "Nvidii" (stem "Nvidi" + "i"). Languages not listed do not inflect names.
_PL = "a e i o u y ą ę em ie iem ii ią ię iu ów om ach ami owi owie ego emu ej ym im ymi imi"
_PL += " iego iemu iej ich ych 'a 'u 'em 'owi ’a ’u ’em ’owi"
_UK = "а я у ю і и е є о ом ем єм ою ею єю ій ий ого ому им ім их іх ах ях ами ями ові еві"
_UK += " єві ів їв ей ям ам"
_RU = "а я у ю и ы е о ом ем ой ей ою ею ий ый ого его ому ему им ым их ых ах ях ами ями ов ев"
_SLAVIC_LATIN = _PL + " ou ého ému ém ým ové ovi ů ách"
ENDINGS: dict[str, tuple[str, ...]] = {
    "pl": tuple(_PL.split()),
    "cs": tuple(_SLAVIC_LATIN.split()),
    "sk": tuple(_SLAVIC_LATIN.split()),
    "sl": tuple(_SLAVIC_LATIN.split()),
    "hr": tuple(_SLAVIC_LATIN.split()),
    "uk": tuple(_UK.split()),
    "ru": tuple(_RU.split()),
    "be": tuple(_RU.split()),
    "bg": tuple(_RU.split()),
    "de": ("s", "es", "n", "en", "e", "er", "em", "ns"),
}
# Final letters dropped before adding an ending ("Nvidia" → "Nvidi" + "ą").
STEM_VOWELS = frozenset("aeiouyąęóаяоеєиіїйьюуы")
# Polish consonant alternations before -e/-ie ("Polska" ~ "Polsce", "Praga" ~ "Pradze");
# keys also write "ó" as "o" ("Kraków" ~ "Krakowie").
POLISH_ALTERNATIONS = (("szc", "szt"), ("sc", "sk"), ("dz", "g"), ("rz", "r"))

# Lower-case words that may join the capitalised words of an organisation's name
# ("Bank of Poland", "Banco do Brasil", "Ministero degli Affari Esteri").
CONNECTORS = frozenset(
    words_of("""of for and the & de do da dos das di del della dello dei degli delle e per für und
    van von der des du la le el y et i z""")
)
# Particles inside people's names ("Joost van Dam", "Ursula von der Leyen").
# "der"/"den" only after "van"/"von" ("Nutzung der Seite" is no name).
NAME_PARTICLES = frozenset(words_of("van von de da di del dos das du le la ten ter"))
SECOND_PARTICLES = frozenset(words_of("der den de la"))
# Conjunctions split a run unless the result is clearly an organisation's name.
CONJUNCTIONS = frozenset(words_of("and & e und i y et"))

# Capitalised words that are never part of a name (sentence openers, pronouns...),
# per language: "Las" is Spanish "the" but a Polish forest ("Miedziany Las").
_STOP_WORDS = {
    "en": """a an the this that these those there their its it he she we they you i our my his
    her in on at by for from with without under over after before during since until as of to
    and or but if when while where which who what why how all any each every some many most more
    no not one two three four five yes also even only just still yet so thus however although
    though because both either neither nor other such than then now today yesterday tomorrow
    according read share published updated copy email print mr mrs ms dr prof majority""",
    "de": """der die das den dem des ein eine einer eines einem einen im am vom zum zur beim und
    oder aber wenn als auch nach vor mit für bei seit wie wir sie er es ihr mehr quelle von zu
    mehrheit laut gemäß zufolge seitens dank trotz wegen jedoch zudem außerdem bereits""",
    "it": """il lo la le gli i un una uno del della dei degli nel nella sul sulla per con da di
    tra fra secondo anche ma se come questo questa quello quella leggi condividi riproduzione
    maggioranza stando""",
    "pt": """o a os as um uma uns umas no na nos nas do da dos das em com por para pelo pela ao
    aos segundo também mas se como este esta esse essa isso leia fonte compartilhe atualizado
    maioria conforme""",
    "pl": """w we z ze na do od po o u za przez dla przy i a ale lub czy to ten ta te tym jak jej
    jego ich nasz nasze według czytaj udostępnij autor także jednak ponad nawet jeśli jeżeli
    gdy kiedy zdaniem wśród większość część połowa""",
    "uk": """в у на з із зі до від по за для про при та і й а але чи як це цей ця ці його її їх
    після згідно читайте поділитися також проте однак більшість""",
    "ru": """в во на с со из от по за для при и а но или как это этот эта его ее их после
    большинство""",
    "fr": """le la les un une des du au aux en et ou mais pour par sur dans avec selon""",
    "es": """el la los las unos unas del al en y o pero para por con según""",
}
STOP_WORDS_BY_LANGUAGE = {code: frozenset(words_of(text)) for code, text in _STOP_WORDS.items()}
STOP_WORDS = frozenset().union(*STOP_WORDS_BY_LANGUAGE.values())


def stop_words(language: str) -> frozenset[str]:
    """The article language's stop words and English ones (quoted names, menus);
    every language's for a language without a list of its own."""
    own = STOP_WORDS_BY_LANGUAGE.get(language)
    return STOP_WORDS if own is None else own | STOP_WORDS_BY_LANGUAGE["en"]


# Words that introduce a name but are not part of it ("Chief executive Maya
# Osei", "Vorstandschef Henrik Malmberg"); they also mark a person.
PERSON_TITLES = frozenset(
    words_of("""mr mrs ms dr prof president vice-president chairman chairwoman chair ceo cfo cto coo
    minister prime senator governor mayor director chief analyst economist partner founder
    co-founder spokesman spokeswoman spokesperson professor judge lawyer attorney herr frau
    präsident präsidentin minister ministerin bundeskanzler kanzler vorstandschef
    vorstandschefin chef chefin analyst analystin ökonom ökonomin gründer gründerin sprecher
    sprecherin direktor direktorin geschäftsführer geschäftsführerin experte expertin pan pani
    prezes prezeska dyrektor dyrektorka minister premier analityk analityczka ekonomista
    ekonomistka założyciel założycielka rzecznik rzeczniczka profesor presidente ministro
    ministra direttore direttrice amministratore analista economista fondatore avvocato avvocata
    portavoce professore professoressa diretor diretora ministra economista fundador fundadora
    porta-voz professor professora президент міністр голова директор директорка аналітик
    аналітикиня економіст економістка засновник співзасновник партнер партнерка речник професор
    прем'єр-міністр министр глава директор аналитик экономист основатель""")
)
# German compound nouns that open a run as descriptors, by the word they end in:
# "Finanzvorstand Markus Steiner" (a person), "Halbleiterhersteller Elbchip" (a firm).
GERMAN_PERSON_DESCRIPTORS = tuple(
    words_of("""chef chefin vorstand vorständin analyst analystin sprecher sprecherin leiter
    leiterin experte expertin ökonom ökonomin gründer gründerin berater beraterin minister
    ministerin präsident präsidentin direktor direktorin manager managerin""")
)
GERMAN_ORG_DESCRIPTORS = tuple(
    words_of("""hersteller herstellers anbieter anbieters konzern konzerns unternehmen unternehmens
    haus hauses gruppe händler händlers versicherer versicherers betreiber betreibers zulieferer
    zulieferers entwickler entwicklers dienstleister dienstleisters firma startup start-up bauer
    bauers versorger versorgers produzent produzenten spezialist spezialisten""")
)

# Words (or prefixes with "-") that make a name an organisation.
ORG_WORDS = frozenset(
    words_of("""bank bancorp banco banca capital partners ventures group holdings holding research
    analytics insights labs lab technologies technology tech systems solutions networks energy
    power motors motor airlines air airways payments pay exchange markets securities finance
    financial insurance fund funds cloud digital media news times post journal weekly daily
    review tracker wire bureau ministry department commission authority agency office council
    parliament institute university college association federation foundation corporation corp
    company co inc inc. ltd ltd. llc plc ag gmbh sa s.a. spa s.p.a. srl nv bv ab asa oy trust
    consulting advisors advisory risk logistics robotics semiconductor semiconductors
    electronics electric pharma therapeutics biotech telecom software ai observatory court
    tribunal committee board services reserve industries international ministerium bundesamt
    bundesanstalt amt behörde kommission rat institut universität stiftung verband gruppe
    konzern se kg ministero commissione consiglio parlamento autorità agenzia istituto
    università fondazione osservatorio associazione gruppo società cassa caixa ministério
    comissão conselho agência instituto universidade fundação associação grupo cooperativa
    empresa companhia fundusz- grupa- ministerstw- urząd- urzęd- komisj- instytut- uniwersyte-
    fundacj- stowarzyszeni- spółk- giełd- maklersk- towarzystw- zakład- przedsiębiorstw- agencj-
    izb- sieci biur- energia energii energię energie énergie tecnologia tecnologias
    technologie technologia sistemas sistemi systemy soluções soluzioni investimentos
    investimenti inwestycje mines mining mineração agro logística logistica logistyka seguros
    assicurazioni ubezpieczenia pagamentos pagamenti serviços servizi indústria industria
    industrie chimica química farma fonderia acciaierie vetrerie cantieri officine costruzioni
    participações банк- рада- ради- раді- комісі- міністерств- служб- агентств- інститут-
    університет- фонд- груп- асоціаці- компані- біржа біржі біржу 銀行 証券 ホールディングス
    グループ 株式会社 公司 集团 银行""")
)
# German compounds ending in these words are organisations: "Volksbank", "Sparkasse".
GERMAN_ORG_ENDINGS = tuple(
    words_of("""bank kasse werke werk versicherung konzern gruppe holding stiftung institut
    verband behörde ministerium amt agentur börse""")
)
# Company nouns that introduce a name but never begin one, even capitalised at the
# start of a sentence: "Spółka Kolejowe Systemy", "Компанія «Смарт Енерджі»".
COMPANY_NOUNS = frozenset(
    words_of("""company firm start-up startup fintech spółka- firma firmy firmie firmę firmą
    empresa azienda компанія компанії компанію компанією фірма фірми фірму unternehmen""")
)
# Words that introduce an organisation's name ("the firm Veltrion", "юридичної фірми Dnipro Law").
ORG_DESCRIPTORS = frozenset(
    words_of("""company firm start-up startup provider operator bank exchange platform fund insurer
    carrier processor newsletter consultancy lender maker manufacturer group developer retailer
    regulator agency spółka- firm- fundusz- bank- giełd- operator- dostawc- ubezpieczyciel-
    start-up- unternehmen- firma anbieter- konzern- beratungshaus startup- bank- börse- azienda
    società banca gruppo fondo operatore produttore startup empresa cooperativa consultoria
    banco fintech operadora seguradora fundacj- instytut- stowarzyszeni- компані- фірм- бірж-
    банк- фонд- оператор- стартап- платформ- cooperative investor""")
)
# Capitalised words that make a run a law, a product or a project, not an entity.
NON_ENTITY_WORDS = frozenset(
    words_of("""act regulation directive law bill treaty code regulamento regolamento richtlinie
    gesetz verordnung ustawa dyrektywa rozporządzenie lei decreto закон директива регламент
    index indeks""")
)
# Adjectives of direction that make "Northern Virginia", "Eastern Europe" places.
DIRECTIONS = frozenset(
    words_of("""north south east west northern southern eastern western central upper lower greater
    nord süd ost west nord- süd- mittel- północn- południow- wschodni- zachodni- środkow-
    centrale settentrionale meridionale norte sul leste oeste central північн- південн- східн-
    західн- центральн-""")
)
# Verbs after a single capitalised word that show it is an actor ("Veltrion said").
SPEECH_VERBS = frozenset(
    words_of("""said says told announced reported declined stated added warned expects plans sagte
    sagt teilte erklärte kündigte mówi powiedział powiedziała poinformował poinformowała
    zapowiada podkreśla dodał dodała afirmou disse informou anunciou ha dichiarato spiega
    afferma ha annunciato каже заявив заявила повідомив повідомила зазначив зазначила сказал
    заявил""")
)
# Social networks and other words of page furniture that are never discovered.
FURNITURE = frozenset(
    words_of("""facebook linkedin whatsapp telegram twitter instagram youtube tiktok email e-mail
    cookie cookies newsletter rights reserved""")
)
