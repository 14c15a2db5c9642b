"""Word tables for recognising scraping noise in many languages.

Pure data, kept apart from the logic so a new language is one edit here. Every
entry is lower case; matching is case-insensitive. Languages covered at least:
en, pl, ja, zh, de, fr, es, it, pt, uk, ko, ru (plus a few neighbours).
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    """A set from whitespace-separated words, so long tables stay readable."""
    return frozenset(text.split())


# Language names as they appear in language switchers: endonyms, English
# exonyms and the common CJK/Korean/Slavic names for the big languages.
LANGUAGE_NAMES: tuple[str, ...] = (
    # endonyms
    "english", "français", "francais", "deutsch", "español", "espanol", "italiano",
    "português", "portugues", "polski", "українська", "українська мова", "русский",
    "русский язык", "日本語", "中文", "简体中文", "繁體中文", "繁体中文", "中文(简体)",
    "中文(繁體)", "한국어", "한어", "조선어", "nederlands", "svenska", "dansk", "norsk",
    "suomi", "suomalainen", "čeština", "česky", "slovenčina", "magyar", "română",
    "български", "српски", "srpski", "hrvatski", "slovenščina", "türkçe", "ελληνικά",
    "العربية", "עברית", "हिन्दी", "বাংলা", "ไทย", "tiếng việt", "bahasa indonesia",
    "bahasa melayu", "فارسی", "eesti", "latviešu", "lietuvių", "català", "euskara",
    "galego", "беларуская", "қазақша", "latina", "gaeilge", "cymraeg", "íslenska",
    "shqip", "македонски", "bosanski", "ქართული", "հայերեն", "azərbaycan", "oʻzbek",
    "اردو", "粵語", "廣東話", "filipino", "kiswahili", "afrikaans", "esperanto",
    # English exonyms
    "french", "german", "spanish", "italian", "portuguese", "polish", "ukrainian",
    "russian", "japanese", "chinese", "simplified chinese", "traditional chinese",
    "korean", "dutch", "swedish", "danish", "norwegian", "finnish", "czech", "slovak",
    "hungarian", "romanian", "bulgarian", "serbian", "croatian", "slovenian", "turkish",
    "greek", "arabic", "hebrew", "hindi", "bengali", "thai", "vietnamese", "indonesian",
    "malay", "persian", "estonian", "latvian", "lithuanian", "catalan", "basque",
    "galician", "belarusian", "kazakh", "latin", "sanskrit", "irish", "welsh",
    "icelandic", "albanian", "macedonian", "georgian", "armenian", "urdu",
    "cantonese", "mandarin", "swahili",
    # CJK, Korean and Slavic names of the big languages
    "英語", "英语", "日语", "日語", "中国語", "韓国語", "ドイツ語", "フランス語", "スペイン語",
    "ロシア語", "德语", "法语", "西班牙语", "俄语", "韩语", "韓語", "영어", "일본어",
    "중국어", "독일어", "프랑스어", "러시아어", "английский", "англійська", "украинский",
    "польский", "польська", "німецька", "немецкий",
)  # fmt: skip

# Language and country codes used as switcher labels ("EN | DE | PL").
LANGUAGE_CODES: frozenset[str] = _words(
    """
    en de fr es it pt pl uk ua ru ja jp zh cn tw hk ko kr nl sv se da dk no nb fi cs cz sk hu
    ro bg sr hr sl tr el gr ar he hi th vi id ms fa et lv lt ca eu gl be kk br
    """
)

# Tokens that make up share/print/comment/bookmark bars.
SHARE_VERBS: frozenset[str] = _words(
    """
    share shared teilen udostępnij udostepnij partager partagez compartir comparte
    condividi compartilhe compartilhar поділитися поделиться 分享 分享到 分享至 転送 转发
    シェア シェアする この記事をシェアする 共有 공유 공유하기 tweet post ポスト drucken print
    imprimir stampa imprimer drukuj друк друкувати печать 打印 印刷 인쇄 merken bookmark
    ブックマーク 保存 收藏 스크랩 zapisz salva guardar sauvegarder email e-mail mail courriel
    wyślij senden send envoyer enviar invia e-mailem skomentuj comment comments kommentieren
    kommentare commenter commenta comentar comentários comentarios коментувати коментарі
    комментировать комментарии コメント 评论 評論 댓글 copy kopiuj kopieren copier copiar
    copia копіювати копировать リンクをコピー 复制链接 복사 link lien enlace collegamento
    follow folgen obserwuj suivez síguenos seguici siga подписывайтесь підписуйтесь
    """
)

SOCIAL_NETWORKS: tuple[str, ...] = (
    "facebook", "twitter", "x", "linkedin", "whatsapp", "telegram", "reddit",
    "pinterest", "line", "weibo", "微信", "微博", "qq", "qq空间", "qzone", "wechat", "vk",
    "vkontakte", "вконтакте", "viber", "instagram", "threads", "bluesky", "mastodon",
    "flipboard", "xing", "hatena", "はてブ", "はてなブックマーク", "kakao", "카카오톡",
    "카카오스토리", "네이버", "밴드", "페이스북", "트위터", "messenger", "sms", "youtube",
    "tiktok", "wykop", "одноклассники",
)  # fmt: skip

# Little words that glue share verbs and network names together.
SHARE_GLUE: frozenset[str] = _words(
    """
    on via to na auf per su em no sur en по у в this article story page the it with
    us friends den artikel diesen ten artykuł artykul cet l'article questo articolo
    este artigo artículo esta noticia notícia статтею статтю статьей статью to 到 nas
    uns nous ci nos нас a friend friends
    """
)

COOKIE_WORDS: tuple[str, ...] = ("cookie", "ciasteczk", "クッキー", "쿠키", "куки", "кукі")

# Phrases by which a banner addresses the reader or names the site; a cookie
# sentence is only a banner when it also holds one of these.
BANNER_PHRASES: tuple[str, ...] = (
    # en
    "this site", "this website", "our site", "our website", "we use", "we and our partners",
    "you agree", "you consent", "you accept", "by continuing", "by clicking", "by using",
    "continue browsing", "accept all", "cookie policy", "cookie settings", "privacy policy",
    # de
    "wir verwenden", "wir nutzen", "diese seite", "diese website", "dieser website",
    "stimmen sie", "sie stimmen", "einverstanden", "nutzung der seite", "datenschutz",
    # pl
    "ta strona", "strona używa", "serwis używa", "używamy", "korzystając z",
    "wyrażasz zgodę", "polityka prywatności", "polityce prywatności",
    # fr
    "ce site", "notre site", "nous utilisons", "vous acceptez", "en poursuivant",
    "en continuant", "politique de confidentialité",
    # es
    "este sitio", "esta web", "utilizamos", "usamos", "aceptas", "al continuar",
    "si continúas", "política de privacidad",
    # it
    "questo sito", "utilizziamo", "usiamo", "acconsenti", "proseguendo", "chiudendo questo",
    # pt
    "este site", "você concorda", "ao continuar", "política de privacidade",
    # uk
    "ми використовуємо", "цей сайт", "на сайті", "погоджуєтеся", "погоджуєтесь",
    "залишаючись",
    # ru
    "мы используем", "этот сайт", "на сайте", "соглашаетесь", "продолжая",
    # ja
    "当サイト", "本サイト", "このサイト", "当ウェブサイト", "同意",
    # zh
    "本网站", "本站", "本網站", "我们使用", "我們使用", "继续浏览", "繼續瀏覽", "同意",
    # ko
    "이 사이트", "본 사이트", "당사는", "동의",
)  # fmt: skip

# "Read more"-style link labels; a line is noise when it is one of these alone
# or one of these followed by a colon and a linked headline.
READ_MORE: tuple[str, ...] = (
    # en
    "read more", "read also", "also read", "read next", "see also", "related",
    "related articles", "related article", "related stories", "related story",
    "more on this story", "more on this topic", "further reading", "recommended",
    "you may also like", "most read",
    # pl
    "czytaj także", "czytaj też", "czytaj również", "czytaj więcej", "zobacz także",
    "zobacz też", "zobacz również", "przeczytaj także", "przeczytaj też", "polecamy",
    # de
    "mehr zum thema", "lesen sie auch", "lesen sie mehr", "auch interessant", "weiterlesen",
    "mehr dazu", "das könnte sie auch interessieren",
    # fr
    "lire aussi", "à lire aussi", "a lire aussi", "lire la suite", "voir aussi",
    "sur le même sujet", "à lire également",
    # es
    "lee también", "leer más", "lea también", "te puede interesar", "ver también",
    "noticias relacionadas",
    # it
    "leggi anche", "leggi di più", "potrebbe interessarti", "vedi anche",
    # pt
    "leia mais", "leia também", "veja também", "saiba mais",
    # uk
    "читайте також", "читати також", "дивіться також", "читайте більше", "більше на тему",
    # ru
    "читайте также", "смотрите также", "см. также", "по теме", "еще по теме",
    "ещё по теме",
    # ja
    "関連記事", "あわせて読みたい", "合わせて読みたい", "続きを読む", "関連ニュース",
    # zh
    "阅读更多", "相关阅读", "延伸阅读", "相關閱讀", "延伸閱讀", "推荐阅读", "相关新闻",
    "相關新聞", "更多阅读", "猜你喜欢",
    # ko
    "관련기사", "관련 기사", "함께 볼만한 뉴스", "추천 기사", "더보기",
)  # fmt: skip

# Labels of photo credits and tag lists: short "Label: …" lines that are page furniture.
FURNITURE_LABELS: tuple[str, ...] = (
    "photo", "photos", "foto", "fotos", "fot.", "fot", "zdjęcie", "bild", "bilder", "image",
    "picture", "illustration", "grafik", "grafika", "video", "wideo", "写真", "画像", "图",
    "图片", "照片", "사진", "фото", "ілюстрація", "иллюстрация", "tags", "tag", "tagi",
    "schlagwörter", "stichwörter", "themen", "etichette", "argomenti", "étiquettes", "mots-clés",
    "etiquetas", "temas", "marcadores", "теги", "мітки", "теми", "темы", "标签", "タグ", "태그",
)  # fmt: skip

# Line openers of "updated at" notes.
UPDATE_WORDS: tuple[str, ...] = (
    "updated", "update", "last updated", "aktualisiert", "zuletzt aktualisiert",
    "aktualizacja", "zaktualizowano", "mis à jour", "actualizado", "actualización",
    "atualizado", "atualização", "aggiornato", "aggiornamento", "оновлено", "обновлено",
    "更新", "更新日時", "最終更新", "更新时间", "更新時間", "업데이트", "수정",
)  # fmt: skip

# Phrases of copyright footers.
RIGHTS_PHRASES: tuple[str, ...] = (
    "all rights reserved", "alle rechte vorbehalten", "wszelkie prawa zastrzeżone",
    "tous droits réservés", "todos los derechos reservados", "todos os direitos reservados",
    "riproduzione riservata", "tutti i diritti riservati", "всі права захищені",
    "усі права захищені", "все права защищены", "版权所有", "版權所有", "無断転載を禁じます",
    "無断転載禁止", "無断転載", "무단 전재 및 재배포 금지", "무단전재 및 재배포 금지",
    "무단 전재", "무단전재", "재배포 금지",
)  # fmt: skip

# Whole lines left over from site chrome (buttons, skip links, ad labels).
CHROME_LINES: frozenset[str] = frozenset(
    (
        "skip to content", "skip to main content", "menu", "search", "subscribe", "sign in",
        "log in", "login", "newsletter", "accept all", "accept", "manage preferences",
        "advertisement", "advertising", "sponsored", "anzeige", "werbung", "reklama",
        "pubblicità", "publicidade", "publicidad", "publicité", "реклама", "広告", "广告",
        "廣告", "광고", "同意する", "zum inhalt springen", "przejdź do treści", "home",
        "back to top", "nach oben", "do góry", "ページトップへ", "返回顶部",
    )
)  # fmt: skip

# First crumb of a breadcrumb trail or navigation row.
HOME_WORDS: frozenset[str] = frozenset(
    (
        "home", "startseite", "start", "strona główna", "accueil", "inicio", "início",
        "home page", "главная", "головна", "ホーム", "トップ", "首页", "首頁", "홈",
    )
)  # fmt: skip

# Words that, alone above a title, name a section rather than a story.
SECTION_WORDS: frozenset[str] = _words(
    """
    news nachrichten wiadomości wiadomosci actualités noticias notizie notícias новини
    новости ニュース 新闻 新聞 뉴스 breaking
    """
)

# Parts of a byline that describe the author's job, not the outlet.
ROLE_WORDS: tuple[str, ...] = (
    "staff writer", "reporter", "correspondent", "editor", "columnist", "contributor",
    "redakteur", "redakteurin", "korrespondent", "korrespondentin", "dziennikarz",
    "dziennikarka", "redaktor", "redaktorka", "journaliste", "envoyé spécial",
    "envoyée spéciale", "giornalista", "inviato", "inviata", "periodista", "corresponsal",
    "jornalista", "correspondente", "кореспондент", "корреспондент", "журналіст",
    "журналист", "記者", "记者", "기자", "特派員", "特派员", "특파원",
)  # fmt: skip

# Lower-case words that may sit inside a personal name.
NAME_PARTICLES: frozenset[str] = _words(
    """
    van von der den de da di del della dei la le du dos das do bin ibn al el ten ter zu
    y e i et and und & и і та ja og och
    """
)

# Capitalised words that start headlines, never names ("By The Numbers").
NOT_NAMES: frozenset[str] = _words(
    """
    the a an this that these those our my your his her its their what why how when
    where who new more all der die das ein eine le la les un une el los las il lo gli
    o os as um uma
    """
)
