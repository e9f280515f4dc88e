"""The general texts of the public portal in Czech, English and Ukrainian.

Each key maps a language to (title, text). Texts use a small plain markup (see
``kmb.portal.templatetags.portal``): an empty line starts a paragraph, lines starting with
"- " make a list, a line starting with "## " is a heading. Web addresses become links.

These are the defaults shipped with the application. The migration
``0002_default_content`` copies them into the database, where an administrator can change
them; a page falls back to this file only when a row is missing. Keep sentences short and
plain: many readers are under stress, some read Czech as a second language.
"""

from __future__ import annotations

Entry = tuple[str, str]


def _t(cs: Entry, en: Entry, uk: Entry) -> dict[str, Entry]:
    return {"cs": cs, "en": en, "uk": uk}


def _label(cs: str, en: str, uk: str) -> dict[str, Entry]:
    return _t((cs, ""), (en, ""), (uk, ""))


DEFAULTS: dict[str, dict[str, Entry]] = {
    # ----------------------------------------------------------------------------------
    # Home page
    # ----------------------------------------------------------------------------------
    "landing.intro": _t(
        ("Kam se obrátit, když je problém s bydlením",
         "Poradíme vám zdarma a bez registrace. Odpovězte na pár otázek a dozvíte se, co "
         "udělat hned, kdo vám pomůže a co si vzít s sebou."),
        ("Where to turn with a housing problem",
         "Free advice, no account needed. Answer a few questions and find out what to do "
         "now, who can help you and what to bring."),
        ("Куди звернутися, коли є проблема з житлом",
         "Безкоштовна порада, без реєстрації. Дайте відповідь на кілька запитань і "
         "дізнайтеся, що робити зараз, хто вам допоможе і що взяти з собою."),
    ),
    "landing.emergency": _t(
        ("Jste v ohrožení?",
         "Volejte 112. Pomoc obětem trestných činů a domácího násilí: 116 006 (nonstop, "
         "zdarma)."),
        ("Are you in danger?",
         "Call 112. Help for victims of crime and domestic violence: 116 006 (day and "
         "night, free of charge)."),
        ("Вам загрожує небезпека?",
         "Телефонуйте 112. Допомога жертвам злочинів і домашнього насильства: 116 006 "
         "(цілодобово, безкоштовно)."),
    ),
    "landing.finder": _t(
        ("Najděte své kontaktní místo",
         "Napište název obce. Ukážeme adresu, úřední hodiny a telefon kontaktního místa pro "
         "bydlení, které vám pomůže."),
        ("Find your contact point",
         "Type the name of your municipality. We show the address, opening hours and phone "
         "of the housing contact point that helps you."),
        ("Знайдіть свій контактний пункт",
         "Введіть назву населеного пункту. Ми покажемо адресу, години роботи й телефон "
         "контактного пункту з питань житла, який вам допоможе."),
    ),
    "landing.request": _t(
        ("Požádejte o konzultaci online",
         "Napište nám, o co jde, a poradce se vám ozve. Stačí přezdívka a telefon nebo "
         "e-mail."),
        ("Ask for a consultation online",
         "Tell us what it is about and an adviser will get back to you. A nickname and a "
         "phone number or e-mail are enough."),
        ("Попросіть про консультацію онлайн",
         "Напишіть, про що йдеться, і консультант з вами зв'яжеться. Достатньо псевдоніма "
         "та телефону або e-mail."),
    ),
    "entry.lose_home": _t(
        ("Můžu přijít o bydlení",
         "Mám výpověď, musím odejít nebo mi hrozí vystěhování."),
        ("I may lose my home",
         "I got a notice to quit, I have to leave, or I could be evicted."),
        ("Я можу втратити житло",
         "Мені надіслали повідомлення про розірвання оренди, я маю виїхати або мені "
         "загрожує виселення."),
    ),
    "entry.tonight": _t(
        ("Dnes v noci nemám kde spát", "Co udělat hned a kde najít nocleh."),
        ("I have nowhere to sleep tonight", "What to do right now and where to find a bed."),
        ("Мені сьогодні ніде ночувати", "Що зробити негайно і де знайти нічліг."),
    ),
    "entry.cannot_pay": _t(
        ("Nemám na nájem nebo energie",
         "Dlužím nájemné, zálohy nebo za elektřinu a plyn."),
        ("I cannot pay the rent or energy",
         "I owe rent, service charges, or money for electricity and gas."),
        ("Мені нема чим платити оренду чи енергію",
         "Маю борг за оренду, комунальні послуги або електрику й газ."),
    ),
    "entry.unfit": _t(
        ("Bydlím v nevyhovujících podmínkách",
         "Byt je vlhký, poškozený nebo nás v něm bydlí příliš mnoho."),
        ("I live somewhere unfit or overcrowded",
         "The flat is damp or damaged, or too many of us live there."),
        ("Я живу в непридатних або тісних умовах",
         "Житло вологе, пошкоджене або в ньому живе забагато людей."),
    ),
    "entry.looking": _t(
        ("Hledám byt", "Obecní byty, sociální bydlení a pomoc s kaucí."),
        ("I am looking for a flat", "Municipal flats, social housing and help with a deposit."),
        ("Я шукаю квартиру", "Муніципальні квартири, соціальне житло та допомога із заставою."),
    ),
    "entry.debts": _t(
        ("Mám dluhy nebo exekuce",
         "Kde najít bezplatnou dluhovou poradnu a jak si ochránit bydlení."),
        ("I have debts or enforcement",
         "Where to find free debt counselling and how to protect your home."),
        ("У мене борги або виконавче провадження",
         "Де знайти безкоштовну боргову консультацію і як захистити своє житло."),
    ),
    "entry.landlord": _t(
        ("Jsem pronajímatel nebo SVJ",
         "Jak vám kontaktní místo pomůže s nájemníky a s bydlením s ručením."),
        ("I am a landlord or an owners' association",
         "How the contact point helps with tenants and with guaranteed tenancy."),
        ("Я орендодавець або об'єднання власників (SVJ)",
         "Як контактний пункт допоможе з орендарями та з орендою з гарантією."),
    ),
    # ----------------------------------------------------------------------------------
    # Short answers
    # ----------------------------------------------------------------------------------
    "answer.landlord": _t(
        ("Pro pronajímatele a společenství vlastníků",
         "Kontaktní místo pro bydlení radí i pronajímatelům, správcům domů a výborům SVJ. "
         "Je to zdarma.\n\n"
         "## S čím vám poradíme\n"
         "- Nájemník neplatí nebo má potíže. Pomůžeme domluvit splátky a najít mu podporu "
         "dřív, než dluh naroste.\n"
         "- Chcete pronajmout byt lidem, kteří hledají bydlení. Propojíme vás se zájemci a s "
         "organizacemi, které je podporují.\n"
         "- Řešíte soužití v domě nebo zanedbaný byt. Poradíme, kdo může pomoci.\n\n"
         "## Bydlení s ručením\n"
         "Od července 2026 můžete pronajmout byt v rámci podpory bydlení podle zákona "
         "o podpoře bydlení. Poskytovatel vám ručí za nájemné, zálohy na služby a případné "
         "škody. Účast je dobrovolná.\n\n"
         "Zeptejte se ve svém kontaktním místě, jak to funguje ve vaší obci."),
        ("For landlords and owners' associations",
         "The housing contact point also advises landlords, building managers and the "
         "boards of owners' associations (SVJ). It is free.\n\n"
         "## What we help with\n"
         "- A tenant does not pay or is in difficulty. We help agree on repayments and find "
         "support for them before the debt grows.\n"
         "- You want to let a flat to people who are looking for a home. We connect you "
         "with applicants and the organisations that support them.\n"
         "- There are problems with living together in the building, or a neglected flat. "
         "We tell you who can help.\n\n"
         "## Guaranteed tenancy\n"
         "From July 2026 you can let a flat within housing support under the housing "
         "support act. A provider guarantees the rent, service advances and any damage. "
         "Taking part is voluntary.\n\n"
         "Ask your contact point how it works in your municipality."),
        ("Для орендодавців та об'єднань власників",
         "Контактний пункт з питань житла консультує також орендодавців, керівників "
         "будинків і правління об'єднань власників (SVJ). Це безкоштовно.\n\n"
         "## З чим ми допоможемо\n"
         "- Орендар не платить або має труднощі. Допоможемо домовитися про виплату "
         "частинами і знайти для нього підтримку, поки борг не виріс.\n"
         "- Ви хочете здати квартиру людям, які шукають житло. Ми зв'яжемо вас із "
         "зацікавленими та з організаціями, які їх підтримують.\n"
         "- У будинку є проблеми із співжиттям або занедбана квартира. Порадимо, хто може "
         "допомогти.\n\n"
         "## Оренда з гарантією\n"
         "З липня 2026 року можна здавати квартиру в рамках підтримки житла згідно із "
         "законом про підтримку житла. Постачальник гарантує вам оплату оренди, авансів за "
         "послуги та можливої шкоди. Участь добровільна.\n\n"
         "Запитайте у своєму контактному пункті, як це працює у вашій громаді."),
    ),
    # ----------------------------------------------------------------------------------
    # Navigator questions (title: the question or the option, text: a hint)
    # ----------------------------------------------------------------------------------
    "q.housing": _t(
        ("Kde teď bydlíte?", "Vyberte, co nejlépe odpovídá."),
        ("Where do you live now?", "Choose what fits best."),
        ("Де ви зараз живете?", "Виберіть, що найкраще підходить."),
    ),
    "q.housing.rented": _label("V nájemním bytě nebo domě", "In a rented flat or house",
                               "В орендованій квартирі або будинку"),
    "q.housing.owner": _label("Ve vlastním nebo družstevním bytě či domě",
                              "In my own or cooperative flat or house",
                              "У власній або кооперативній квартирі чи будинку"),
    "q.housing.family": _label("U příbuzných nebo známých, nebo bez nájemní smlouvy",
                               "With family or friends, or without a lease",
                               "У родичів або знайомих, або без договору оренди"),
    "q.housing.hostel": _label("Na ubytovně", "In a hostel (ubytovna)",
                               "У гуртожитку (ubytovna)"),
    "q.housing.shelter": _label("V azylovém domě nebo na noclehárně",
                                "In a shelter or night shelter", "У притулку або нічліжці"),
    "q.housing.institution": _label(
        "V nemocnici, věznici, dětském domově nebo jiném zařízení",
        "In a hospital, prison, children's home or other institution",
        "У лікарні, в'язниці, дитячому будинку або іншому закладі"),
    "q.housing.none": _label("Nikde – jsem na ulici nebo nemám kde spát",
                             "Nowhere – I am on the street or have nowhere to sleep",
                             "Ніде – я на вулиці або мені ніде спати"),
    "q.housing.other": _label("Jinde (chatka, karavan, garáž…)",
                              "Somewhere else (a hut, caravan, garage…)",
                              "Деінде (хатинка, будинок на колесах, гараж…)"),
    "q.threat": _t(
        ("Co se děje?", "Můžete vybrat více možností."),
        ("What is happening?", "You can choose more than one."),
        ("Що відбувається?", "Можна вибрати кілька варіантів."),
    ),
    "q.threat.notice": _label("Mám výpověď z nájmu nebo mi hrozí vystěhování",
                              "I got a notice to quit or may be evicted",
                              "Мені надіслали повідомлення про розірвання оренди або "
                              "загрожує виселення"),
    "q.threat.arrears": _label("Nemám na nájem nebo energie, dlužím je",
                               "I cannot pay rent or energy, or I owe it",
                               "Мені нема чим платити оренду чи енергію, маю борг"),
    "q.threat.debts": _label("Mám jiné dluhy nebo exekuce",
                             "I have other debts or enforcement (exekuce)",
                             "Маю інші борги або виконавче провадження (exekuce)"),
    "q.threat.must_leave": _label(
        "Musím odejít z místa, kde teď jsem (ubytovna, známí, zařízení)",
        "I have to leave where I stay now (hostel, friends, institution)",
        "Я маю піти з місця, де зараз живу (гуртожиток, знайомі, заклад)"),
    "q.threat.violence": _label("Doma zažívám násilí nebo výhrůžky",
                                "I face violence or threats at home",
                                "Вдома я зазнаю насильства або погроз"),
    "q.threat.unfit": _label("Byt je nevyhovující nebo přelidněný",
                             "My home is unfit or overcrowded",
                             "Житло непридатне або перенаселене"),
    "q.threat.looking": _label("Hledám jiné nebo levnější bydlení",
                               "I am looking for another or cheaper home",
                               "Шукаю інше або дешевше житло"),
    "q.threat.other": _label("Něco jiného", "Something else", "Щось інше"),
    "q.when": _t(
        ("Do kdy musíte odejít nebo můžete přijít o bydlení?",
         "Pokud to nevíte přesně, odhadněte."),
        ("By when must you leave, or could you lose your home?",
         "If you do not know exactly, make a guess."),
        ("До якого часу ви маєте виїхати або можете втратити житло?",
         "Якщо точно не знаєте, оцініть приблизно."),
    ),
    "q.when.now": _label("Dnes – nemám kde spát", "Today – I have nowhere to sleep",
                         "Сьогодні – мені ніде спати"),
    "q.when.week": _label("Do týdne", "Within a week", "Протягом тижня"),
    "q.when.month": _label("Do měsíce", "Within a month", "Протягом місяця"),
    "q.when.quarter": _label("Do tří měsíců", "Within three months", "Протягом трьох місяців"),
    "q.when.later": _label("Později nebo nevím", "Later, or I do not know",
                           "Пізніше або не знаю"),
    "q.when.no_risk": _label("O bydlení mi nehrozí přijít", "I am not at risk of losing my home",
                             "Мені не загрожує втрата житла"),
    "q.municipality": _t(
        ("Ve které obci bydlíte nebo se zdržujete?",
         "Napište název obce, její části nebo PSČ. Podle toho najdeme kontaktní místo, které "
         "vám pomůže."),
        ("Which municipality do you live or stay in?",
         "Type the name of the municipality, a part of it, or the postal code. This tells us "
         "which contact point helps you."),
        ("У якому населеному пункті ви живете або перебуваєте?",
         "Введіть назву населеного пункту, його частини або поштовий індекс. Так ми знайдемо "
         "контактний пункт, який вам допоможе."),
    ),
    "q.district": _t(
        ("Ve které městské části?",
         "Velká města mají kontaktní místa i v městských částech. Když nevíte, vyberte "
         "„Nevím“ – ukážeme kontaktní místo celého města."),
        ("Which city district?",
         "Large cities also have contact points in their districts. If you do not know, "
         "choose “I do not know” and we show the contact point for the whole city."),
        ("У якому районі міста?",
         "Великі міста мають контактні пункти і в районах. Якщо не знаєте, виберіть «Не "
         "знаю» – ми покажемо контактний пункт для всього міста."),
    ),
    "q.district.unknown": _label("Nevím", "I do not know", "Не знаю"),
    "q.household": _t(
        ("Kdo s vámi bydlí?", "Můžete vybrat více možností."),
        ("Who lives with you?", "You can choose more than one."),
        ("Хто живе з вами?", "Можна вибрати кілька варіантів."),
    ),
    "q.household.alone": _label("Bydlím sám nebo sama", "I live alone", "Я живу сам або сама"),
    "q.household.partner": _label("Manžel, manželka nebo partner či partnerka",
                                  "A husband, wife or partner", "Чоловік, дружина або партнер"),
    "q.household.children": _label("Děti do 18 let", "Children under 18", "Діти до 18 років"),
    "q.household.senior": _label("Člověk starší 68 let nebo v důchodu",
                                 "Someone aged 68 or older, or retired",
                                 "Людина віком 68 років і старше або на пенсії"),
    "q.household.disability": _label("Člověk se zdravotním postižením nebo dlouhodobou nemocí",
                                     "Someone with a disability or long-term illness",
                                     "Людина з інвалідністю або тривалою хворобою"),
    "q.household.other_adults": _label("Další dospělí", "Other adults", "Інші дорослі"),
    "q.income": _t(
        ("Kolik peněz má vaše domácnost zhruba za měsíc?",
         "Všechny příjmy všech, kdo s vámi bydlí, po zdanění: mzda, důchod, dávky, výživné."),
        ("Roughly how much money does your household have each month?",
         "All income of everyone who lives with you, after tax: wages, pensions, benefits, "
         "maintenance."),
        ("Скільки приблизно грошей має ваше домогосподарство щомісяця?",
         "Усі доходи всіх, хто живе з вами, після сплати податків: зарплата, пенсія, "
         "допомоги, аліменти."),
    ),
    "q.income.none": _label("Skoro nic", "Almost nothing", "Майже нічого"),
    "q.income.under_10k": _label("Do 10 000 Kč", "Up to CZK 10,000", "До 10 000 крон"),
    "q.income.under_20k": _label("10 000 až 20 000 Kč", "CZK 10,000 to 20,000",
                                 "Від 10 000 до 20 000 крон"),
    "q.income.under_35k": _label("20 000 až 35 000 Kč", "CZK 20,000 to 35,000",
                                 "Від 20 000 до 35 000 крон"),
    "q.income.over_35k": _label("Více než 35 000 Kč", "More than CZK 35,000",
                                "Понад 35 000 крон"),
    "q.income.unknown": _label("Nevím nebo nechci uvést", "I do not know or prefer not to say",
                               "Не знаю або не хочу вказувати"),
    "q.benefits": _t(
        ("Dostáváte dávku státní sociální pomoci („superdávku“)?",
         "Je to dávka od Úřadu práce. Od října 2025 nahradila mimo jiné příspěvek a doplatek "
         "na bydlení."),
        ("Do you get the state social assistance benefit (the “superdávka”)?",
         "It is a benefit from the Labour Office. Since October 2025 it has replaced, among "
         "others, the housing allowance and the housing supplement."),
        ("Чи отримуєте ви допомогу державної соціальної підтримки («супердопомогу»)?",
         "Це допомога від Управління праці. З жовтня 2025 року вона замінила, зокрема, "
         "допомогу на житло і доплату на житло."),
    ),
    "q.benefits.receiving": _label("Ano, dostávám ji", "Yes, I get it", "Так, отримую"),
    "q.benefits.applied": _label("Žádost už je podaná", "I have applied", "Заяву вже подано"),
    "q.benefits.no": _label("Ne", "No", "Ні"),
    "q.benefits.unknown": _label("Nevím", "I do not know", "Не знаю"),
    # ----------------------------------------------------------------------------------
    # Navigator result
    # ----------------------------------------------------------------------------------
    "result.intro": _t(
        ("Co dělat teď",
         "Tady je postup podle vašich odpovědí. Začněte tím nejnaléhavějším. Stránku si "
         "můžete uložit do záložek nebo vytisknout – vaše odpovědi nikam neukládáme."),
        ("What to do now",
         "Here are the steps for your answers. Start with the most urgent. You can bookmark "
         "or print this page – we do not store your answers."),
        ("Що робити зараз",
         "Ось кроки відповідно до ваших відповідей. Почніть з найтерміновішого. Цю сторінку "
         "можна додати в закладки або надрукувати – ми не зберігаємо ваші відповіді."),
    ),
    "advice.emergency_night": _t(
        ("Najděte nocleh na dnešní noc",
         "- Noclehárny a azylové domy přijímají lidi na noc. Kde jsou, ví kontaktní místo, "
         "sociální odbor obecního úřadu nebo městská policie.\n"
         "- Zavolejte nebo přijďte do kontaktního místa ještě dnes. Když má zavřeno, obraťte "
         "se na sociální odbor obecního úřadu.\n"
         "- Přes den můžete jít do denního centra pro lidi bez domova.\n"
         "- Jste v ohrožení nebo potřebujete lékaře? Volejte 112."),
        ("Find a bed for tonight",
         "- Night shelters and shelters take people in for the night. The contact point, "
         "the social department of the municipal office or the municipal police know "
         "where they are.\n"
         "- Call or visit the contact point today. If it is closed, go to the social "
         "department of the municipal office.\n"
         "- During the day you can go to a day centre for homeless people.\n"
         "- In danger or need a doctor? Call 112."),
        ("Знайдіть нічліг на сьогоднішню ніч",
         "- Нічліжки та притулки приймають людей на ніч. Де вони, знає контактний пункт, "
         "соціальний відділ місцевої управи або міська поліція.\n"
         "- Зателефонуйте або прийдіть до контактного пункту ще сьогодні. Якщо він "
         "зачинений, зверніться до соціального відділу місцевої управи.\n"
         "- Удень можна піти до денного центру для людей без домівки.\n"
         "- Вам загрожує небезпека або потрібен лікар? Телефонуйте 112."),
    ),
    "advice.danger": _t(
        ("Bezpečí je na prvním místě",
         "- Když vám hrozí nebezpečí, volejte 112 nebo policii 158.\n"
         "- Policie může násilnou osobu vykázat ze společného bydlení na 10 dní. Vy můžete "
         "zůstat doma.\n"
         "- Linka pomoci obětem 116 006 radí nonstop a zdarma.\n"
         "- Intervenční centra a azylové domy pro oběti domácího násilí pomohou najít "
         "bezpečné místo."),
        ("Your safety comes first",
         "- If you are in danger, call 112 or the police on 158.\n"
         "- The police can order a violent person out of your shared home for 10 days. You "
         "can stay at home.\n"
         "- The victims' helpline 116 006 gives advice day and night, free of charge.\n"
         "- Intervention centres and shelters for victims of domestic violence help you find "
         "a safe place."),
        ("Безпека понад усе",
         "- Якщо вам загрожує небезпека, телефонуйте 112 або в поліцію 158.\n"
         "- Поліція може вислати особу, яка чинить насильство, зі спільного житла на 10 днів. "
         "Ви можете залишитися вдома.\n"
         "- Лінія допомоги жертвам 116 006 консультує цілодобово і безкоштовно (чеською "
         "мовою).\n"
         "- Інтервенційні центри та притулки для жертв домашнього насильства допоможуть "
         "знайти безпечне місце."),
    ),
    "advice.contact_point": _t(
        ("Obraťte se na kontaktní místo pro bydlení",
         "Poradce s vámi projde celou situaci a pomůže s dalšími kroky: s úřady, dávkami, "
         "pronajímatelem i hledáním bydlení. Je to zdarma. Kontakty najdete níže. Můžete také "
         "poslat žádost o konzultaci online."),
        ("Talk to your housing contact point",
         "An adviser goes through your whole situation with you and helps with the next "
         "steps: offices, benefits, your landlord and finding a home. It is free. You find "
         "the contacts below. You can also send a request for a consultation online."),
        ("Зверніться до контактного пункту з питань житла",
         "Консультант розбере з вами всю ситуацію і допоможе з подальшими кроками: з "
         "установами, допомогами, орендодавцем і пошуком житла. Це безкоштовно. Контакти "
         "знайдете нижче. Можна також надіслати запит на консультацію онлайн."),
    ),
    "advice.notice": _t(
        ("Nechte si výpověď hned zkontrolovat",
         "- Výpověď z nájmu má lhůty. U výpovědi od pronajímatele můžete často do dvou měsíců "
         "od doručení podat návrh soudu, aby ji přezkoumal. Některé výpovědi platí rychleji.\n"
         "- Vezměte výpověď a nájemní smlouvu do kontaktního místa nebo do právní poradny "
         "ještě tento týden.\n"
         "- Neodcházejte z bytu a neodevzdávejte klíče, dokud se neporadíte.\n"
         "- Pronajímatel vás nesmí vystěhovat sám, například vyměnit zámky. Vystěhovat vás "
         "lze jen na základě rozhodnutí soudu.\n"
         "- Pokud můžete, dál plaťte nájemné."),
        ("Have the notice checked now",
         "- A notice to quit has deadlines. With a landlord's notice you can often ask a "
         "court to review it within two months of receiving it. Some notices take effect "
         "sooner.\n"
         "- Take the notice and your lease to the contact point or to legal counselling this "
         "week.\n"
         "- Do not leave the flat or hand over the keys before you get advice.\n"
         "- Your landlord must not evict you on their own, for example by changing the "
         "locks. Only a court decision allows an eviction.\n"
         "- Keep paying the rent if you can."),
        ("Негайно дайте перевірити повідомлення про розірвання оренди",
         "- Повідомлення про розірвання оренди має строки. Якщо його надіслав орендодавець, "
         "часто можна протягом двох місяців від отримання звернутися до суду, щоб він його "
         "перевірив. Деякі повідомлення діють швидше.\n"
         "- Принесіть повідомлення і договір оренди до контактного пункту або до юридичної "
         "консультації ще цього тижня.\n"
         "- Не виїжджайте з квартири і не віддавайте ключі, поки не отримаєте пораду.\n"
         "- Орендодавець не може виселити вас сам, наприклад замінити замки. Виселити можна "
         "лише на підставі рішення суду.\n"
         "- Якщо можете, продовжуйте платити оренду."),
    ),
    "advice.arrears": _t(
        ("Domluvte splátky dřív, než dluh naroste",
         "- Ozvěte se pronajímateli nebo dodavateli energií sami a navrhněte splátkový "
         "kalendář. Domluvu si vezměte písemně.\n"
         "- Když platíte aspoň běžné nájemné a zálohy, snižujete riziko výpovědi.\n"
         "- Zjistěte, jestli nemáte nárok na dávku státní sociální pomoci. Pomáhá s náklady "
         "na bydlení.\n"
         "- Dopisy o dluhu a upomínky si schovejte a vezměte s sebou."),
        ("Agree on repayments before the debt grows",
         "- Contact your landlord or energy supplier yourself and propose a repayment plan. "
         "Get the agreement in writing.\n"
         "- If you keep paying at least the current rent and advances, you lower the risk of "
         "a notice.\n"
         "- Check whether you can get the state social assistance benefit. It helps with "
         "housing costs.\n"
         "- Keep the letters about the debt and the reminders, and bring them with you."),
        ("Домовтеся про виплату частинами, поки борг не виріс",
         "- Самі зверніться до орендодавця або постачальника енергії і запропонуйте графік "
         "погашення. Домовленість візьміть письмово.\n"
         "- Якщо ви платите хоча б поточну оренду та авансові платежі, ризик розірвання "
         "оренди менший.\n"
         "- Перевірте, чи маєте право на допомогу державної соціальної підтримки. Вона "
         "допомагає з витратами на житло.\n"
         "- Збережіть листи про борг і нагадування та візьміть їх із собою."),
    ),
    "advice.must_leave": _t(
        ("Naplánujte, kam půjdete",
         "- Zjistěte přesně, do kdy musíte odejít. Máte-li smlouvu nebo dopis, vezměte je "
         "s sebou.\n"
         "- Kontaktní místo s vámi probere možnosti: azylový dům, ubytovnu na přechodnou "
         "dobu, obecní nebo sociální byt.\n"
         "- Odcházíte z nemocnice, věznice nebo dětského domova? Sociální pracovník zařízení "
         "vám pomůže domluvit další bydlení. Ozvěte se mu co nejdřív.\n"
         "- S kaucí a zálohami na nové bydlení může pomoci mimořádná okamžitá pomoc."),
        ("Plan where you will go",
         "- Find out exactly by when you must leave. If you have a contract or a letter, "
         "bring it.\n"
         "- The contact point goes through the options with you: a shelter, a hostel for a "
         "short time, a municipal or social flat.\n"
         "- Leaving a hospital, prison or children's home? The social worker there helps you "
         "arrange where to live next. Contact them as soon as possible.\n"
         "- Emergency assistance can help with a deposit and advance payments for a new "
         "home."),
        ("Сплануйте, куди підете",
         "- З'ясуйте точно, до якого часу ви маєте піти. Якщо маєте договір або лист, візьміть "
         "їх із собою.\n"
         "- Контактний пункт обговорить з вами варіанти: притулок, гуртожиток на короткий "
         "час, муніципальна або соціальна квартира.\n"
         "- Виходите з лікарні, в'язниці чи дитячого будинку? Соціальний працівник закладу "
         "допоможе домовитися про подальше житло. Зверніться до нього якомога раніше.\n"
         "- Із заставою та авансовими платежами за нове житло може допомогти екстрена "
         "одноразова допомога."),
    ),
    "advice.debts": _t(
        ("Obraťte se na bezplatnou dluhovou poradnu",
         "- Dluhové poradny akreditované Ministerstvem spravedlnosti pomáhají zdarma. Pomohou "
         "sepsat dluhy, domluvit splátky nebo podat návrh na oddlužení.\n"
         "- Dejte si pozor na placené služby, které slibují rychlé řešení dluhů.\n"
         "- Neberte si novou půjčku, abyste splatili starý dluh.\n"
         "- Nejdřív plaťte nájem a energie. Bydlení je nejdůležitější."),
        ("Go to free debt counselling",
         "- Debt counselling services accredited by the Ministry of Justice help free of "
         "charge. They help you list your debts, agree on repayments or apply for debt "
         "relief (oddlužení).\n"
         "- Beware of paid services that promise a quick way out of debt.\n"
         "- Do not take a new loan to pay an old debt.\n"
         "- Pay rent and energy first. Your home matters most."),
        ("Зверніться до безкоштовної боргової консультації",
         "- Боргові консультації, акредитовані Міністерством юстиції, допомагають "
         "безкоштовно. Вони допоможуть скласти перелік боргів, домовитися про виплати або "
         "подати заяву на звільнення від боргів (oddlužení).\n"
         "- Остерігайтеся платних послуг, які обіцяють швидко позбавити вас боргів.\n"
         "- Не беріть нову позику, щоб сплатити старий борг.\n"
         "- Спочатку платіть оренду та енергію. Житло – найважливіше."),
    ),
    "advice.children": _t(
        ("Rodiny s dětmi",
         "- Existují azylové domy pro rodiče s dětmi a pro matky s dětmi. Kontaktní místo "
         "vám pomůže najít volné místo.\n"
         "- Sociálně aktivizační služby pro rodiny s dětmi pomáhají s rozpočtem, úřady "
         "i bydlením. Jsou zdarma.\n"
         "- Dávka státní sociální pomoci počítá i s dětmi."),
        ("Families with children",
         "- There are shelters for parents with children and for mothers with children. The "
         "contact point helps you find a free place.\n"
         "- Social activation services for families with children help with the budget, "
         "offices and housing. They are free.\n"
         "- The state social assistance benefit also takes children into account."),
        ("Сім'ї з дітьми",
         "- Є притулки для батьків з дітьми та для матерів з дітьми. Контактний пункт "
         "допоможе знайти вільне місце.\n"
         "- Служби соціальної активізації для сімей з дітьми допомагають з бюджетом, "
         "установами та житлом. Вони безкоштовні.\n"
         "- Допомога державної соціальної підтримки враховує і дітей."),
    ),
    "advice.unfit": _t(
        ("Nevyhovující nebo přelidněný byt",
         "- Závady zapisujte a fotografujte, s datem. Písemně požádejte pronajímatele, aby je "
         "opravil.\n"
         "- Pronajímatel musí udržovat byt ve stavu způsobilém k bydlení.\n"
         "- Když nereaguje, může pomoci stavební úřad nebo krajská hygienická stanice.\n"
         "- Kontaktní místo poradí, jak požádat o obecní byt nebo o zápis mezi lidi "
         "v bytové nouzi podle zákona o podpoře bydlení."),
        ("An unfit or overcrowded home",
         "- Write down and photograph the defects, with the date. Ask your landlord in "
         "writing to fix them.\n"
         "- A landlord must keep the flat fit to live in.\n"
         "- If they do not respond, the building authority or the regional public health "
         "office can help.\n"
         "- The contact point explains how to apply for a municipal flat, or to be entered "
         "as a person in housing need under the housing support act."),
        ("Непридатне або перенаселене житло",
         "- Записуйте і фотографуйте недоліки з датою. Письмово попросіть орендодавця їх "
         "усунути.\n"
         "- Орендодавець має підтримувати житло в стані, придатному для проживання.\n"
         "- Якщо він не реагує, допомогти може будівельне управління (stavební úřad) або "
         "обласна гігієнічна станція.\n"
         "- Контактний пункт порадить, як подати заяву на муніципальну квартиру або на "
         "внесення до реєстру людей, які потребують житла, згідно із законом про підтримку "
         "житла."),
    ),
    "advice.looking": _t(
        ("Jak hledat bydlení",
         "- Zeptejte se v kontaktním místě na obecní byty a na to, jak o ně požádat.\n"
         "- Sociální realitní agentury hledají byty pro lidi, kteří na běžném trhu "
         "neuspějí.\n"
         "- Nikdy neplaťte kauci ani zálohu předem, dokud byt neuvidíte a nepodepíšete "
         "smlouvu.\n"
         "- S kaucí může pomoci mimořádná okamžitá pomoc nebo nadační fond."),
        ("How to look for a home",
         "- Ask the contact point about municipal flats and how to apply.\n"
         "- Social rental agencies find flats for people who do not succeed on the open "
         "market.\n"
         "- Never pay a deposit or an advance before you have seen the flat and signed the "
         "lease.\n"
         "- Emergency assistance or a foundation fund can help with the deposit."),
        ("Як шукати житло",
         "- Запитайте в контактному пункті про муніципальні квартири і про те, як подати "
         "заяву.\n"
         "- Соціальні агентства з оренди шукають квартири для людей, яким не вдається на "
         "звичайному ринку.\n"
         "- Ніколи не платіть заставу чи аванс, поки не побачите квартиру і не підпишете "
         "договір.\n"
         "- Із заставою може допомогти екстрена одноразова допомога або благодійний фонд."),
    ),
    "advice.register": _t(
        ("Podpora bydlení podle nového zákona",
         "Od roku 2026 platí zákon o podpoře bydlení. Lidé v bytové nouzi se mohou nechat "
         "zapsat mezi potřebné. Od července 2026 pak mohou dostat podporu: byt s ručením pro "
         "pronajímatele, podnájem, obecní byt nebo asistenci v bydlení. Kontaktní místo vám "
         "řekne, jestli se vás to týká, a pomůže s žádostí."),
        ("Housing support under the new act",
         "The housing support act applies from 2026. People in housing need can ask to be "
         "entered in the register. From July 2026 they can get support: a flat with a "
         "guarantee for the landlord, a sublease, a municipal flat, or housing assistance. "
         "The contact point tells you whether this applies to you and helps with the "
         "application."),
        ("Підтримка житла за новим законом",
         "З 2026 року діє закон про підтримку житла. Люди, які потребують житла, можуть "
         "подати заяву на внесення до реєстру. З липня 2026 року вони можуть отримати "
         "підтримку: квартиру з гарантією для орендодавця, суборенду, муніципальну квартиру "
         "або супровід у житлі. Контактний пункт скаже, чи це стосується вас, і допоможе із "
         "заявою."),
    ),
    "advice.seniors": _t(
        ("Senioři",
         "- Mnoho obcí má byty pro seniory a domy s pečovatelskou službou. Kontaktní místo "
         "poradí, jak o ně požádat.\n"
         "- Když kvůli zdraví potřebujete pomoc druhého člověka, můžete požádat o příspěvek "
         "na péči."),
        ("Older people",
         "- Many municipalities have flats for older people and houses with care services. "
         "The contact point explains how to apply.\n"
         "- If you need help from another person because of your health, you can apply for "
         "the care allowance."),
        ("Літні люди",
         "- Багато громад мають квартири для літніх людей і будинки з доглядом. Контактний "
         "пункт порадить, як подати заяву.\n"
         "- Якщо через здоров'я вам потрібна допомога іншої людини, можна подати заяву на "
         "допомогу на догляд."),
    ),
    "advice.disability": _t(
        ("Zdravotní postižení nebo nemoc",
         "- Zeptejte se na bezbariérové byty a byty zvláštního určení.\n"
         "- O příspěvek na péči nebo na mobilitu se žádá na Úřadu práce.\n"
         "- Nemocnice a sociální služby mají sociální pracovníky, kteří pomohou s žádostmi."),
        ("Disability or illness",
         "- Ask about barrier-free flats and special-purpose flats.\n"
         "- You apply for the care allowance or the mobility allowance at the Labour "
         "Office.\n"
         "- Hospitals and social services have social workers who help with the "
         "applications."),
        ("Інвалідність або хвороба",
         "- Запитайте про безбар'єрні квартири та квартири спеціального призначення.\n"
         "- Заяву на допомогу на догляд або на мобільність подають до Управління праці.\n"
         "- У лікарнях і соціальних службах є соціальні працівники, які допоможуть із "
         "заявами."),
    ),
    "advice.other": _t(
        ("Popište nám svou situaci",
         "Každá situace je jiná. Poradce vás vyslechne a najde s vámi řešení. Přijďte "
         "v úředních hodinách, zavolejte nebo pošlete žádost o konzultaci online."),
        ("Tell us about your situation",
         "Every situation is different. An adviser listens to you and looks for a solution "
         "with you. Come during opening hours, call, or send a request for a consultation "
         "online."),
        ("Розкажіть нам про свою ситуацію",
         "Кожна ситуація інша. Консультант вислухає вас і разом з вами знайде рішення. "
         "Приходьте в години роботи, телефонуйте або надішліть запит на консультацію "
         "онлайн."),
    ),
    # ----------------------------------------------------------------------------------
    # Benefits worth checking
    # ----------------------------------------------------------------------------------
    "benefit.dssp": _t(
        ("Dávka státní sociální pomoci („superdávka“)",
         "Pomáhá domácnostem s nízkými příjmy, také s náklady na bydlení. Žádá se na Úřadu "
         "práce nebo online přes klientský portál Ministerstva práce a sociálních věcí. "
         "Kontaktní místo vám pomůže žádost vyplnit. Máte dočasnou ochranu? Zeptejte se na "
         "Úřadu práce na humanitární dávku."),
        ("State social assistance benefit (the “superdávka”)",
         "It helps households with low incomes, also with housing costs. You apply at the "
         "Labour Office or online through the client portal of the Ministry of Labour and "
         "Social Affairs. The contact point helps you fill in the application. Do you have "
         "temporary protection? Ask the Labour Office about the humanitarian benefit."),
        ("Допомога державної соціальної підтримки («супердопомога»)",
         "Вона допомагає домогосподарствам з низькими доходами, зокрема з витратами на житло. "
         "Заяву подають до Управління праці або онлайн через клієнтський портал Міністерства "
         "праці та соціальних справ. Контактний пункт допоможе заповнити заяву. Маєте "
         "тимчасовий захист? Запитайте в Управлінні праці про гуманітарну допомогу."),
    ),
    "benefit.dssp_change": _t(
        ("Nahlaste změny Úřadu práce",
         "Dostáváte dávku státní sociální pomoci nebo o ni žádáte? Když se změní nájem, "
         "bydlení nebo příjmy, nahlaste to Úřadu práce. Výše dávky se tím může změnit."),
        ("Report changes to the Labour Office",
         "Do you get the state social assistance benefit, or have you applied? When your "
         "rent, home or income changes, tell the Labour Office. The amount may change."),
        ("Повідомте про зміни Управлінню праці",
         "Отримуєте допомогу державної соціальної підтримки або подали заяву? Коли "
         "змінюється оренда, житло або доходи, повідомте Управлінню праці. Розмір допомоги "
         "може змінитися."),
    ),
    "benefit.mop": _t(
        ("Mimořádná okamžitá pomoc",
         "Jednorázová pomoc od Úřadu práce v nečekané situaci. Může přispět například na "
         "kauci, první nájem nebo přechodné ubytování. Poradce vám řekne, jestli má smysl "
         "žádat."),
        ("Emergency assistance",
         "One-off help from the Labour Office in an unexpected situation. It can contribute, "
         "for example, to a deposit, the first rent or temporary accommodation. An adviser "
         "tells you whether it is worth applying."),
        ("Екстрена одноразова допомога",
         "Одноразова допомога від Управління праці в непередбаченій ситуації. Вона може "
         "покрити, наприклад, заставу, першу оренду або тимчасове житло. Консультант скаже, "
         "чи варто подавати заяву."),
    ),
    "benefit.care": _t(
        ("Příspěvek na péči",
         "Pro lidi, kteří kvůli zdraví potřebují pomoc druhého člověka. Žádá se na Úřadu "
         "práce."),
        ("Care allowance",
         "For people who need help from another person because of their health. You apply at "
         "the Labour Office."),
        ("Допомога на догляд",
         "Для людей, яким через здоров'я потрібна допомога іншої людини. Заяву подають до "
         "Управління праці."),
    ),
    # ----------------------------------------------------------------------------------
    # Documents to bring
    # ----------------------------------------------------------------------------------
    "doc.id": _t(
        ("Doklad totožnosti",
         "Občanský průkaz nebo pas. Cizinci také povolení k pobytu nebo vízum dočasné "
         "ochrany."),
        ("Identity document",
         "ID card or passport. Foreign nationals also the residence permit or the temporary "
         "protection visa."),
        ("Документ, що посвідчує особу",
         "Посвідчення особи або паспорт. Іноземці також дозвіл на проживання або візу "
         "тимчасового захисту."),
    ),
    "doc.lease": _t(
        ("Nájemní nebo ubytovací smlouva",
         "I s dodatky. Když smlouvu nemáte, nevadí – přijďte i tak."),
        ("Lease or accommodation contract",
         "With any amendments. If you have no contract, come anyway."),
        ("Договір оренди або договір про проживання",
         "Разом з додатками. Якщо договору немає, нічого страшного – приходьте все одно."),
    ),
    "doc.notice": _t(
        ("Výpověď a dopisy od pronajímatele",
         "I s obálkou nebo dokladem, kdy dopis přišel. Lhůty se počítají od doručení."),
        ("The notice and letters from your landlord",
         "With the envelope or proof of when the letter arrived. Deadlines count from "
         "delivery."),
        ("Повідомлення про розірвання оренди та листи від орендодавця",
         "Разом з конвертом або підтвердженням, коли лист прийшов. Строки рахуються від дня "
         "вручення."),
    ),
    "doc.arrears": _t(
        ("Doklady o dluhu na nájmu a energiích", "Upomínky, vyúčtování, výpisy plateb."),
        ("Papers about rent and energy arrears", "Reminders, bills, payment records."),
        ("Документи про борг з оренди та енергії", "Нагадування, рахунки, виписки платежів."),
    ),
    "doc.income": _t(
        ("Doklady o příjmech",
         "Za poslední tři měsíce: výplatní pásky, důchod, rozhodnutí o dávkách, výživné."),
        ("Proof of income",
         "For the last three months: pay slips, pension, benefit decisions, maintenance."),
        ("Документи про доходи",
         "За останні три місяці: розрахункові листи, пенсія, рішення про допомоги, "
         "аліменти."),
    ),
    "doc.debts": _t(
        ("Papíry o dluzích a exekucích",
         "Dopisy od věřitelů, exekutorů a soudu. Stačí, co máte – zbytek zjistíme spolu."),
        ("Papers about debts and enforcement",
         "Letters from creditors, enforcement officers and courts. Bring what you have – we "
         "find out the rest together."),
        ("Документи про борги та виконавчі провадження",
         "Листи від кредиторів, виконавців і суду. Принесіть, що маєте – решту з'ясуємо "
         "разом."),
    ),
    "doc.benefits": _t(
        ("Rozhodnutí Úřadu práce",
         "O dávce státní sociální pomoci nebo jiných dávkách, případně podaná žádost."),
        ("Decisions of the Labour Office",
         "About the state social assistance benefit or other benefits, or the application "
         "you sent."),
        ("Рішення Управління праці",
         "Про допомогу державної соціальної підтримки або інші допомоги, або подана заява."),
    ),
    "doc.health": _t(
        ("Lékařské zprávy a rozhodnutí o invaliditě",
         "Pokud je máte. Pomohou při žádosti o vhodný byt nebo o příspěvek na péči."),
        ("Medical reports and disability decisions",
         "If you have them. They help when applying for a suitable flat or the care "
         "allowance."),
        ("Медичні висновки та рішення про інвалідність",
         "Якщо маєте. Вони допоможуть при заяві на відповідну квартиру або на допомогу на "
         "догляд."),
    ),
    # ----------------------------------------------------------------------------------
    # Local information: empty in general; each contact point writes its own
    # ----------------------------------------------------------------------------------
    "local.info": _label("Novinky a místní programy", "News and local programmes",
                         "Новини та місцеві програми"),
    "local.partners": _label("Místní partneři", "Local partners", "Місцеві партнери"),
    "local.hours": _label("Úřední hodiny", "Opening hours", "Години роботи"),
    # ----------------------------------------------------------------------------------
    # Online request
    # ----------------------------------------------------------------------------------
    "request.intro": _t(
        ("Požádejte o konzultaci",
         "Napište, o co jde. Poradce kontaktního místa se vám ozve co nejdřív v pracovní "
         "den. Stačí přezdívka. Když je to naléhavé, raději zavolejte."),
        ("Ask for a consultation",
         "Tell us what it is about. An adviser from the contact point gets back to you as "
         "soon as possible on a working day. A nickname is enough. If it is urgent, please "
         "call instead."),
        ("Попросіть про консультацію",
         "Напишіть, про що йдеться. Консультант контактного пункту зв'яжеться з вами "
         "якнайшвидше в робочий день. Достатньо псевдоніма. Якщо справа термінова, краще "
         "зателефонуйте."),
    ),
    "request.consent": _t(
        ("Souhlasím se zpracováním údajů z této žádosti",
         "Souhlasím, aby kontaktní místo pro bydlení použilo údaje z této žádosti, aby mě "
         "kontaktovalo a poradilo mi. Údaje uvidí jen pracovníci tohoto kontaktního místa. "
         "Souhlas mohu kdykoli odvolat."),
        ("I agree to the use of the data in this request",
         "I agree that the housing contact point uses the data in this request to contact me "
         "and advise me. Only the staff of this contact point see the data. I can withdraw "
         "my consent at any time."),
        ("Я погоджуюся на обробку даних із цього запиту",
         "Я погоджуюся, щоб контактний пункт з питань житла використав дані з цього запиту, "
         "щоб зв'язатися зі мною і порадити мені. Дані бачать лише працівники цього "
         "контактного пункту. Я можу будь-коли відкликати згоду."),
    ),
    "request.confirmation": _t(
        ("Žádost jsme přijali",
         "Děkujeme. Poradce se vám ozve tak, jak jste si přáli. Když se situace zhorší nebo "
         "je to naléhavé, zavolejte přímo do kontaktního místa."),
        ("We have received your request",
         "Thank you. An adviser will contact you the way you asked. If things get worse or "
         "it is urgent, call the contact point directly."),
        ("Ми отримали ваш запит",
         "Дякуємо. Консультант зв'яжеться з вами так, як ви просили. Якщо ситуація "
         "погіршиться або справа термінова, зателефонуйте безпосередньо до контактного "
         "пункту."),
    ),
    # ----------------------------------------------------------------------------------
    # Pages
    # ----------------------------------------------------------------------------------
    "page.accessibility": _t(
        ("Prohlášení o přístupnosti",
         "Provozovatel se zavazuje zpřístupnit tyto internetové stránky v souladu se zákonem "
         "č. 99/2019 Sb., o přístupnosti internetových stránek a mobilních aplikací. Toto "
         "prohlášení se vztahuje na veřejnou část portálu kontaktních míst pro bydlení "
         "(rozcestník, navigátor, vyhledání kontaktního místa, žádost o konzultaci).\n\n"
         "## Stav souladu\n"
         "Tyto stránky jsou částečně v souladu se zákonem č. 99/2019 Sb. a s normou "
         "ČSN EN 301 549 (WCAG 2.1 na úrovni AA), a to z důvodů uvedených níže.\n\n"
         "## Nepřístupný obsah\n"
         "- Místní texty a úřední hodiny zadávají jednotlivá kontaktní místa. Pokud je "
         "nezadají v angličtině nebo ukrajinštině, zobrazí se česky. Takový text je v kódu "
         "stránky označen jako český.\n"
         "- Odkazy na mapu vedou na web OpenStreetMap. Jeho přístupnost nemůžeme ovlivnit. "
         "Adresa každého kontaktního místa je vždy uvedena i textem.\n\n"
         "## Co jsme pro přístupnost udělali\n"
         "- Všechny stránky fungují bez JavaScriptu.\n"
         "- Stránky lze ovládat klávesnicí, zvětšit na 200 % a číst na displeji širokém "
         "360 pixelů.\n"
         "- Obsah je v češtině, angličtině a ukrajinštině, krátkými větami.\n\n"
         "## Vypracování tohoto prohlášení\n"
         "Prohlášení bylo vypracováno 27. 11. 2026 na základě vlastního posouzení "
         "provozovatele. Každou stránku jsme automaticky zkontrolovali nástrojem axe "
         "v prohlížeči Chromium a ručně jsme vyzkoušeli ovládání klávesnicí, zvětšení "
         "a úzký displej.\n\n"
         "## Zpětná vazba a kontaktní údaje\n"
         "Narazili jste na něco, co nefunguje nebo čemu nerozumíte? Napište nebo zavolejte "
         "do kontaktního místa pro bydlení ve vaší obci. Kontakty najdete v přehledu "
         "kontaktních míst. Na podnět odpovíme do 30 dnů.\n\n"
         "## Postupy pro prosazování práva\n"
         "Pokud nebudete spokojeni s tím, jak jsme na váš podnět odpověděli, můžete podat "
         "stížnost Ministerstvu vnitra, které dohlíží na dodržování zákona č. 99/2019 Sb.: "
         "Ministerstvo vnitra, Nad Štolou 936/3, 170 34 Praha 7, e-mail posta@mvcr.cz."),
        ("Accessibility statement",
         "The operator is committed to making this website accessible in accordance with "
         "Czech Act No. 99/2019 Coll. on the accessibility of websites and mobile "
         "applications. This statement applies to the public part of the housing contact "
         "point portal (the start page, the navigator, the contact point finder and the "
         "request for a consultation).\n\n"
         "## Compliance status\n"
         "This website is partially compliant with Act No. 99/2019 Coll. and the standard "
         "EN 301 549 (WCAG 2.1 level AA), for the reasons listed below.\n\n"
         "## Non-accessible content\n"
         "- Local texts and opening hours are entered by each contact point. If they do not "
         "enter them in English or Ukrainian, they are shown in Czech. Such text is marked as "
         "Czech in the page code.\n"
         "- Map links lead to the OpenStreetMap website. We cannot influence its "
         "accessibility. The address of each contact point is always also given as text.\n\n"
         "## What we did for accessibility\n"
         "- All pages work without JavaScript.\n"
         "- The pages can be used with a keyboard, zoomed to 200 % and read on a screen "
         "360 pixels wide.\n"
         "- The content is in Czech, English and Ukrainian, in short sentences.\n\n"
         "## Preparation of this statement\n"
         "This statement was prepared on 27 November 2026 on the basis of the operator's own "
         "assessment. We checked every page automatically with the axe tool in the Chromium "
         "browser and tried keyboard use, zoom and a narrow screen by hand.\n\n"
         "## Feedback and contact details\n"
         "Did you find something that does not work or that you do not understand? Write to "
         "or call the housing contact point in your municipality. You find the contacts in "
         "the list of contact points. We answer within 30 days.\n\n"
         "## Enforcement procedure\n"
         "If you are not satisfied with our answer, you can complain to the Ministry of the "
         "Interior, which supervises compliance with Act No. 99/2019 Coll.: Ministerstvo "
         "vnitra, Nad Štolou 936/3, 170 34 Praha 7, e-mail posta@mvcr.cz."),
        ("Заява про доступність",
         "Оператор зобов'язується зробити цей вебсайт доступним відповідно до чеського "
         "закону № 99/2019 Зб. про доступність вебсайтів і мобільних застосунків. Ця заява "
         "стосується публічної частини порталу контактних пунктів з питань житла (головна "
         "сторінка, навігатор, пошук контактного пункту, запит на консультацію).\n\n"
         "## Стан відповідності\n"
         "Цей вебсайт частково відповідає закону № 99/2019 Зб. і стандарту EN 301 549 "
         "(WCAG 2.1 рівня AA) з причин, наведених нижче.\n\n"
         "## Недоступний вміст\n"
         "- Місцеві тексти та години роботи вносить кожен контактний пункт. Якщо вони не "
         "внесені англійською чи українською, показуються чеською. Такий текст позначено в "
         "коді сторінки як чеський.\n"
         "- Посилання на карту ведуть на сайт OpenStreetMap. Ми не можемо впливати на його "
         "доступність. Адресу кожного контактного пункту завжди наведено і текстом.\n\n"
         "## Що ми зробили для доступності\n"
         "- Усі сторінки працюють без JavaScript.\n"
         "- Сторінками можна користуватися з клавіатури, збільшувати до 200 % і читати на "
         "екрані шириною 360 пікселів.\n"
         "- Вміст доступний чеською, англійською та українською мовами, короткими "
         "реченнями.\n\n"
         "## Підготовка цієї заяви\n"
         "Заяву підготовлено 27.11.2026 на основі власної оцінки оператора. Кожну сторінку "
         "ми автоматично перевірили інструментом axe у браузері Chromium і вручну "
         "випробували керування з клавіатури, збільшення та вузький екран.\n\n"
         "## Зворотний зв'язок і контакти\n"
         "Знайшли щось, що не працює або незрозуміле? Напишіть або зателефонуйте до "
         "контактного пункту з питань житла у вашій громаді. Контакти знайдете в переліку "
         "контактних пунктів. Ми відповімо протягом 30 днів.\n\n"
         "## Порядок захисту прав\n"
         "Якщо вас не влаштує наша відповідь, ви можете подати скаргу до Міністерства "
         "внутрішніх справ Чеської Республіки, яке наглядає за дотриманням закону "
         "№ 99/2019 Зб.: Ministerstvo vnitra, Nad Štolou 936/3, 170 34 Praha 7, e-mail "
         "posta@mvcr.cz."),
    ),
    "page.privacy": _t(
        ("Ochrana soukromí",
         "Na tomto portálu se o vás nic neukládá, dokud sami nepošlete žádost o konzultaci.\n\n"
         "## Navigátor a vyhledání kontaktního místa\n"
         "- Odpovědi v navigátoru a název obce neukládáme. Jsou jen v adrese stránky ve vašem "
         "prohlížeči.\n"
         "- Na sdíleném počítači proto po skončení zavřete okno nebo smažte historii "
         "prohlížení.\n"
         "- V adrese stránky nikdy nejsou jméno, telefon ani e-mail.\n\n"
         "## Žádost o konzultaci\n"
         "- Když pošlete žádost, uložíme to, co do ní napíšete: jméno nebo přezdívku, "
         "telefon nebo e-mail, kdy vás kontaktovat, čeho se žádost týká, vaši zprávu, obec, "
         "jazyk a čas odeslání.\n"
         "- Žádost uvidí jen pracovníci kontaktního místa, kterému ji posíláte. Správcem "
         "údajů je obec, která kontaktní místo provozuje.\n"
         "- Údaje slouží jen k tomu, abychom vás kontaktovali a poradili vám. Nikomu dalšímu "
         "je bez vašeho souhlasu nepředáme.\n"
         "- Když uvedete e-mail, pošleme vám potvrzení. Vaši zprávu v něm neopakujeme.\n"
         "- Máte právo na přístup ke svým údajům, jejich opravu a výmaz a můžete odvolat "
         "souhlas. Stačí se obrátit na kontaktní místo. Stížnost můžete podat Úřadu pro "
         "ochranu osobních údajů.\n\n"
         "## Cookies a měření\n"
         "- Portál neměří návštěvnost a nesleduje vás. Nenačítá nic od třetích stran.\n"
         "- Když zvolíte jazyk, uloží se cookie django_language do zavření prohlížeče.\n"
         "- Formulář žádosti uloží bezpečnostní cookie csrftoken, který chrání formulář před "
         "zneužitím.\n"
         "- Proti hromadnému odesílání žádostí si portál na jednu hodinu pamatuje, kolik "
         "žádostí přišlo z jedné IP adresy. IP adresu k žádosti neukládáme."),
        ("Privacy",
         "This portal stores nothing about you until you send a request for a consultation "
         "yourself.\n\n"
         "## The navigator and the contact point finder\n"
         "- We do not store your answers in the navigator or the name of your municipality. "
         "They are only in the page address in your browser.\n"
         "- On a shared computer, close the window or delete the browsing history when you "
         "finish.\n"
         "- The page address never contains your name, phone or e-mail.\n\n"
         "## A request for a consultation\n"
         "- When you send a request, we store what you write in it: your name or nickname, "
         "phone or e-mail, when to contact you, what it is about, your message, the "
         "municipality, the language and the time it was sent.\n"
         "- Only the staff of the contact point you send it to see the request. The "
         "controller of the data is the municipality that runs the contact point.\n"
         "- The data are used only to contact and advise you. We do not pass them to anyone "
         "else without your consent.\n"
         "- If you give an e-mail address, we send you a confirmation. It does not repeat "
         "your message.\n"
         "- You have the right to access, correct and erase your data, and you can withdraw "
         "your consent. Just contact the contact point. You can complain to the Office for "
         "Personal Data Protection (Úřad pro ochranu osobních údajů).\n\n"
         "## Cookies and measurement\n"
         "- The portal does not measure visits or track you. It loads nothing from third "
         "parties.\n"
         "- When you choose a language, the cookie django_language is stored until you close "
         "the browser.\n"
         "- The request form stores the security cookie csrftoken, which protects the form "
         "from misuse.\n"
         "- To stop mass sending, the portal remembers for one hour how many requests came "
         "from one IP address. We do not store the IP address with the request."),
        ("Захист приватності",
         "Цей портал нічого про вас не зберігає, поки ви самі не надішлете запит на "
         "консультацію.\n\n"
         "## Навігатор і пошук контактного пункту\n"
         "- Ми не зберігаємо ваші відповіді в навігаторі та назву населеного пункту. Вони є "
         "лише в адресі сторінки у вашому браузері.\n"
         "- На спільному комп'ютері після завершення закрийте вікно або видаліть історію "
         "переглядів.\n"
         "- Адреса сторінки ніколи не містить ваше ім'я, телефон чи e-mail.\n\n"
         "## Запит на консультацію\n"
         "- Коли ви надсилаєте запит, ми зберігаємо те, що ви в ньому напишете: ім'я або "
         "псевдонім, телефон або e-mail, коли з вами зв'язатися, чого стосується запит, ваше "
         "повідомлення, населений пункт, мову та час надсилання.\n"
         "- Запит бачать лише працівники контактного пункту, якому ви його надсилаєте. "
         "Розпорядником даних є громада, яка керує контактним пунктом.\n"
         "- Дані використовуються лише для того, щоб зв'язатися з вами і порадити вам. Без "
         "вашої згоди ми їх нікому не передаємо.\n"
         "- Якщо ви вкажете e-mail, ми надішлемо вам підтвердження. Ваше повідомлення в ньому "
         "не повторюється.\n"
         "- Ви маєте право на доступ до своїх даних, їх виправлення та видалення, і можете "
         "відкликати згоду. Достатньо звернутися до контактного пункту. Скаргу можна подати "
         "до Управління з питань захисту персональних даних (Úřad pro ochranu osobních "
         "údajů).\n\n"
         "## Файли cookie та вимірювання\n"
         "- Портал не вимірює відвідуваність і не стежить за вами. Він нічого не завантажує "
         "від третіх сторін.\n"
         "- Коли ви обираєте мову, зберігається файл cookie django_language до закриття "
         "браузера.\n"
         "- Форма запиту зберігає файл cookie безпеки csrftoken, який захищає форму від "
         "зловживань.\n"
         "- Щоб запобігти масовому надсиланню, портал протягом години пам'ятає, скільки "
         "запитів надійшло з однієї IP-адреси. IP-адресу разом із запитом ми не "
         "зберігаємо."),
    ),
}
