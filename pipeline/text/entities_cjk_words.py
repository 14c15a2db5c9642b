"""Word lists for names in Japanese and Chinese text: titles, family names, company
words and the generic tails of organisation names with their English translation.

Data only; ``entities_cjk``, ``entities_cjk_orgs`` and ``entities_romanize`` read it.
"""

from __future__ import annotations

from .entities_words import words_of

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
    words_of("""佐藤 鈴木 高橋 田中 伊藤 渡辺 渡邉 山本 中村 小林 加藤 吉田 山田 佐々木 山口
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
    words_of("""王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 唐 许
    韩 冯 邓 曹 彭 曾 肖 田 董 袁 潘 于 蒋 蔡 余 杜 叶 程 苏 魏 吕 丁 任 沈 姚 卢 姜 崔 钟 谭 陆
    汪 范 金 石 廖 贾 夏 韦 付 方 白 邹 孟 熊 秦 邱 江 尹 薛 闫 段 雷 侯 龙 史 陶 黎 贺 顾 毛 郝
    龚 邵 万 钱 严 覃 武 戴 莫 孔 向 汤 欧阳 司马 诸葛 上官""")
)
# Characters that end a Chinese given name early: "郭建平在…" is 郭建平, "王伟表示" is 王伟.
ZH_STOP_CHARS = frozenset("在表说称是的等和与指认介透告也已就对于将并曾还向为今近")

# Words right before a company's name: "調査会社アオイ・リサーチ", "储能企业澜海新能".
JA_COMPANY_CUES = "調査会社|会社|企業|メーカー|大手|商社|ファンド|銀行|新興|スタートアップ|運営会社"
ZH_COMPANY_CUES = (
    "企业|公司|集团|机构|厂商|制造商|运营商|供应商|银行|券商|基金|平台|交易所|车企|事务所"
)
# Generic tails of organisation names and their English words ("" drops the tail,
# None romanizes it: 北斗精機 → Hokuto Seiki).
JA_KATAKANA_TAILS = {
    "ホールディングス": "Holdings",
    "グループ": "Group",
    "エナジー": "Energy",
    "エネルギー": "Energy",
    "リサーチ": "Research",
    "トレード": "Trade",
    "トレーディング": "Trading",
    "キャピタル": "Capital",
    "テクノロジーズ": "Technologies",
    "テクノロジー": "Technology",
    "システムズ": "Systems",
    "ラボ": "Lab",
    "バンク": "Bank",
    "パートナーズ": "Partners",
    "ベンチャーズ": "Ventures",
    "コンサルティング": "Consulting",
    "モーターズ": "Motors",
    "ネットワークス": "Networks",
    "ロボティクス": "Robotics",
    "エレクトロニクス": "Electronics",
    "ソリューションズ": "Solutions",
    "マテリアルズ": "Materials",
    "アナリティクス": "Analytics",
    "インダストリーズ": "Industries",
    "インベストメンツ": "Investments",
    "ペイメンツ": "Payments",
    "ファイナンス": "Finance",
    "モビリティ": "Mobility",
    "パワー": "Power",
    "バッテリー": "Battery",
    "デジタル": "Digital",
    "クラウド": "Cloud",
    "セミコンダクター": "Semiconductor",
}
# Tails that end only names ("…パートナーズ"), unlike "…バッテリー" or "…グループ",
# which also end common compounds ("リチウムイオンバッテリー", "ワーキンググループ").
JA_NAME_ONLY_TAILS = frozenset(
    words_of("""ホールディングス エナジー リサーチ トレーディング キャピタル
    テクノロジーズ システムズ パートナーズ ベンチャーズ モーターズ ネットワークス
    ロボティクス ソリューションズ マテリアルズ アナリティクス インダストリーズ
    インベストメンツ ペイメンツ""")
)
JA_KANJI_TAILS: dict[str, str | None] = {
    "総合研究所": "Research Institute",
    "研究所": "Research Institute",
    "総研": "Research Institute",
    "銀行": "Bank",
    "証券": "Securities",
    "自動車": "Motor",
    "重工業": "Heavy Industries",
    "電機": "Electric",
    "製薬": "Pharmaceutical",
    "化学": "Chemical",
    "保険": "Insurance",
    "精機": None,
    "電工": None,
    "化成": None,
    "工業": None,
    "製作所": None,
    "商事": None,
    "産業": None,
    "物産": None,
    "電子": None,
}
ZH_TAILS: dict[str, str | None] = {
    "股份有限公司": "",
    "有限公司": "",
    "集团": "Group",
    "控股": "Holdings",
    "银行": "Bank",
    "证券": "Securities",
    "资本": "Capital",
    "基金": "Fund",
    "研究院": "Research Institute",
    "研究所": "Research Institute",
    "科技": "Technology",
    "能源": "Energy",
    "新能源": "New Energy",
    "动力": "Power",
    "储能": "Energy Storage",
    "电子": "Electronics",
    "半导体": "Semiconductor",
    "汽车": "Auto",
    "电池": "Battery",
    "协会": "Association",
}
# Tails that a clause-initial name may end in without a company word before it.
ZH_NAME_ONLY_TAILS = (
    "股份有限公司",
    "有限公司",
    "集团",
    "控股",
    "银行",
    "证券",
    "研究院",
    "研究所",
)
# Words that open no company name: "公司日前宣布", "该公司", "多家企业".
ZH_NOT_NAME_START = (
    "日前|近日|今天|今日|昨日|此前|目前|同时|也|已|将|在|于|的|与|和|是|还|对|向|为|把|被|从|"
    "该|本|这|那|其|各|多|两|一|某|子|母|总|分|国内|海外|上市|大型|中小|商业|地方|外资|民营|国有|"
    "投资|城市|农村|数字|网络|中央|股份制|据|及|由|让|" + ZH_TITLES
)
# Company words that open no name: "国内の地方銀行", "外資系証券".
JA_GENERIC_PREFIXES = frozenset(
    words_of("""地方 国内 大手 外資 外資系 海外 主要 中央 民間 都市 投資 商業
    政府系 日系 米系 中堅 各 同 本 他 全 新 旧 国立 私立 公立 地銀 信託 ネット 系
    電気 一部 複数""")
)
# Common katakana loanwords of business news that follow company words without
# naming a company: "大手メーカー", "会社データ".
JA_KATAKANA_COMMON = frozenset(
    words_of("""メーカー ファンド グループ サービス システム データ ビジネス プラットフォーム ネット
    オンライン デジタル セキュリティ ソフト ソフトウェア チップ コスト リスク シェア トップ ブランド
    パートナー ユーザー モデル エネルギー バッテリー インフラ クラウド サーバー センター ライン
    プロジェクト ベンチャー スタートアップ ファンド オーナー グローバル アジア""")
)
